"""Sending deliveries: one attempt per task run, claimed with a conditional UPDATE and a lease
(as e-mails are), so a second delivery of the task does nothing and a dead worker's attempt is
retried by the clock. Failures back off (WEBHOOKS_BACKOFF_SECONDS, 7 attempts by default); an
endpoint failing WEBHOOKS_DISABLE_AFTER attempts in a row is switched off and the company's
directors get an e-mail. Each attempt runs in its own session, apart from any request's."""
import logging
import os
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, render_template
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import ROLE_DIRECTOR, Staff, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from portal.timeutil import now_utc
from portal.webhooks import signing, targets, vault

log = logging.getLogger(__name__)


def _config(name: str, default):
    return current_app.config.get(name, default)


def backoff() -> list[int]:
    """Seconds to wait after the 1st, 2nd, ... failed attempt (its length + 1 is the attempt count)."""
    return list(_config("WEBHOOKS_BACKOFF_SECONDS", (60, 300, 1800, 7200, 21600, 43200)))


def enqueue(delivery_ids: list[int], manual: bool = False) -> None:
    """Hand deliveries to the task queue; a queue that is down loses nothing (the clock finds them)."""
    from portal.tasks.jobs import deliver_webhook

    for delivery_id in delivery_ids:
        try:
            deliver_webhook(delivery_id, manual)
        except Exception:  # noqa: BLE001  (the row is the promise; retry_due sends it)
            log.exception("could not enqueue webhook delivery %s; the clock will send it", delivery_id)


def _claim(session: Session, delivery_id: int, manual: bool) -> bool:
    now = now_utc()
    lease = now + timedelta(seconds=int(_config("TASKS_LEASE_SECONDS", 300)))
    due = (WebhookDelivery.state == "pending") & (WebhookDelivery.next_attempt <= now)
    lost = (WebhookDelivery.state == "sending") & (WebhookDelivery.lease_until < now)
    result = session.execute(update(WebhookDelivery).where(WebhookDelivery.id == delivery_id, or_(due, lost))
                             .values(state="sending", lease_until=lease, attempts=WebhookDelivery.attempts + 1))
    session.commit()
    return result.rowcount == 1


def attempt(delivery_id: int, manual: bool = False) -> str | None:
    """One attempt at a delivery; its new state, or None if it was not ours to send."""
    with Session(db.engine) as session:
        if not _claim(session, delivery_id, manual):
            return None
        delivery = session.get(WebhookDelivery, delivery_id)
        endpoint = session.get(WebhookEndpoint, delivery.endpoint_id)
        if not endpoint.active:
            delivery.state, delivery.last_error, delivery.lease_until = "failed", "Адрес отключён.", None
            session.commit()
            return delivery.state
        headers = {signing.HEADER: signing.sign_now(vault.reveal(endpoint.secret_sealed), delivery.body),
                   "X-Portal-Event": delivery.event, "X-Portal-Delivery": delivery.event_id}
        answer = targets.post(endpoint.url, delivery.body, headers, bool(_config("WEBHOOKS_ALLOW_PRIVATE", False)),
                              float(_config("WEBHOOKS_TIMEOUT", 10)))
        now = now_utc()
        session.add(WebhookAttempt(delivery_id=delivery.id, number=delivery.attempts, at=now, status_code=answer.status,
                                   response_ms=answer.millis, error=answer.error, manual=manual))
        delivery.last_status, delivery.last_error, delivery.lease_until = answer.status, answer.error, None
        disabled = False
        if answer.ok:
            delivery.state, delivery.delivered, endpoint.failures_in_row = "delivered", now, 0
        else:
            endpoint.failures_in_row += 1
            waits = backoff()
            if delivery.attempts > len(waits):
                delivery.state = "failed"
            else:
                delivery.state, delivery.next_attempt = "pending", now + timedelta(seconds=waits[delivery.attempts - 1])
            if endpoint.active and endpoint.failures_in_row >= int(_config("WEBHOOKS_DISABLE_AFTER", 20)):
                endpoint.active, disabled = False, True
                endpoint.disabled_reason = (f"Отключён {now:%Y-%m-%d %H:%M} UTC после {endpoint.failures_in_row} "
                                            f"неудачных попыток подряд; последняя: {answer.error or answer.status}")[:500]
        session.commit()
        if disabled:
            notify_disabled(session, endpoint)
        return delivery.state


def retry_due(now=None, limit: int = 500) -> int:
    """Enqueue deliveries that are due (backoff over) or whose worker died; the clock's `webhooks` job."""
    now = now or now_utc()
    ids = list(db.session.execute(select(WebhookDelivery.id).where(or_(
        (WebhookDelivery.state == "pending") & (WebhookDelivery.next_attempt <= now),
        (WebhookDelivery.state == "sending") & (WebhookDelivery.lease_until < now),
    )).order_by(WebhookDelivery.id).limit(limit)).scalars())
    db.session.rollback()
    enqueue(ids)
    return len(ids)


def notify_disabled(session: Session, endpoint: WebhookEndpoint) -> None:
    """E-mail the company's directors that the endpoint was switched off (SMTP, else instance/outbox/)."""
    from portal.mailing.smtp import smtp_send
    from portal.models import User

    addresses = list(session.execute(select(User.email).join(Staff, Staff.user_id == User.id).where(
        Staff.company_id == endpoint.company_id, Staff.role == ROLE_DIRECTOR)).scalars())
    for address in addresses:
        message = EmailMessage()
        message["Subject"] = "Вебхук отключён: адрес не отвечает"
        message["From"] = current_app.config["MAIL_SENDER"]
        message["To"] = address
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain="portal.local")
        message.set_content(render_template("webhooks/disabled_email.txt", endpoint=endpoint))
        try:
            if current_app.config.get("MAIL_SERVER"):
                smtp_send(message)
            else:
                outbox = os.path.join(current_app.instance_path, "outbox")
                os.makedirs(outbox, exist_ok=True)
                with open(os.path.join(outbox, f"webhook-{endpoint.public_id}-{make_msgid()[1:9]}.eml"), "wb") as f:
                    f.write(bytes(message))
        except Exception:  # noqa: BLE001  (the page shows the endpoint as disabled anyway)
            log.exception("could not e-mail %s about disabled webhook %s", address, endpoint.public_id)
