"""What the scheduler's jobs do now: enqueue work, each period once, and recover lost jobs.

APScheduler stays the clock (`portal.market.scheduler`); on each tick it only writes a job row
and enqueues it, and a worker does the work. The row's `dedupe_key` is the job and the start of
its period (`rates:2026-12-02T13:00:00`), unique in the table, so two schedulers firing in the
same period (two hosts, or one started twice by mistake) make one job between them, on top of
the scheduler's own lease.
"""
import logging
from datetime import datetime, timedelta, timezone

from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.tasks import ledger
from portal.timeutil import now_utc

log = logging.getLogger(__name__)

TITLES = {"rates": "Курсы валют", "news": "Новости", "mail_retry": "Повторная отправка писем",
          "recurring": "Повторяющиеся документы", "reminders": "Напоминания об оплате",
          "webhook_retry": "Повторная отправка вебхуков", "housekeeping": "Удаление устаревших записей"}


def period_key(kind: str, interval: timedelta, now: datetime) -> str:
    """`kind:start-of-period` in UTC: the same for every scheduler during one interval."""
    seconds = max(int(interval.total_seconds()), 1)
    start = int(now.timestamp()) // seconds * seconds
    return f"{kind}:{datetime.fromtimestamp(start, timezone.utc):%Y-%m-%dT%H:%M:%S}"


def enqueue_periodic(kind: str, interval: timedelta, now: datetime | None = None) -> int | None:
    """Write this period's job of `kind` and enqueue it; None if another scheduler already did."""
    now = now or now_utc()
    job = ledger.new_job(kind, {}, title=TITLES.get(kind, kind), dedupe_key=period_key(kind, interval, now))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    ledger.enqueue([job.id])
    return job.id


def prune(now: datetime | None = None, days: int = 7) -> int:
    """Forget the clock's finished jobs after `days` (a company's runs are kept)."""
    from sqlalchemy import delete

    from portal.models.tasks import TaskJob

    cutoff = (now or now_utc()) - timedelta(days=days)
    result = db.session.execute(delete(TaskJob).where(TaskJob.company_id.is_(None), TaskJob.state == "done",
                                                      TaskJob.updated < cutoff))
    db.session.commit()
    return result.rowcount
