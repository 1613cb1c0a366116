"""The scheduler: APScheduler in a process of its own (`flask --app wsgi scheduler`).

It fetches market data (rates, news) and retries the e-mails of issued documents that could
not be sent (`mail`).

Never started by web workers. Each job first claims a lease row with one atomic
`UPDATE ... SET next_due = now + interval WHERE job = ? AND next_due <= now`; only the
process whose UPDATE changed the row fetches, so two schedulers started by mistake still
fetch once per interval. The database serialises the UPDATEs (a row lock on PostgreSQL,
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

from portal.documents.mail import retry_due
from portal.extensions import db
from portal.market.jobs import fetch_news, fetch_rates
from portal.models import SchedulerLease
from portal.timeutil import ALMATY, now_utc

log = logging.getLogger(__name__)

LEASES = SchedulerLease.__table__
NEVER = datetime(2000, 1, 1, tzinfo=timezone.utc)
JOBS: dict[str, tuple[str, Callable]] = {
    "rates": ("RATES_INTERVAL_MINUTES", lambda app: fetch_rates(db.session, app.config)),
    "news": ("NEWS_INTERVAL_MINUTES", lambda app: fetch_news(db.session, app.config)),
    "mail": ("MAIL_RETRY_MINUTES", lambda app: retry_due()),
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
            result = JOBS[job][1](app)
            for outcome in result if isinstance(result, list) else [result]:
                log.info("scheduled job %s: %s", job, outcome.line())
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

