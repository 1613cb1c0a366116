"""The ledger's webhook events reach a real local receiver: payment.recorded, invoice.paid once
the payments reach the amount, document.annulled, and invoice.overdue once per invoice."""
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.ledger import payments as ledger
from portal.ledger.events import emit_overdue
from portal.ledger.invoices import mark_annulled
from portal.models import IssuedDocument, LedgerInvoice
from portal.timeutil import today_almaty
from tests.test_documents_support import buyer, headers, issue_doc, sources  # noqa: F401
from tests.test_integrators_webhooks import receiver, register  # noqa: F401
from tests.test_ledger_statements import invoices, upload  # noqa: F401

LEDGER_EVENTS = ["payment.recorded", "invoice.paid", "document.annulled", "invoice.overdue"]


@pytest.fixture
def app_config():
    return {"WEBHOOKS_ALLOW_PRIVATE": True, "WEBHOOKS_TIMEOUT": 5}


def _invoice(client, headers, sources) -> LedgerInvoice:
    issued = issue_doc(client, headers, sources["ip"], "ip")
    record = db.session.execute(select(IssuedDocument).where(IssuedDocument.public_id == issued["id"])).unique().scalar_one()
    return db.session.get(LedgerInvoice, record.id)


def _events(receiver) -> list[dict]:
    return [json.loads(seen["body"]) for seen in receiver["seen"]]


def _pay(inv, amount: str) -> None:
    ledger.record_payment(inv.company_id, inv.document_id, paid_on=today_almaty(), amount=Decimal(amount),
                          method="kaspi")
    db.session.commit()


def test_payments_tell_recorded_and_paid_once(client, headers, sources, receiver):
    register(client, headers, receiver["url"], events=LEDGER_EVENTS)
    inv = _invoice(client, headers, sources)
    half = (Decimal(inv.amount) / 2).quantize(Decimal("0.01"))
    _pay(inv, str(half))
    assert [e["event"] for e in _events(receiver)] == ["payment.recorded"]
    first = _events(receiver)[0]["data"]
    assert first["amount"] == f"{half:.2f}" and first["method"] == "kaspi"
    assert first["invoice"]["number"] == inv.number
    _pay(inv, str(Decimal(inv.amount) - half))
    names = [e["event"] for e in _events(receiver)]
    assert sorted(names[1:]) == ["invoice.paid", "payment.recorded"]
    paid = next(e for e in _events(receiver) if e["event"] == "invoice.paid")["data"]
    assert paid["id"] == inv.document.public_id and paid["number"] == inv.number


def test_a_rolled_back_payment_tells_nothing(client, headers, sources, receiver):
    register(client, headers, receiver["url"], events=LEDGER_EVENTS)
    inv = _invoice(client, headers, sources)
    ledger.record_payment(inv.company_id, inv.document_id, paid_on=today_almaty(), amount=Decimal("1.00"),
                          method="cash")
    db.session.rollback()
    assert receiver["seen"] == []


def test_annulment_and_overdue_once(client, headers, sources, receiver):
    register(client, headers, receiver["url"], events=LEDGER_EVENTS)
    annulled = _invoice(client, headers, sources)
    mark_annulled(annulled, "Ошибка в реквизитах", None)
    db.session.commit()
    assert [e["event"] for e in _events(receiver)] == ["document.annulled"]
    assert _events(receiver)[0]["data"]["id"] == annulled.document.public_id

    issued = issue_doc(client, headers, sources["ip"], "ip", reissue=True)
    record = db.session.execute(select(IssuedDocument).where(IssuedDocument.public_id == issued["id"])).unique().scalar_one()
    late = db.session.get(LedgerInvoice, record.id)
    late.due_date = today_almaty() - timedelta(days=1)
    annulled.due_date = today_almaty() - timedelta(days=1)  # annulled: never overdue
    db.session.commit()
    assert emit_overdue() == 1
    assert emit_overdue() == 0, "told once per invoice"
    overdue = [e for e in _events(receiver) if e["event"] == "invoice.overdue"]
    assert [e["data"]["id"] for e in overdue] == [record.public_id]
    # As of a month ago neither invoice was past due: nothing to tell.
    assert emit_overdue(date.today() - timedelta(days=30)) == 0


def test_a_statement_with_new_lines_tells_statement_imported_once(client, headers, invoices, receiver):
    register(client, headers, receiver["url"], events=["statement.imported"])
    made = upload(client, headers, "kaspi_1c_cp1251.txt")
    [event] = _events(receiver)
    assert event["event"] == "statement.imported"
    # `data` is the statement as the statements list shows it.
    listed = client.get("/ledger/statements/", headers=headers).get_json()["results"][0]
    assert event["data"] == listed and event["data"]["id"] == made["id"] and event["data"]["lines_new"] == 5
    # The same file again brings no new lines, so no statement and no event.
    assert upload(client, headers, "kaspi_1c_cp1251.txt", status=200)["statement"] is None
    assert len(receiver["seen"]) == 1
