"""The print context: what it reads from the database, and in how many round trips."""
import pytest
from sqlalchemy import event, select

from portal.documents import numbering
from portal.documents.context import build_context
from portal.extensions import db
from portal.models import Company, PhoneNumber
from portal.models.issued import IssuedDocument
from portal.smart_docs.documents import get_document
from tests.test_documents_support import (  # noqa: F401  (fixtures)
    BENEFICIARY, PRODUCTS, buyer, headers, issue_doc, sources,
)


class StatementCounter:
    """Counts the SQL statements the engine sends while active."""

    def __init__(self):
        self.statements: list[str] = []

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, *args):
        self.statements.append(statement)


def _add_phones(company_id: int, *numbers: str) -> None:
    for number in numbers:
        db.session.add(PhoneNumber(company_id=company_id, phone_number=number))
    db.session.commit()


def _fresh_document(company: Company, doc_type: str, public_id: str):
    """The source document as a request meets it: a new session holding the caller's company only.

    staff_of loads the company with the staff row; the document keeps it alive here (the
    session's identity map holds objects weakly).
    """
    company_id = company.id
    db.session.expunge_all()
    caller = db.session.get(Company, company_id)
    doc = get_document(company_id, doc_type, public_id)
    assert doc.company is caller
    return doc


@pytest.mark.parametrize("doc_type, signers", [
    ("ip", {"executor": "Боранбаев Азамат Кайратович"}),
    ("wb", {"responsible": "Боранбаев Азамат Кайратович", "head": "Жақсыбекова Гүлнар",
            "accountant": "Омарова Дана Серікқызы"}),
])
def test_the_context_reads_lines_signers_bank_and_phones_in_two_queries(sources, company, buyer, doc_type, signers):
    _add_phones(company.id, "+7(727)111-11-11", "+7(727)222-22-22")
    _add_phones(buyer.id, "+7(717)333-33-33")
    doc = _fresh_document(company, doc_type, sources[doc_type]["id"])

    with StatementCounter() as counter:
        context = build_context(doc)

    assert len(counter.statements) == 2, "\n\n".join(counter.statements)
    assert context["supplier"]["phone"] == "+7(727)111-11-11"  # the first phone by id
    assert context["buyer"]["phone"] == "+7(717)333-33-33"
    assert {role: person["name"] for role, person in context["signers"].items() if person} == signers
    assert [row["name"] for row in context["lines"]] == [name for name, _, _ in PRODUCTS]
    if doc_type == "ip":
        assert (context["beneficiary"]["iik"], context["beneficiary"]["bik"]) == (BENEFICIARY["PIC"], BENEFICIARY["BIC"])


def test_a_party_without_phones_prints_none(sources, company):
    doc = _fresh_document(company, "co", sources["co"]["id"])
    context = build_context(doc)
    assert context["supplier"]["phone"] == "" and context["buyer"]["phone"] == ""


def test_an_issue_checks_its_doc_id_and_public_id_in_one_query_and_retries_a_clash(
        client, headers, sources, monkeypatch):
    first = issue_doc(client, headers, sources["ip"], "ip")
    taken = db.session.execute(select(IssuedDocument.doc_id, IssuedDocument.public_id)).one()
    # The first candidates clash (doc_id, then public id), the third pair is free.
    doc_ids = iter([taken.doc_id, "5555555555555", "5555555555555"])
    public_ids = iter(["0badf00d", taken.public_id, "0badf00d"])
    monkeypatch.setattr(numbering, "_random_doc_id", lambda: next(doc_ids))
    monkeypatch.setattr(numbering, "new_public_id", lambda: next(public_ids))

    second = issue_doc(client, headers, sources["ip"], "ip", reissue=True)

    assert first["doc_id"] == taken.doc_id
    assert second["doc_id"] == "5555555555555"
    record = db.session.execute(select(IssuedDocument).where(IssuedDocument.doc_id == "5555555555555")).scalar_one()
    assert record.public_id == "0badf00d"
