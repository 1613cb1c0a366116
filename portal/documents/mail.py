"""Sending an issued PDF by e-mail: SMTP when a server is configured, else `.eml` files.

Every e-mail is a `MailDelivery` row written in the same transaction as the issue; after the
commit the request only enqueues it (`enqueue`) and a worker of the task queue makes the attempt
(`portal.tasks.jobs.send_mail`), so a mail server that hangs never holds a web request. What
fails is retried through the scheduler's `mail_retry` job (`retry_due`) after 5, 15, 60, 180
and 720 minutes, so a mail server that is down for a while delays the PDF but does not lose it.
An attempt holds the row for a lease (TASKS_LEASE_SECONDS): a worker killed mid-send leaves it
due again once the lease is over, and no second attempt starts while one may still be sending. Development and tests without MAIL_SERVER get each message written to `instance/outbox/`
as a standard `.eml` file (open it in any mail client), so nothing leaves the machine.
"""
import logging
import os
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.header import Header
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, render_template
from sqlalchemy import or_, select, update

from portal.documents.filenames import pdf_filename
from portal.extensions import db
from portal.models.issued import IssuedDocument, MailDelivery
from portal.timeutil import now_utc, to_almaty

log = logging.getLogger(__name__)


# Minutes to wait after each failed attempt; the attempt after the last wait is the final one.
RETRY_MINUTES = (5, 15, 60, 180, 720)
MAX_ATTEMPTS = len(RETRY_MINUTES) + 1
DUE_BATCH = 50
# No file paths in front of users: where the message was written is in the logs and README.
OUTBOX_NOTE = "Почтовый сервер не настроен, письмо сохранено."
OUTBOX_FOR_STAFF = "Письмо принято к отправке."


@dataclass
class Delivery:
    """What happened to a message, for the page and the JSON answer.

    `status`: `none` (no addresses), `queued` (waiting for a worker or being sent), `sent`,
    `outbox` (written to a file), `pending` (an attempt failed; `retry_at` says when the next
    one is) or `failed` (given up).
    """

    status: str
    detail: str = ""
    retry_at: datetime | None = None


def build_message(record: IssuedDocument, pdf: bytes, recipients: list[str],
                  mail: MailDelivery | None = None) -> EmailMessage:
    """The message: a short Russian text and the PDF attached under its document file name.

    A payment reminder (portal.chores.reminders) brings its own subject and text on the row.
    """
    config = current_app.config
    message = EmailMessage()
    if mail is not None and mail.subject:
        subject = mail.subject
    else:
        subject = f"{record.title} № {record.number} от {record.doc_date:%d.%m.%Y} — {record.sender_name}"
    message.set_raw("Subject", encoded_header("Subject", subject))
    message["From"] = config["MAIL_SENDER"]
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="portal.local")
    if mail is not None and mail.body:
        message.set_content(mail.body)
    else:
        message.set_content(render_template("documents/email.txt", record=record))
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_filename(record))
    return message


def encoded_header(name: str, text: str) -> str:
    """`text` as RFC 2047 encoded words, folded, with every space inside a word.

    Python 3.11's own folder (the default policy) drops the space at a fold between two encoded
    words («№ 2026-000001от …»). `Header.encode` splits by characters, so a space stays inside
    the word it belongs to; `set_raw` keeps that text, and the policy only re-folds lines longer
    than 78 characters, which these never are.
    """
    return Header(text, "utf-8", header_name=name).encode(linesep="\n")


def smtp_send(message: EmailMessage) -> None:
    """Deliver through the configured SMTP server (implicit TLS, STARTTLS or plain)."""
    config = current_app.config
    host, port, timeout = config["MAIL_SERVER"], int(config["MAIL_PORT"]), float(config["MAIL_TIMEOUT"])
    context = ssl.create_default_context()
    if config.get("MAIL_USE_SSL"):
        client = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(host, port, timeout=timeout)
    with client:
        if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
            client.starttls(context=context)
        if config.get("MAIL_USERNAME"):
            client.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        client.send_message(message)


def _write_outbox(message: EmailMessage, mail: MailDelivery) -> str:
    """Write the message to instance/outbox/ and return the file's path."""
    record = mail.document
    outbox = os.path.join(current_app.instance_path, "outbox")
    os.makedirs(outbox, exist_ok=True)
    path = os.path.join(outbox, f"{record.created:%Y%m%d-%H%M%S}-{record.doc_id}-{mail.id}.eml")
    with open(path, "wb") as handle:
        handle.write(message.as_bytes())
    return path


def queue_mail(record: IssuedDocument, recipients: list[str], user_id: int | None,
               now: datetime | None = None) -> MailDelivery:
    """A pending e-mail of `record`, added to the caller's transaction and due at once.

    The caller enqueues it after the commit (`enqueue`); if that message is lost (the process
    died between the commit and the enqueue), the scheduler's next `mail_retry` finds it due.
    """
    now = now or now_utc()
    mail = MailDelivery(recipients=list(recipients), status="pending", attempts=0, last_error="",
                        next_attempt_at=now, user_id=user_id, created=now)
    record.mails.append(mail)
    return mail


def _lease() -> timedelta:
    """How long an attempt may take before its worker is presumed dead."""
    return timedelta(seconds=float(current_app.config["TASKS_LEASE_SECONDS"]))


def _claim(mail_id: int, seen_attempts: int, now: datetime, now_anyway: bool = False) -> bool:
    """Take the next attempt of a pending e-mail; False when it is not this caller's to make.

    One conditional UPDATE, committed before any SMTP traffic: two deliveries of the same task,
    a second click and the scheduler can race for the same row and only one of them sends. It
    is refused while another attempt holds the lease (it may be sending right now), and before
    the e-mail is due unless the sender asked for it now (`now_anyway`). The lease's end is
    booked as the next attempt, so if this worker dies while sending, the e-mail is due again
    when the lease is over.
    """
    conditions = [MailDelivery.id == mail_id, MailDelivery.status == "pending", MailDelivery.attempts == seen_attempts,
                  or_(MailDelivery.lease_until.is_(None), MailDelivery.lease_until <= now)]
    if not now_anyway:
        conditions.append(or_(MailDelivery.next_attempt_at.is_(None), MailDelivery.next_attempt_at <= now))
    until = now + _lease()
    result = db.session.execute(
        update(MailDelivery).where(*conditions)
        .values(attempts=seen_attempts + 1, lease_until=until, next_attempt_at=until)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def _permanent(exc: Exception) -> bool:
    """A 5xx answer (addresses or sender refused, login rejected): trying again will not help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def _reason(exc: Exception, to_file: bool) -> str:
    """What went wrong, in words for the document page."""
    if to_file:
        return f"не удалось сохранить письмо: почтовый сервер не настроен ({type(exc).__name__})"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "почтовый сервер отклонил адреса: " + ", ".join(sorted(exc.recipients))
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"почтовый сервер ответил {exc.smtp_code}: {text}"
    return f"почтовый сервер недоступен ({type(exc).__name__}: {exc})"


def report(mail: MailDelivery) -> Delivery:
    """The state of an e-mail, in the words the page and the JSON answer use."""
    if mail.status == "sent":
        return Delivery("sent", "PDF отправлен: " + ", ".join(mail.recipients) + ".")
    if mail.status == "outbox":
        return Delivery("outbox", OUTBOX_NOTE)
    if mail.status == "failed":
        return Delivery("failed", f"Письмо не доставлено ({mail.last_error}). Отправьте его ещё раз или "
                                  "скачайте PDF и перешлите сами.")
    if mail.attempts == 0 or (mail.lease_until is not None and not mail.last_error):
        return Delivery("queued", "Письмо в очереди на отправку: " + ", ".join(mail.recipients) + ".")
    retry_at = to_almaty(mail.next_attempt_at)
    why = f"Не удалось отправить письмо: {mail.last_error}. " if mail.last_error else ""
    return Delivery("pending", f"{why}Следующая попытка в {retry_at:%H:%M} (время Алматы).", mail.next_attempt_at)


def for_viewer(delivery: Delivery, is_director: bool) -> Delivery:
    """What a person is told: a message kept without a mail server is the set-up's business, so
    only a director (who can have it configured) hears of it; others see it as accepted."""
    if delivery.status == "outbox" and not is_director:
        return Delivery("outbox", OUTBOX_FOR_STAFF, delivery.retry_at)
    return delivery


def attempt(mail: MailDelivery, now: datetime | None = None, now_anyway: bool = False) -> Delivery:
    """Try to send a pending e-mail once; records the outcome and never raises for SMTP trouble.

    The document is already issued when this runs, so a mail problem must not undo it: a
    failure leaves the e-mail pending for the scheduler (or final after MAX_ATTEMPTS, or on a
    5xx answer), and the page shows what happened.
    """
    now = now or now_utc()
    if mail.status != "pending" or not _claim(mail.id, mail.attempts, now, now_anyway):
        db.session.refresh(mail)
        return report(mail)
    record = mail.document
    message = build_message(record, record.file.pdf, mail.recipients, mail)
    to_file = not current_app.config.get("MAIL_SERVER")
    try:
        if to_file:
            path = _write_outbox(message, mail)
            log.info("mail %s for document %s written to %s (no MAIL_SERVER)", mail.id, record.doc_id, path)
        else:
            smtp_send(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("mail %s for document %s failed (attempt %s): %s", mail.id, record.doc_id, mail.attempts, exc)
        mail.last_error, mail.lease_until = _reason(exc, to_file)[:500], None
        wait = RETRY_MINUTES[min(mail.attempts - 1, len(RETRY_MINUTES) - 1)]
        mail.next_attempt_at = now + timedelta(minutes=wait)
        if _permanent(exc) or mail.attempts >= MAX_ATTEMPTS:
            mail.status, mail.next_attempt_at = "failed", None
        db.session.commit()
        return report(mail)
    return _finish(mail, "outbox" if to_file else "sent")


def _finish(mail: MailDelivery, status: str) -> Delivery:
    mail.status, mail.sent_at, mail.next_attempt_at, mail.last_error = status, now_utc(), None, ""
    mail.lease_until = None
    db.session.commit()
    return report(mail)


def attempt_by_id(mail_id: int, now_anyway: bool = False) -> Delivery | None:
    """The queue's entry point: one attempt at e-mail `mail_id` (None when it no longer exists)."""
    mail = db.session.get(MailDelivery, mail_id)
    return None if mail is None else attempt(mail, now_anyway=now_anyway)


def enqueue(mail: MailDelivery, now_anyway: bool = False) -> Delivery:
    """Hand a committed e-mail to the task queue and say where it stands.

    A queue that cannot be reached loses nothing: the row is due, and the scheduler's next
    `mail_retry` sends it.
    """
    from portal.tasks.jobs import send_mail

    try:
        send_mail(mail.id, now_anyway)
    except Exception:  # noqa: BLE001  (Redis away: the row is the promise)
        log.exception("could not enqueue mail %s; the scheduler will send it", mail.id)
    db.session.refresh(mail)
    return report(mail)


def enqueue_pending(record: IssuedDocument) -> Delivery:
    """Enqueue the e-mail written with a just-issued document (`none` when it has no addresses)."""
    pending = [mail for mail in record.mails if mail.status == "pending"]
    return enqueue(pending[-1]) if pending else Delivery("none")


def send_again(record: IssuedDocument, recipients: list[str], user_id: int | None) -> tuple[MailDelivery, Delivery]:
    """Send the PDF (again) to `recipients`: an e-mail still pending to the same addresses is tried
    now instead of queueing a second copy."""
    for mail in record.mails:
        if mail.status == "pending" and sorted(mail.recipients) == sorted(recipients):
            return mail, enqueue(mail, now_anyway=True)
    mail = queue_mail(record, recipients, user_id)
    db.session.commit()
    return mail, enqueue(mail)


def send_to_new_addresses(record: IssuedDocument, recipients: list[str], user_id: int | None) -> Delivery | None:
    """A repeated issue that names addresses the document was never sent to sends it there.

    A double click with the same addresses sends nothing twice; None when every address
    already has (or had) an e-mail of this document.
    """
    known = {address for mail in record.mails for address in mail.recipients}
    new = [address for address in recipients if address not in known]
    if not new:
        return None
    return send_again(record, new, user_id)[1]


@dataclass
class RetryRun:
    """What one scheduler pass over the due e-mails did."""

    outcomes: list[str] = field(default_factory=list)

    def line(self) -> str:
        if not self.outcomes:
            return "[ok] почта: нет писем к повторной отправке"
        counts = {status: self.outcomes.count(status) for status in dict.fromkeys(self.outcomes)}
        return "[ok] почта: " + ", ".join(f"{status} {count}" for status, count in counts.items())


def retry_due(now: datetime | None = None, limit: int = DUE_BATCH) -> RetryRun:
    """Try again the pending e-mails whose next attempt is due (oldest first, `limit` at a time).

    A pass stops at the first e-mail the server does not take for a passing reason: with the
    server down, each further attempt would only wait out MAIL_TIMEOUT. The others stay due and
    the next pass (MAIL_RETRY_MINUTES later) starts with them.
    """
    now = now or now_utc()
    due = db.session.execute(
        select(MailDelivery).where(MailDelivery.status == "pending", MailDelivery.next_attempt_at <= now,
                                   or_(MailDelivery.lease_until.is_(None), MailDelivery.lease_until <= now))
        .order_by(MailDelivery.next_attempt_at, MailDelivery.id).limit(limit)
    ).scalars().all()
    run = RetryRun()
    for mail in due:
        if mail.attempts >= MAX_ATTEMPTS:  # the process sending the last attempt died before recording it
            mail.status, mail.next_attempt_at, mail.lease_until = "failed", None, None
            mail.last_error = mail.last_error or "нет ответа после последней попытки"
            db.session.commit()
            run.outcomes.append("failed")
            continue
        outcome = attempt(mail, now).status
        run.outcomes.append(outcome)
        if outcome == "pending":
            break  # the server did not answer: the rest would wait out the same timeout; next run
    return run
