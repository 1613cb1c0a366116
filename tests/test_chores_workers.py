"""Recurring runs on real workers: a worker killed mid-catch-up leaves no period twice and no gap."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.chores import runs as chore_runs
from portal.chores import schedules
from portal.extensions import db
from portal.models import IssuedDocument, ScheduleRun
from portal.tasks import ledger
from portal.timeutil import today_almaty
from tests.chores_support import schedule_body, template_invoice
from tests.tasks_support import queue_settings, wait_until, workers  # noqa: F401  (fixture)
from tests.test_documents_support import buyer, headers, staff_of_user  # noqa: F401  (fixtures)

pytestmark = pytest.mark.parametrize("app_config", [queue_settings()])


def _done():
    db.session.expire_all()
    return db.session.execute(select(func.count()).select_from(ScheduleRun).where(ScheduleRun.state == "done")).scalar()


def test_a_worker_killed_mid_catch_up_makes_every_period_once(client, headers, buyer, director, workers):
    today = today_almaty()
    source = template_invoice(client, headers, buyer)
    schedule = schedules.create_schedule(staff_of_user(director), schedule_body(source, today - timedelta(days=365)),
                                         "http://portal.test/")
    db.session.commit()
    first = workers()
    chore_runs.plan_due(today)
    total = db.session.execute(select(func.count()).select_from(ScheduleRun)).scalar()
    assert total >= 12
    wait_until(lambda: _done() >= 2, every=0.01, what="the first runs", log=first)
    first.kill9()
    assert _done() < total, "the worker finished before it was killed; nothing was tested"
    second = workers()
    # The clock's recovery enqueues the job again once the dead worker's lease is over.
    wait_until(lambda: ledger.recover() or _done() == total, timeout=60, every=0.5, what="recovery", log=second)
    wait_until(lambda: _done() == total, timeout=120, what="every period", log=second)
    issued = db.session.execute(
        select(IssuedDocument.doc_date, IssuedDocument.year, IssuedDocument.seq)
        .join(ScheduleRun, ScheduleRun.issued_document_id == IssuedDocument.id)
        .where(ScheduleRun.schedule_id == schedule.id).order_by(ScheduleRun.period_start)).all()
    assert len(issued) == total
    assert db.session.execute(select(func.count()).select_from(IssuedDocument)).scalar() == total  # none twice
    for year in {row.year for row in issued}:
        seqs = [row.seq for row in issued if row.year == year]
        assert seqs == list(range(1, len(seqs) + 1))  # in period order, no gap
