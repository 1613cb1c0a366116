"""Numbering under concurrency: 20 issues at once give 20 distinct consecutive numbers.

Each thread has its own application context, hence its own session and connection, as
concurrent requests do. On PostgreSQL the counter row lock queues them; on SQLite the
database write lock does (busy_timeout lets the others wait).
"""
import sqlite3
import threading

import pytest
from sqlalchemy import select

from portal.documents import issue as issue_module
from portal.documents import render as render_module
from portal.documents.issue import issue
from portal.documents.issue_request import IssueRequest
from portal.extensions import db
from portal.models import Staff
from portal.models.issued import IssuedDocument
from portal.models.smart_docs import SmartDocument
from tests.test_documents_support import (  # noqa: F401  (fixtures)
    buyer, headers, issue_doc, pdf_text, sources,
)

THREADS = 20


def test_twenty_concurrent_issues_get_consecutive_numbers(app, sources, director):
    staff_id = db.session.execute(select(Staff.id).where(Staff.user_id == director.id)).scalar_one()
    source_id = sources["ip"]["id"]
    db.session.remove()
    barrier = threading.Barrier(THREADS)
    numbers, errors = [], []

    def worker():
        with app.app_context():
            try:
                # Wait first: a thread holding a pooled connection at the barrier would starve the others.
                barrier.wait(timeout=60)
                staff = db.session.get(Staff, staff_id)
                source = db.session.execute(
                    select(SmartDocument).where(SmartDocument.public_id == source_id)).unique().scalar_one()
                wanted = IssueRequest("ip", "pu", source, source.counterparty, [], reissue=True)
                numbers.append(issue(staff, wanted, "http://localhost/").number)
            except Exception as exc:  # collected and reported below
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, sorted(set(errors))
    assert sorted(numbers) == [f"2026-{n:06d}" for n in range(1, THREADS + 1)]
    stored = db.session.execute(select(IssuedDocument.seq).order_by(IssuedDocument.seq)).scalars().all()
    assert stored == list(range(1, THREADS + 1))
    assert len(set(db.session.execute(select(IssuedDocument.doc_id)).scalars())) == THREADS


def _sqlite_only():
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's database-wide write lock; PostgreSQL locks only the counter row")


def test_on_sqlite_other_writes_go_on_while_a_document_renders(client, headers, sources, monkeypatch):
    """The render runs before the number is taken, so the database write lock is free meanwhile."""
    _sqlite_only()
    real = render_module.html_to_pdf
    writes = []

    def render_while_writing(html):
        other = sqlite3.connect(db.engine.url.database, timeout=0)  # no waiting: fail if the lock is held
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE companies SET director = director")
            other.rollback()
            writes.append("ok")
        finally:
            other.close()
        return real(html)

    monkeypatch.setattr(render_module, "html_to_pdf", render_while_writing)
    first = issue_doc(client, headers, sources["ip"], "ip")
    second = issue_doc(client, headers, sources["ip"], "ip", reissue=True)
    assert writes == ["ok", "ok"]
    assert (first["number"], second["number"]) == ("2026-000001", "2026-000002")


def test_a_number_taken_during_the_render_is_not_reused(app, director, sources, monkeypatch):
    """Another issue of the same counter commits while the first renders: the first is issued
    again under the lock with the next number, and its PDF shows that number."""
    monkeypatch.setattr(issue_module, "renders_before_numbering", lambda session: True)  # the SQLite way, on both
    staff_id = db.session.execute(select(Staff.id).where(Staff.user_id == director.id)).scalar_one()
    source_id = sources["ip"]["id"]
    real = render_module.html_to_pdf
    rendered = []

    def other_issue():
        with app.app_context():
            try:
                rendered.append(("other", _issue(staff_id, source_id).number))
            finally:
                db.session.remove()

    def render(html):
        rendered.append("render")
        if len(rendered) == 1:  # the first render: let another issue take the number meanwhile
            thread = threading.Thread(target=other_issue)
            thread.start()
            thread.join(60)
        return real(html)

    monkeypatch.setattr(render_module, "html_to_pdf", render)
    record = _issue(staff_id, source_id)
    assert rendered == ["render", "render", ("other", "2026-000001"), "render"]
    assert record.number == "2026-000002"
    assert "2026-000002" in pdf_text(record.file.pdf) and "2026-000001" not in pdf_text(record.file.pdf)
    assert db.session.execute(select(IssuedDocument.seq).order_by(IssuedDocument.seq)).scalars().all() == [1, 2]


def _issue(staff_id: int, source_id: str):
    staff = db.session.get(Staff, staff_id)
    source = db.session.execute(select(SmartDocument).where(SmartDocument.public_id == source_id)).unique().scalar_one()
    return issue(staff, IssueRequest("ip", "pu", source, source.counterparty, [], reissue=True), "http://localhost/")
