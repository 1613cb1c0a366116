"""Account e-mails (password reset, registration): built in the request, sent in the background.

Sending after the answer has gone keeps the answer's timing the same whether or not an
account exists, which is the point of answering the same. A message the server refuses is
logged (the person can ask again); without MAIL_SERVER it is written to instance/outbox/
like every other message of the portal.
"""
import logging
import os
import threading
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import Flask, current_app, render_template

from portal.documents.mail import smtp_send
from portal.timeutil import now_utc

log = logging.getLogger(__name__)


def build(to: str, subject: str, template: str, **context) -> EmailMessage:
    """A plain-text message from a template in templates/sessions/."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="portal.local")
    message.set_content(render_template(template, **context))
    return message


def _deliver(app: Flask, message: EmailMessage) -> None:
    """Send through SMTP, or write to the outbox; failures are logged, never raised."""
    with app.app_context():
        try:
            if app.config.get("MAIL_SERVER"):
                smtp_send(message)
            else:
                outbox = os.path.join(app.instance_path, "outbox")
                os.makedirs(outbox, exist_ok=True)
                name = f"{now_utc():%Y%m%d-%H%M%S-%f}-account.eml"
                with open(os.path.join(outbox, name), "wb") as handle:
                    handle.write(message.as_bytes())
        except Exception:  # noqa: BLE001  (a mail failure must not surface: the answer is already sent)
            log.exception("account e-mail to %s was not sent", message["To"])


def send_later(message: EmailMessage) -> None:
    """Hand the message to a background thread."""
    app = current_app._get_current_object()
    threading.Thread(target=_deliver, args=(app, message), daemon=True, name="account-mail").start()
