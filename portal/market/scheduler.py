"""The scheduler: APScheduler in a process of its own (`flask --app wsgi scheduler`).

It is the clock of the portal's background work: on each interval it enqueues a job on the task
queue (market rates, news, the retry of e-mails that could not be sent) and a worker does the
work (`portal.tasks`); every TASKS_RECOVER_MINUTES it enqueues again the jobs whose worker died
(`tasks`). A tick writes one row and one message, so the scheduler itself never waits on a
feed or a mail server.

Never started by web workers. Each job first claims a lease row with one atomic
`UPDATE ... SET next_due = now + interval WHERE job = ? AND next_due <= now`; only the
process whose UPDATE changed the row enqueues, so two schedulers started by mistake still
enqueue once per interval; the job's period key (`portal.tasks.clock`) makes sure of it again. The database serialises the UPDATEs (a row lock on PostgreSQL,
the write lock on SQLite), so this holds across hosts sharing the database.
"""
import logging
import os
import socket
import uuid
from datetime import datetime, timedelta, timezone
from typing import Callable

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask
from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import SchedulerLease
from portal.tasks import clock, ledger
from portal.timeutil import ALMATY, now_utc

log = logging.getLogger(__name__)

LEASES = SchedulerLease.__table__
NEVER = datetime(2000, 1, 1, tzinfo=timezone.utc)

def _enqueue(kind: str, job: str) -> Callable:
    """A tick that enqueues this period's `kind` job; returns what it did, for the log."""

    def tick(app: Flask) -> str:
        job_id = clock.enqueue_periodic(kind, job_interval(app, job))
        return f"задача {kind} #{job_id} в очереди" if job_id else f"задача {kind} этого периода уже в очереди"

    return tick


def _recover(app: Flask) -> str:
    """Enqueue again the jobs whose worker died; forget the clock's old finished jobs."""
    ids = ledger.recover()
    clock.prune()
    return f"снова в очереди: {ids}" if ids else "потерянных задач нет"


JOBS: dict[str, tuple[str, Callable]] = {
    "rates": ("RATES_INTERVAL_MINUTES", _enqueue("rates", "rates")),
    "news": ("NEWS_INTERVAL_MINUTES", _enqueue("news", "news")),
    "mail": ("MAIL_RETRY_MINUTES", _enqueue("mail_retry", "mail")),
    "recurring": ("RECURRING_INTERVAL_MINUTES", _enqueue("recurring", "recurring")),
    "reminders": ("REMINDERS_INTERVAL_MINUTES", _enqueue("reminders", "reminders")),
    "tasks": ("TASKS_RECOVER_MINUTES", _recover),
    "webhooks": ("WEBHOOKS_RETRY_MINUTES", _enqueue("webhook_retry", "webhooks")),
    "housekeeping": ("HOUSEKEEPING_INTERVAL_MINUTES", _enqueue("housekeeping", "housekeeping")),
}


def holder_name() -> str:
    """Who holds a lease: host, process and a random suffix (two schedulers in one process differ)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def job_interval(app: Flask, job: str) -> timedelta:
    """The configured interval of a job (minutes; fractions allowed, at least one second)."""
    return timedelta(minutes=max(float(app.config[JOBS[job][0]]), 1 / 60))


def _ensure_lease(engine: Engine, job: str) -> None:
    """Create the job's row once; a concurrent creator wins harmlessly."""
    with engine.begin() as conn:
        if conn.execute(select(LEASES.c.job).where(LEASES.c.job == job)).first():
            return
    try:
        with engine.begin() as conn:
            conn.execute(insert(LEASES).values(job=job, next_due=NEVER, holder=""))
    except IntegrityError:
        pass


def claim(engine: Engine, job: str, interval: timedelta, holder: str, now: datetime | None = None) -> bool:
    """Take this interval's turn for `job`; False when another scheduler already took it.

    The next turn opens slightly before a full interval (a tenth, at most a minute) so that a
    single scheduler whose timer fires a few milliseconds early never skips its own turn.
    """
    now = now or now_utc()
    _ensure_lease(engine, job)
    margin = min(interval / 10, timedelta(minutes=1))
    with engine.begin() as conn:
        result = conn.execute(
            update(LEASES)
            .where(LEASES.c.job == job, LEASES.c.next_due <= now)
            .values(next_due=now + interval - margin, holder=holder[:120], claimed_at=now)
        )
        return result.rowcount == 1


def run_job(app: Flask, job: str, holder: str) -> bool:
    """Run one scheduled job if this process wins the lease; returns whether it ran."""
    with app.app_context():
        if not claim(db.engine, job, job_interval(app, job), holder):
            log.info("scheduled job %s: another scheduler has this interval, skipped", job)
            return False
        try:
            log.info("scheduled job %s: %s", job, JOBS[job][1](app))
            return True
        finally:
            db.session.remove()


def build_scheduler(app: Flask, scheduler_class: type[BaseScheduler] = BlockingScheduler,
                    holder: str | None = None) -> BaseScheduler:
    """A scheduler with both jobs at their configured intervals, the first run immediately."""
    holder = holder or holder_name()
    scheduler = scheduler_class(timezone=ALMATY)
    for job in JOBS:
        scheduler.add_job(
            run_job, IntervalTrigger(seconds=job_interval(app, job).total_seconds(), timezone=ALMATY),
            args=(app, job, holder), id=job, name=f"portal-{job}", next_run_time=datetime.now(ALMATY),
            coalesce=True, max_instances=1, misfire_grace_time=60,
        )
    return scheduler

