"""One message to the configured SMTP server, or to `instance/outbox/` without one, and what a
failure means (passing or permanent, in words for a page)."""
import os
import smtplib
import ssl
from email.header import Header
from email.message import EmailMessage

from flask import current_app


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


def to_outbox() -> bool:
    """Without MAIL_SERVER (development, tests) messages are written to files instead."""
    return not current_app.config.get("MAIL_SERVER")


def write_outbox(message: EmailMessage, name: str) -> str:
    """Write the message to instance/outbox/<name> (a standard .eml file) and return its path."""
    outbox = os.path.join(current_app.instance_path, "outbox")
    os.makedirs(outbox, exist_ok=True)
    path = os.path.join(outbox, name)
    with open(path, "wb") as handle:
        handle.write(message.as_bytes())
    return path


def permanent(exc: Exception) -> bool:
    """A 5xx answer (addresses or sender refused, login rejected): trying again will not help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def reason(exc: Exception, to_file: bool) -> str:
    """What went wrong, in words for a page."""
    if to_file:
        return f"не удалось сохранить письмо: почтовый сервер не настроен ({type(exc).__name__})"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "почтовый сервер отклонил адреса: " + ", ".join(sorted(exc.recipients))
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"почтовый сервер ответил {exc.smtp_code}: {text}"
    return f"почтовый сервер недоступен ({type(exc).__name__}: {exc})"
