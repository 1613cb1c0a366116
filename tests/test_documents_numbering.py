"""Numbering under concurrency: 20 issues at once give 20 distinct consecutive numbers.

Each thread has its own application context, hence its own session and connection, as
concurrent requests do. On PostgreSQL the counter row lock queues them; on SQLite the
database write lock does (busy_timeout lets the others wait).
"""
import threading

from sqlalchemy import select

from portal.documents.issue import IssueRequest, issue
from portal.extensions import db
from portal.models import Staff
from portal.models.issued import IssuedDocument
from portal.models.smart_docs import SmartDocument
from tests.test_documents_support import (  # noqa: F401  (fixtures)
    buyer, headers, issue_doc, sources,
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
                wanted = IssueRequest("ip", "pu", source, source.counterparty, [])
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
