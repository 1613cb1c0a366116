"""Account e-mails (sign-up links, reset links, notes that an account does or does not exist, and
codes proving a company claim).

The request only writes an `AccountMail` row and enqueues it; a worker of the task queue makes
the attempt and the scheduler retries what failed, like every e-mail of the portal
(`portal.mailing.delivery`). Every kind of request writes one row and enqueues one task, so
the answer takes the same time whether or not an account exists, which is the point of
answering the same. A link's token is made only when its message is composed (at the attempt):
the table keeps no working link (an invite link a mail leads back to is sealed with the
webhook vault's key), and a link sent on a retry hours later still has its whole
lifetime. Without MAIL_SERVER messages are written to instance/outbox/ like every other one.
"""
from contextlib import nullcontext
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, has_request_context, render_template, request

from portal.extensions import db
from portal.mailing import delivery
from portal.mailing.smtp import encoded_header
from portal.models import AccountMail
from portal.timeutil import now_utc
from portal.webhooks import vault

SIGNUP, SIGNUP_TAKEN, RESET, RESET_UNKNOWN = "signup", "signup_taken", "reset", "reset_unknown"
CLAIM_CODE = "claim_code"  # a code proving a company claim, to an address the directory lists


def build(to: str, subject: str, template: str, **context) -> EmailMessage:
    """A plain-text message from a template in templates/sessions/."""
    message = EmailMessage()
    message.set_raw("Subject", encoded_header("Subject", subject))
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="portal.local")
    message.set_content(render_template(template, **context))
    return message


def queue(kind: str, recipient: str, ref_id: int | None = None, next_path: str = "") -> AccountMail:
    """An e-mail to send, added to the caller's transaction; `send` it after the commit.
    `next_path` is the page it leads back to (an invite link), or ""."""
    base = current_app.config.get("PUBLIC_URL") or (request.host_url if has_request_context() else "")
    mail = AccountMail(kind=kind, recipient=recipient, ref_id=ref_id, base_url=base,
                       next_path_sealed=vault.seal(next_path[:300]) if next_path else None,
                       status="pending", attempts=0, last_error="", next_attempt_at=now_utc())
    db.session.add(mail)
    return mail


def next_path(mail: AccountMail) -> str:
    """The page the e-mail leads back to (an invite link), or ""."""
    return vault.reveal(mail.next_path_sealed) if mail.next_path_sealed else ""


def send(mail: AccountMail) -> None:
    """Hand a committed e-mail to the task queue (if the queue is away, the scheduler sends it)."""
    delivery.enqueue(OUTBOUND.name, mail.id)


def links(mail: AccountMail):
    """A context in which url_for(_external=True) names the host the request came to: a worker
    has no request of its own."""
    if has_request_context():
        return nullcontext()
    return current_app.test_request_context(base_url=mail.base_url or "http://localhost/")


def _compose(mail: AccountMail) -> tuple[EmailMessage, str] | None:
    """The message of an attempt (None when what it was about is gone) and its outbox file name."""
    from portal.identity import email_codes  # they own the links and codes and queue these e-mails
    from portal.sessions import passwords, signups

    composers = {SIGNUP: signups.signup_message, SIGNUP_TAKEN: signups.taken_message,
                 RESET: passwords.reset_message, RESET_UNKNOWN: passwords.unknown_message,
                 CLAIM_CODE: email_codes.code_message}
    with links(mail):
        message = composers[mail.kind](mail)
    if message is None:
        return None
    return message, f"{now_utc():%Y%m%d-%H%M%S-%f}-account-{mail.id}.eml"


OUTBOUND = delivery.register(delivery.Outbound("account", AccountMail, _compose))
