"""Sending an issued PDF by e-mail: SMTP when a server is configured, else `.eml` files.

Every e-mail is a `MailDelivery` row written in the same transaction as the issue; after the
commit the request only enqueues it (`enqueue`) and a worker of the task queue makes the attempt.
The attempt, its lease and the retries after 5, 15, 60, 180 and 720 minutes are the shared
delivery's (`portal.mailing.delivery`), so a mail server that is down for a while delays the PDF
but does not lose it. Development and tests without MAIL_SERVER get each message written to
`instance/outbox/` as a standard `.eml` file (open it in any mail client), so nothing leaves the machine.
"""
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, render_template

from portal.documents.filenames import pdf_filename
from portal.extensions import db
from portal.mailing import delivery
from portal.mailing.smtp import encoded_header
from portal.models.issued import IssuedDocument, MailDelivery
from portal.timeutil import now_utc, to_almaty

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


def _compose(mail: MailDelivery) -> tuple[EmailMessage, str]:
    """The message of an attempt and its outbox file name."""
    record = mail.document
    name = f"{record.created:%Y%m%d-%H%M%S}-{record.doc_id}-{mail.id}.eml"
    return build_message(record, record.file.pdf, mail.recipients, mail), name


OUTBOUND = delivery.register(delivery.Outbound("document", MailDelivery, _compose))


def attempt(mail: MailDelivery, now: datetime | None = None, now_anyway: bool = False) -> Delivery:
    """Try to send a pending e-mail once; records the outcome and never raises for SMTP trouble.

    The document is already issued when this runs, so a mail problem must not undo it: a
    failure leaves the e-mail pending for the scheduler, and the page shows what happened.
    """
    delivery.attempt(OUTBOUND, mail, now, now_anyway)
    return report(mail)


def enqueue(mail: MailDelivery, now_anyway: bool = False) -> Delivery:
    """Hand a committed e-mail to the task queue and say where it stands."""
    delivery.enqueue(OUTBOUND.name, mail.id, now_anyway)
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
