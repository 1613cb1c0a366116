"""Reading the audit log: a company's events, newest first, for its director."""
from sqlalchemy import Select, select

from portal.audit.events import EVENT_LABELS, event_label
from portal.errors import ApiError, field_error
from portal.models import AuditEvent
from portal.models.accounts import Staff
from portal.staffing.service import require_company
from portal.timeutil import iso


def check_event_filter(event: str | None) -> str | None:
    """An `event` filter must be a code the log knows (a typo should not look like an empty log)."""
    if not event:
        return None
    if event not in EVENT_LABELS:
        raise field_error("event", "Неизвестный тип события. Допустимые: " + ", ".join(EVENT_LABELS) + ".")
    return event


def company_log_query(actor: Staff | None, event: str | None = None) -> Select:
    """The actor's company's events (directors only), optionally of one kind, newest first."""
    actor = require_company(actor)
    if not actor.is_director:  # the staff rule's own message spoke of managing staff here
        raise ApiError(403, "Журнал событий компании видит только её директор.")
    query = select(AuditEvent).where(AuditEvent.company_id == actor.company_id)
    event = check_event_filter(event)
    if event:
        query = query.where(AuditEvent.event == event)
    return query.order_by(AuditEvent.id.desc())


def event_json(event: AuditEvent) -> dict:
    """One event as the JSON twin shows it."""
    user = event.user
    return {
        "id": event.id,
        "created": iso(event.created),
        "event": event.event,
        "label": event_label(event.event),
        "user": {"id": user.public_id, "email": user.email, "full_name": user.full_name} if user else None,
        "ip": event.ip,
        "details": event.details or {},
    }
