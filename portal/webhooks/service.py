"""Webhook endpoints of a company (a director registers them) and `emit`, which other areas call
when something happens: it writes one delivery per subscribed endpoint inside the caller's
transaction, and the deliveries are enqueued only after that transaction commits (an event of
a rolled-back change is never sent; a lost enqueue is found by the clock's `webhooks` job)."""
import json
import secrets
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import event as sa_event, func, select
from sqlalchemy.orm import Session

from portal.errors import ApiError, ValidationFailed
from portal.extensions import db
from portal.models import Staff, WebhookDelivery, WebhookEndpoint
from portal.paging import Page, PageRequest, paginate
from portal.timeutil import iso, now_utc
from portal.webhooks import signing, targets, vault

EVENTS = {
    "document.issued": "Выпущен документ (PDF с номером)",
    "document.annulled": "Документ аннулирован",
    "payment.recorded": "Записана оплата",
    "invoice.paid": "Счёт оплачен полностью",
    "invoice.overdue": "Счёт просрочен",
    "statement.imported": "Загружена банковская выписка (с новыми строками)",
    "reminder.sent": "Отправлено напоминание об оплате счёта",
}
MAX_ENDPOINTS = 20
PENDING_KEY = "webhook_delivery_ids"


def require_director(staff: Staff | None) -> Staff:
    """Webhooks send the company's data out: only its director manages them."""
    if staff is None:
        raise ApiError(403, "Вебхуки доступны сотрудникам компании.")
    if not staff.is_director:
        raise ApiError(403, "Вебхуки настраивает только директор компании.")
    return staff


def clean_endpoint(data) -> dict:
    """URL, events and description of a new endpoint, or a 400 naming the fields."""
    errors: dict[str, list[str]] = {}
    url = data.get("url")
    if not isinstance(url, str) or not url.strip():
        errors["url"] = ["Укажите адрес, например https://example.kz/hooks/portal."]
    else:
        url = url.strip()
        try:
            targets.check_url(url, bool(current_app.config.get("WEBHOOKS_ALLOW_PRIVATE")))
        except ValidationFailed as exc:
            errors.update(exc.errors)
    events = data.get("events")
    if isinstance(events, str):
        events = [events]
    if hasattr(data, "getlist") and not isinstance(data, dict):
        events = data.getlist("events")
    if not isinstance(events, list) or not events or not all(isinstance(e, str) for e in events):
        errors["events"] = ["Выберите хотя бы одно событие: " + ", ".join(EVENTS) + "."]
    elif set(events) - set(EVENTS):
        errors["events"] = ["Неизвестные события: " + ", ".join(sorted(set(events) - set(EVENTS))) + "."]
    description = data.get("description") or ""
    if not isinstance(description, str) or len(description) > 200:
        errors["description"] = ["Строка не длиннее 200 символов."]
    if errors:
        raise ValidationFailed(errors)
    return {"url": url, "events": sorted(set(events), key=list(EVENTS).index), "description": description.strip()}


@dataclass
class NewEndpoint:
    """A registered endpoint and its secret, which is shown this once."""

    endpoint: WebhookEndpoint
    secret: str


def register(staff: Staff, data) -> NewEndpoint:
    """Add an endpoint for the director's company."""
    require_director(staff)
    values = clean_endpoint(data)
    count = db.session.execute(select(func.count(WebhookEndpoint.id))
                               .where(WebhookEndpoint.company_id == staff.company_id)).scalar_one()
    if count >= MAX_ENDPOINTS:
        raise ApiError(409, f"У компании уже {MAX_ENDPOINTS} адресов вебхуков: удалите ненужные.")
    secret = signing.new_secret()
    endpoint = WebhookEndpoint(company_id=staff.company_id, created_by_id=staff.user_id,
                               secret_sealed=vault.seal(secret), active=True, failures_in_row=0, disabled_reason="",
                               **values)
    db.session.add(endpoint)
    db.session.commit()
    return NewEndpoint(endpoint, secret)


def endpoints(company_id: int) -> list[WebhookEndpoint]:
    return list(db.session.execute(select(WebhookEndpoint).where(WebhookEndpoint.company_id == company_id)
                                   .order_by(WebhookEndpoint.id)).scalars())


def get_endpoint(company_id: int, public_id: str) -> WebhookEndpoint:
    """The company's endpoint, or a 404 (another company's too)."""
    endpoint = db.session.execute(select(WebhookEndpoint).where(
        WebhookEndpoint.company_id == company_id, WebhookEndpoint.public_id == public_id)).scalar_one_or_none()
    if endpoint is None:
        raise ApiError(404, "Адрес вебхука не найден.")
    return endpoint


def get_delivery(company_id: int, public_id: str) -> WebhookDelivery:
    delivery = db.session.execute(select(WebhookDelivery).where(
        WebhookDelivery.company_id == company_id, WebhookDelivery.public_id == public_id)).scalar_one_or_none()
    if delivery is None:
        raise ApiError(404, "Доставка не найдена.")
    return delivery


def deliveries_page(endpoint: WebhookEndpoint, wanted: PageRequest) -> Page:
    query = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id).order_by(WebhookDelivery.id.desc())
    return paginate(db.session, query, wanted)


def remove(endpoint: WebhookEndpoint) -> None:
    db.session.delete(endpoint)
    db.session.commit()


def enable(endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Switch a disabled endpoint on again (its failure count starts from zero)."""
    endpoint.active, endpoint.failures_in_row, endpoint.disabled_reason = True, 0, ""
    db.session.commit()
    return endpoint


def rotate_secret(endpoint: WebhookEndpoint) -> str:
    """A new secret for the endpoint, shown this once; the old one stops signing at once (a
    delivery is signed when it is sent, so retries of earlier events carry the new signature)."""
    secret = signing.new_secret()
    endpoint.secret_sealed = vault.seal(secret)
    db.session.commit()
    return secret


def resend(delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again now, whatever its state (the director's «Отправить ещё раз»)."""
    if not delivery.endpoint.active:
        raise ApiError(409, "Адрес отключён: включите его, затем отправляйте снова.")
    if delivery.state == "sending":
        raise ApiError(409, "Эта доставка отправляется прямо сейчас.")
    delivery.state, delivery.next_attempt, delivery.lease_until = "pending", now_utc(), None
    db.session.commit()
    from portal.webhooks.delivery import enqueue

    enqueue([delivery.id], manual=True)
    return delivery


def event_body(event_id: str, event: str, payload: dict, created=None) -> str:
    """The exact JSON sent (and signed): {id, event, created, data}."""
    return json.dumps({"id": event_id, "event": event, "created": iso(created or now_utc()), "data": payload},
                      ensure_ascii=False, separators=(",", ":"), default=str)


def subscribed_endpoints(company_id: int, event: str) -> list[WebhookEndpoint]:
    """The company's active endpoints that asked for `event`."""
    with db.session.no_autoflush:
        rows = db.session.execute(select(WebhookEndpoint).where(
            WebhookEndpoint.company_id == company_id, WebhookEndpoint.active.is_(True))).scalars()
        return [e for e in rows if event in e.events]


def emit(company_id: int, event: str, payload: dict) -> list[WebhookDelivery]:
    """Owe `event` (with `payload`, the object's JSON twin) to every active endpoint of the company
    subscribed to it. Inside the caller's transaction; sent after it commits."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    subscribed = subscribed_endpoints(company_id, event)
    if not subscribed:
        return []
    now = now_utc()
    event_id = "evt_" + secrets.token_hex(12)
    body = event_body(event_id, event, payload, now)
    made = [WebhookDelivery(endpoint_id=e.id, company_id=company_id, event_id=event_id, event=event, body=body,
                            state="pending", attempts=0, next_attempt=now, last_error="") for e in subscribed]
    db.session.add_all(made)
    return made


@sa_event.listens_for(Session, "after_flush")
def _note_new_deliveries(session: Session, flush_context) -> None:
    ids = [obj.id for obj in session.new if isinstance(obj, WebhookDelivery) and obj.state == "pending"]
    if ids:
        session.info.setdefault(PENDING_KEY, []).extend(ids)


@sa_event.listens_for(Session, "after_commit")
def _enqueue_committed(session: Session) -> None:
    ids = session.info.pop(PENDING_KEY, None)
    if ids:
        from portal.webhooks.delivery import enqueue

        enqueue(ids)


@sa_event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)
