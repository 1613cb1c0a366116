"""The Huey tasks: thin wrappers that find their row and call the service functions.

`run_job` runs a ledger job (`portal.tasks.ledger`) by its kind; `send_mail` makes one attempt
at an e-mail, an issued PDF's or an account's (`portal.mailing.delivery.attempt`, which claims
the attempt with its own lease). Both are safe to deliver twice: the claim lets only one delivery do the work.
"""
import logging
import traceback
from contextlib import contextmanager
from typing import Callable

from flask import Flask, current_app, has_app_context

from portal.extensions import db
from portal.tasks import ledger
from portal.tasks.queue import huey

log = logging.getLogger(__name__)

_app: Flask | None = None


def bind(app: Flask) -> None:
    """The app a worker runs its tasks in (the last one configured in this process)."""
    global _app
    _app = app


@contextmanager
def task_context():
    """The app context a task runs in: the caller's in immediate mode, else the bound app's."""
    if has_app_context():
        yield current_app
        return
    with _app.app_context():
        try:
            yield _app
        finally:
            db.session.remove()


def _market(kind: str) -> Callable:
    def run(job) -> None:
        from portal.market.jobs import fetch_news, fetch_rates

        fetch = fetch_rates if kind == "rates" else fetch_news
        outcomes = fetch(db.session, current_app.config)
        for outcome in outcomes if isinstance(outcomes, list) else [outcomes]:
            log.info("job %s (%s): %s", job.id, kind, outcome.line())

    return run


def _mail_tables() -> None:
    """Import the areas that keep e-mails: each registers its table with the shared delivery."""
    import portal.documents.mail  # noqa: F401
    import portal.sessions.mail  # noqa: F401


def _mail_retry(job) -> None:
    _mail_tables()
    from portal.mailing.delivery import retry_due

    log.info("job %s (mail_retry): %s", job.id, retry_due().line())


def _issue_chunk(job) -> None:
    from portal.tasks.issuing import run_chunk

    run_chunk(job)


def _recurring(job) -> None:
    from portal.chores.runs import plan_due

    log.info("job %s (recurring): %s schedules due", job.id, len(plan_due()))


def _recurring_run(job) -> None:
    from portal.chores.runs import execute_schedule

    log.info("job %s (recurring_run): %s documents made", job.id, execute_schedule(job.params["schedule_id"], job))


def _reminders(job) -> None:
    from portal.chores.reminders import plan_reminders

    from portal.ledger.events import emit_overdue

    log.info("job %s (reminders): send job %s", job.id, plan_reminders())
    # Overdue is a matter of the date, like reminders: the same hourly pass owes the webhook event.
    log.info("job %s (reminders): invoice.overdue owed for %s invoices", job.id, emit_overdue())


def _reminders_send(job) -> None:
    from portal.chores.reminders import send_pending

    log.info("job %s (reminders_send): %s e-mails queued", job.id, send_pending())


def _webhook_retry(job) -> None:
    from portal.webhooks.delivery import retry_due

    log.info("job %s (webhook_retry): %s deliveries enqueued", job.id, retry_due())


def _housekeeping(job) -> None:
    from portal.tasks.housekeeping import prune

    log.info("job %s (housekeeping): %s", job.id, prune().line())


HANDLERS: dict[str, Callable] = {
    "rates": _market("rates"),
    "news": _market("news"),
    "mail_retry": _mail_retry,
    "issue_chunk": _issue_chunk,
    "recurring": _recurring,
    "recurring_run": _recurring_run,
    "reminders": _reminders,
    "reminders_send": _reminders_send,
    "webhook_retry": _webhook_retry,
    "housekeeping": _housekeeping,
}


@huey.task()
def run_job(job_id: int) -> None:
    """Run ledger job `job_id` once, if this delivery wins its claim.

    A handler marks its job done in the transaction of its own work; if it did not (a handler
    with nothing to commit), it is marked done here. An exception records the attempt and,
    while attempts remain, is raised again so that Huey retries after TASKS_RETRY_DELAY.
    """
    with task_context():
        job = ledger.claim(job_id)
        if job is None:
            log.info("job %s: already taken, finished or unknown; this delivery does nothing", job_id)
            return
        try:
            HANDLERS[job.kind](job)
            if job.state != "done":
                ledger.mark_done(job)
                db.session.commit()
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            log.warning("job %s (%s) failed on attempt %s: %s\n%s", job_id, job.kind, job.attempts, error,
                        traceback.format_exc())
            if ledger.mark_failed(job_id, error):
                log.error("job %s (%s) failed for good after %s attempts", job_id, job.kind, job.attempts)
                return
            raise


@huey.task()
def send_mail(mail_id: int, now_anyway: bool = False, table: str = "document") -> None:
    """One attempt at an e-mail of a registered table (`portal.mailing.delivery`); nothing when it
    is sent already or another attempt is in flight."""
    _mail_tables()
    from portal.mailing.delivery import attempt_by_id

    with task_context():
        attempt_by_id(table, mail_id, now_anyway)


@huey.task()
def deliver_webhook(delivery_id: int, manual: bool = False) -> None:
    """One attempt at a webhook delivery; nothing when it is delivered or another attempt holds it."""
    from portal.webhooks.delivery import attempt

    with task_context():
        attempt(delivery_id, manual)
