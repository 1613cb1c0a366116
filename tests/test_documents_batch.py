"""Issuing documents in a batch: consecutive numbers, real PDFs, a failure keeps what committed."""
import hashlib

from sqlalchemy import select

from portal.documents import numbering
from portal.documents.batch import issue_batch
from portal.extensions import db
from portal.models.issued import IssuedDocument
from tests.conftest import make_config
from tests.test_documents_support import buyer, headers, pdf_text, sources, staff_of_user  # noqa: F401

BASE = "https://portal.example.kz/"


def _issued(company_id):
    return db.session.execute(
        select(IssuedDocument).where(IssuedDocument.company_sender_id == company_id).order_by(IssuedDocument.seq)
    ).scalars().all()


def test_a_batch_issues_every_document_with_consecutive_numbers(app, director, sources):
    staff = staff_of_user(director)
    staff_id, company_id = staff.id, staff.company_id  # the batch expunges the session's objects
    content = sources["ip"]["id"]
    result = issue_batch(staff_id, "ip", "pu", [content] * 5, BASE, make_config(), workers=2, chunk=2)
    assert result.error is None
    assert [number for _, number in result.issued] == [f"2026-00000{n}" for n in range(1, 6)]
    records = _issued(company_id)
    assert [r.seq for r in records] == [1, 2, 3, 4, 5]
    for record in records:
        pdf = record.file.pdf
        assert hashlib.sha256(pdf).hexdigest() == record.sha256 and record.size == len(pdf)
        text = pdf_text(pdf)
        assert record.number in text and record.doc_id in text
    assert len({r.doc_id for r in records}) == 5


def test_a_failing_chunk_stops_the_batch_and_keeps_the_numbers_consecutive(app, director, sources):
    staff = staff_of_user(director)
    staff_id, company_id = staff.id, staff.company_id  # the batch expunges the session's objects
    content = sources["ip"]["id"]
    wanted = [content] * 4 + ["ffffffff"] + [content] * 3
    result = issue_batch(staff_id, "ip", "pu", wanted, BASE, make_config(), workers=1, chunk=2)
    assert result.error and "ffffffff" in result.error
    # Chunks 1 and 2 committed (the second while chunk 3 was being read); nothing after.
    assert [r.seq for r in _issued(company_id)] == [1, 2, 3, 4]
    assert numbering.counter_value(db.session, company_id, "ip", 2026) == 4


def test_the_issue_batch_command_issues_what_was_never_issued(app, director, sources):
    staff = staff_of_user(director)
    company_id = staff.company_id
    email = director.email
    runner = app.test_cli_runner()
    args = ["issue-batch", "--user", email, "--type", "ip", "--form", "pu", "--workers", "1", "--base-url", BASE]
    first = runner.invoke(args=[*args, "--not-issued"])
    assert first.exit_code == 0, first.output
    assert "Выпущено: 1 из 1." in first.output and "2026-000001\t" in first.output  # through the queue
    records = _issued(company_id)
    assert [(r.content_id, r.number, r.form) for r in records] == [(sources["ip"]["id"], "2026-000001", "pu")]
    assert records[0].verify_url.startswith(BASE + "verify/")
    again = runner.invoke(args=[*args, "--not-issued"])
    assert again.exit_code == 0 and "Нечего выпускать." in again.output
    assert len(_issued(company_id)) == 1


def test_the_issue_batch_command_refuses_a_stranger_and_reports_a_stop(app, director, sources):
    runner = app.test_cli_runner()
    stranger = runner.invoke(args=["issue-batch", "--user", "nobody@example.kz", "--type", "ip", "--base-url", BASE,
                                   sources["ip"]["id"]])
    assert stranger.exit_code == 2 and "nobody@example.kz" in stranger.output
    # Through the queue (the default) a list with an unknown id is refused whole, before any number is taken.
    refused = runner.invoke(args=["issue-batch", "--user", director.email, "--type", "ip", "--base-url", BASE,
                                  sources["ip"]["id"], "ffffffff"])
    assert refused.exit_code == 1 and "ffffffff" in refused.output and "Выпущено" not in refused.output
    stopped = runner.invoke(args=["issue-batch", "--here", "--user", director.email, "--type", "ip", "--workers", "1",
                                  "--base-url", BASE, sources["ip"]["id"], "ffffffff"])
    # Both are in one chunk, so the chunk rolls back whole: nothing issued, no number consumed.
    assert stopped.exit_code == 1 and "Выпуск остановлен" in stopped.output and "ffffffff" in stopped.output
    assert "Выпущено: 0 из 2." in stopped.output
    company_id = staff_of_user(director).company_id
    assert _issued(company_id) == [] and numbering.counter_value(db.session, company_id, "ip", 2026) == 0
