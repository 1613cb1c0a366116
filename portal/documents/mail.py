"""Sending an issued PDF by e-mail: SMTP when a server is configured, else `.eml` files.

Development and tests without MAIL_SERVER get each message written to `instance/outbox/` as
a standard `.eml` file (open it in any mail client), so nothing leaves the machine.
"""
import logging
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, render_template

from portal.documents.filenames import pdf_filename
from portal.models.issued import IssuedDocument

log = logging.getLogger(__name__)


@dataclass
class Delivery:
    """What happened to a message: `sent`, `outbox` (written to a file), `failed` or `none`."""

    status: str
    detail: str = ""


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


def _write_outbox(message: EmailMessage, record: IssuedDocument) -> str:
    """Write the message to instance/outbox/ and return the file's path."""
    outbox = os.path.join(current_app.instance_path, "outbox")
    os.makedirs(outbox, exist_ok=True)
    path = os.path.join(outbox, f"{record.created:%Y%m%d-%H%M%S}-{record.doc_id}.eml")
    with open(path, "wb") as handle:
        handle.write(message.as_bytes())
    return path


def send_document(record: IssuedDocument, pdf: bytes, recipients: list[str]) -> Delivery:
    """Send the PDF to `recipients`; a failure is logged and reported, never raised.

    The document is already issued when this runs, so a mail problem must not undo it: the
    caller shows the status and the user can download and forward the file by hand.
    """
    if not recipients:
        return Delivery("none")
    message = build_message(record, pdf, recipients)
    if not current_app.config.get("MAIL_SERVER"):
        path = _write_outbox(message, record)
        return Delivery("outbox", os.path.basename(path))
    try:
        _smtp_send(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("mail for document %s failed: %s", record.doc_id, exc)
        return Delivery("failed", "Не удалось отправить письмо: почтовый сервер недоступен или отказал.")
    return Delivery("sent")
