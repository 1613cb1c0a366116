"""E-mails kept as rows, sent by the task queue and retried by the scheduler.

Each area that sends mail keeps its own table (issued PDFs: `document_mails`, account mails:
`account_mails`) with the same delivery columns (`status`, `attempts`, `last_error`,
`next_attempt_at`, `sent_at`, `lease_until`) and registers an `Outbound`: the table, and how a
row becomes a message. The row is written in the transaction that decides to send; after the
commit the request only enqueues it (`portal.tasks.jobs.send_mail`) and a worker makes the
attempt, so a mail server that hangs never holds a web request. What fails is retried by the
scheduler's `mail_retry` job (`retry_due`) after 5, 15, 60, 180 and 720 minutes. An attempt
holds the row for a lease (TASKS_LEASE_SECONDS): a worker killed mid-send leaves it due again
once the lease is over, and no second attempt starts while one may still be sending.
"""
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import or_, select, update

from portal.extensions import db
from portal.mailing.smtp import permanent, reason, smtp_send, to_outbox, write_outbox
from portal.timeutil import now_utc

log = logging.getLogger(__name__)

# Minutes to wait after each failed attempt; the attempt after the last wait is the final one.
RETRY_MINUTES = (5, 15, 60, 180, 720)
MAX_ATTEMPTS = len(RETRY_MINUTES) + 1
DUE_BATCH = 50
FINAL = ("sent", "outbox", "failed")


@dataclass(frozen=True)
class Outbound:
    """A table of e-mails and how one of its rows becomes a message.

    `compose(row)` answers the message and the outbox file name, or None when there is nothing
    left to send (what the mail was about is gone); it runs at each attempt, inside the attempt's
    transaction, so a message can carry what must exist only once it is sent (a fresh link).
    """

    name: str
    model: type
    compose: Callable[[object], tuple[EmailMessage, str] | None]


_OUTBOUNDS: dict[str, Outbound] = {}


def register(outbound: Outbound) -> Outbound:
    """Make a table's e-mails known to the queue's task and the scheduler's retries (at import)."""
    _OUTBOUNDS[outbound.name] = outbound
    return outbound


def outbound_named(name: str) -> Outbound:
    return _OUTBOUNDS[name]


def _lease() -> timedelta:
    """How long an attempt may take before its worker is presumed dead."""
    return timedelta(seconds=float(current_app.config["TASKS_LEASE_SECONDS"]))


def _claim(model, row_id: int, seen_attempts: int, now: datetime, now_anyway: bool = False) -> bool:
    """Take the next attempt of a pending e-mail; False when it is not this caller's to make.

    One conditional UPDATE, committed before any SMTP traffic: two deliveries of the same task,
    a second click and the scheduler can race for the same row and only one of them sends. It
    is refused while another attempt holds the lease (it may be sending right now), and before
    the e-mail is due unless the sender asked for it now (`now_anyway`). The lease's end is
    booked as the next attempt, so if this worker dies while sending, the e-mail is due again
    when the lease is over.
    """
    conditions = [model.id == row_id, model.status == "pending", model.attempts == seen_attempts,
                  or_(model.lease_until.is_(None), model.lease_until <= now)]
    if not now_anyway:
        conditions.append(or_(model.next_attempt_at.is_(None), model.next_attempt_at <= now))
    until = now + _lease()
    result = db.session.execute(
        update(model).where(*conditions)
        .values(attempts=seen_attempts + 1, lease_until=until, next_attempt_at=until)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def attempt(outbound: Outbound, row, now: datetime | None = None, now_anyway: bool = False) -> str:
    """Try to send a pending e-mail once and record the outcome (its status); never raises for
    SMTP trouble. A failure leaves it pending until the next retry (final after MAX_ATTEMPTS, or
    on a 5xx answer)."""
    now = now or now_utc()
    if row.status != "pending" or not _claim(outbound.model, row.id, row.attempts, now, now_anyway):
        db.session.refresh(row)
        return row.status
    composed = outbound.compose(row)
    if composed is None:
        return _finish(row, "failed", "письмо больше не нужно")
    message, filename = composed
    to_file = to_outbox()
    try:
        if to_file:
            path = write_outbox(message, filename)
            log.info("%s mail %s written to %s (no MAIL_SERVER)", outbound.name, row.id, path)
        else:
            smtp_send(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("%s mail %s failed (attempt %s): %s", outbound.name, row.id, row.attempts, exc)
        row.last_error, row.lease_until = reason(exc, to_file)[:500], None
        wait = RETRY_MINUTES[min(row.attempts - 1, len(RETRY_MINUTES) - 1)]
        row.next_attempt_at = now + timedelta(minutes=wait)
        if permanent(exc) or row.attempts >= MAX_ATTEMPTS:
            row.status, row.next_attempt_at = "failed", None
        db.session.commit()
        return row.status
    return _finish(row, "outbox" if to_file else "sent")


def _finish(row, status: str, error: str = "") -> str:
    row.status, row.next_attempt_at, row.last_error, row.lease_until = status, None, error, None
    if status != "failed":
        row.sent_at = now_utc()
    db.session.commit()
    return status


def attempt_by_id(name: str, row_id: int, now_anyway: bool = False) -> str | None:
    """The queue's entry point: one attempt at e-mail `row_id` of the table `name` registered
    (None when the row no longer exists)."""
    outbound = outbound_named(name)
    row = db.session.get(outbound.model, row_id)
    return None if row is None else attempt(outbound, row, now_anyway=now_anyway)


def enqueue(name: str, row_id: int, now_anyway: bool = False) -> None:
    """Hand a committed e-mail to the task queue. A queue that cannot be reached loses nothing:
    the row is due, and the scheduler's next `mail_retry` sends it."""
    from portal.tasks.jobs import send_mail

    try:
        send_mail(row_id, now_anyway, name)
    except Exception:  # noqa: BLE001  (Redis away: the row is the promise)
        log.exception("could not enqueue %s mail %s; the scheduler will send it", name, row_id)


@dataclass
class RetryRun:
    """What one scheduler pass over the due e-mails did."""

    outcomes: list[str] = field(default_factory=list)

    def line(self) -> str:
        if not self.outcomes:
            return "[ok] почта: нет писем к повторной отправке"
        counts = {status: self.outcomes.count(status) for status in dict.fromkeys(self.outcomes)}
        return "[ok] почта: " + ", ".join(f"{status} {count}" for status, count in counts.items())


def _due(model, now: datetime, limit: int) -> list:
    return db.session.execute(
        select(model).where(model.status == "pending", model.next_attempt_at <= now,
                            or_(model.lease_until.is_(None), model.lease_until <= now))
        .order_by(model.next_attempt_at, model.id).limit(limit)
    ).scalars().all()


def retry_due(now: datetime | None = None, limit: int = DUE_BATCH, names: list[str] | None = None) -> RetryRun:
    """Try again the pending e-mails of every registered table whose next attempt is due (oldest
    first, `limit` per table at a time).

    A pass stops at the first e-mail the server does not take for a passing reason: with the
    server down, each further attempt would only wait out MAIL_TIMEOUT. The others stay due and
    the next pass (MAIL_RETRY_MINUTES later) starts with them.
    """
    now = now or now_utc()
    run = RetryRun()
    for name in names or list(_OUTBOUNDS):
        outbound = _OUTBOUNDS[name]
        for row in _due(outbound.model, now, limit):
            if row.attempts >= MAX_ATTEMPTS:  # the process sending the last attempt died before recording it
                row.status, row.next_attempt_at, row.lease_until = "failed", None, None
                row.last_error = row.last_error or "нет ответа после последней попытки"
                db.session.commit()
                run.outcomes.append("failed")
                continue
            outcome = attempt(outbound, row, now)
            run.outcomes.append(outcome)
            if outcome == "pending":
                return run  # the server did not answer: the rest would wait out the same timeout; next run
    return run
