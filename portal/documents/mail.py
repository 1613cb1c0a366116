"""Sending an issued PDF by e-mail: SMTP when a server is configured, else `.eml` files.

Every e-mail is a `MailDelivery` row written in the same transaction as the issue, then tried
right after the commit; what fails is retried by the scheduler (`retry_due`) after 5, 15, 60,
180 and 720 minutes, so a mail server that is down for a while delays the PDF but does not lose
it. Development and tests without MAIL_SERVER get each message written to `instance/outbox/`
as a standard `.eml` file (open it in any mail client), so nothing leaves the machine.
"""
import logging
import os
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, render_template
from sqlalchemy import select, update

from portal.documents.filenames import pdf_filename
from portal.extensions import db
from portal.models.issued import IssuedDocument, MailDelivery
from portal.timeutil import now_utc, to_almaty

log = logging.getLogger(__name__)


# Minutes to wait after each failed attempt; the attempt after the last wait is the final one.
RETRY_MINUTES = (5, 15, 60, 180, 720)
MAX_ATTEMPTS = len(RETRY_MINUTES) + 1
DUE_BATCH = 50


@dataclass
class Delivery:
    """What happened to a message, for the page and the JSON answer.

    `status`: `none` (no addresses), `sent`, `outbox` (written to a file), `pending` (not sent
    yet; `retry_at` says when the next attempt is) or `failed` (given up).
    """

    status: str
    detail: str = ""
    retry_at: datetime | None = None


def build_message(record: IssuedDocument, pdf: bytes, recipients: list[str]) -> EmailMessage:
    """The message: a short Russian text and the PDF attached under its document file name."""
    config = current_app.config
    message = EmailMessage()
    message["Subject"] = f"{record.title} № {record.number} от {record.doc_date:%d.%m.%Y} — {record.sender_name}"
    message["From"] = config["MAIL_SENDER"]
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="portal.local")
    message.set_content(render_template("documents/email.txt", record=record))
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_filename(record))
    return message


def _smtp_send(message: EmailMessage) -> None:
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
    """A pending e-mail of `record`, added to the caller's transaction.

    Its first attempt is the caller's to make right after the commit (`attempt`); the
    scheduler only takes it if that has not happened a retry interval later (a crash between
    the commit and the SMTP call).
    """
    now = now or now_utc()
    mail = MailDelivery(recipients=list(recipients), status="pending", attempts=0, last_error="",
                        next_attempt_at=now + timedelta(minutes=RETRY_MINUTES[0]), user_id=user_id, created=now)
    record.mails.append(mail)
    return mail


def _claim(mail_id: int, seen_attempts: int, now: datetime) -> bool:
    """Take the next attempt of a pending e-mail; False when another process took it first.

    One conditional UPDATE, committed before any SMTP traffic: the request, a second click and
    the scheduler can race for the same row and only one of them sends. The next attempt is
    booked at once, so if this process dies while sending, the scheduler tries again later.
    """
    wait = RETRY_MINUTES[min(seen_attempts, len(RETRY_MINUTES) - 1)]
    result = db.session.execute(
        update(MailDelivery)
        .where(MailDelivery.id == mail_id, MailDelivery.status == "pending", MailDelivery.attempts == seen_attempts)
        .values(attempts=seen_attempts + 1, next_attempt_at=now + timedelta(minutes=wait))
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
        return f"не удалось записать письмо в instance/outbox/ ({type(exc).__name__}: {exc})"
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
        return Delivery("outbox", "Почтовый сервер не настроен: письмо сохранено в instance/outbox/.")
    if mail.status == "failed":
        return Delivery("failed", f"Письмо не доставлено ({mail.last_error}). Отправьте его ещё раз или "
                                  "скачайте PDF и перешлите сами.")
    retry_at = to_almaty(mail.next_attempt_at)
    why = f"Не удалось отправить письмо: {mail.last_error}. " if mail.last_error else ""
    return Delivery("pending", f"{why}Следующая попытка в {retry_at:%H:%M} (время Алматы).", mail.next_attempt_at)


def attempt(mail: MailDelivery, now: datetime | None = None) -> Delivery:
    """Try to send a pending e-mail once; records the outcome and never raises for SMTP trouble.

    The document is already issued when this runs, so a mail problem must not undo it: a
    failure leaves the e-mail pending for the scheduler (or final after MAX_ATTEMPTS, or on a
    5xx answer), and the page shows what happened.
    """
    now = now or now_utc()
    if mail.status != "pending" or not _claim(mail.id, mail.attempts, now):
        db.session.refresh(mail)
        return report(mail)
    record = mail.document
    message = build_message(record, record.file.pdf, mail.recipients)
    to_file = not current_app.config.get("MAIL_SERVER")
    try:
        if to_file:
            _write_outbox(message, mail)
        else:
            _smtp_send(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("mail %s for document %s failed (attempt %s): %s", mail.id, record.doc_id, mail.attempts, exc)
        mail.last_error = _reason(exc, to_file)[:500]
        if _permanent(exc) or mail.attempts >= MAX_ATTEMPTS:
            mail.status, mail.next_attempt_at = "failed", None
        db.session.commit()
        return report(mail)
    return _finish(mail, "outbox" if to_file else "sent")


def _finish(mail: MailDelivery, status: str) -> Delivery:
    mail.status, mail.sent_at, mail.next_attempt_at, mail.last_error = status, now_utc(), None, ""
    db.session.commit()
    return report(mail)


def first_attempt(record: IssuedDocument) -> Delivery:
    """Send the e-mail queued with a just-issued document (`none` when it has no addresses)."""
    pending = [mail for mail in record.mails if mail.status == "pending"]
    return attempt(pending[-1]) if pending else Delivery("none")


def send_again(record: IssuedDocument, recipients: list[str], user_id: int | None) -> tuple[MailDelivery, Delivery]:
    """Send the PDF (again) to `recipients`: an e-mail still pending to the same addresses is tried
    now instead of queueing a second copy."""
    for mail in record.mails:
        if mail.status == "pending" and sorted(mail.recipients) == sorted(recipients):
            return mail, attempt(mail)
    mail = queue_mail(record, recipients, user_id)
    db.session.commit()
    return mail, attempt(mail)


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
        select(MailDelivery).where(MailDelivery.status == "pending", MailDelivery.next_attempt_at <= now)
        .order_by(MailDelivery.next_attempt_at, MailDelivery.id).limit(limit)
    ).scalars().all()
    run = RetryRun()
    for mail in due:
        if mail.attempts >= MAX_ATTEMPTS:  # the process sending the last attempt died before recording it
            mail.status, mail.next_attempt_at = "failed", None
            mail.last_error = mail.last_error or "нет ответа после последней попытки"
            db.session.commit()
            run.outcomes.append("failed")
            continue
        outcome = attempt(mail, now).status
        run.outcomes.append(outcome)
        if outcome == "pending":
            break  # the server did not answer: the rest would wait out the same timeout; next run
    return run
