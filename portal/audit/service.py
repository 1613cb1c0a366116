"""Writing the audit log. Any area calls `record_event` where something worth answering for happens.

The event joins the caller's transaction: it is committed with the change it describes and
rolled back with it, so the log never tells of something that did not happen. A caller with
nothing else to write (a failed login) commits right after.
"""
from flask import has_request_context, request

from portal.extensions import db
from portal.models.audit import AuditEvent

MAX_EVENT = 50


def _client_ip() -> str:
    """The caller's address when there is a request (ProxyFix has already applied X-Forwarded-For)."""
    if not has_request_context():
        return ""
    return (request.remote_addr or "")[:45]


def record_event(company_id: int | None, user_id: int | None, event: str, details: dict | None = None) -> AuditEvent:
    """Add one event to the current transaction (the caller commits).

    `company_id`: whose log it goes to (None: an account without a company); `user_id`: who
    acted or whose account it is (None: unknown, e.g. a failed login on an address without
    an account); `event`: a short code from `portal.audit.events.EVENT_LABELS`; `details`:
    JSON-ready facts for the reader, never a secret.
    """
    if not event or len(event) > MAX_EVENT:
        raise ValueError(f"audit event code must be 1..{MAX_EVENT} characters: {event!r}")
    row = AuditEvent(company_id=company_id, user_id=user_id, event=event, details=dict(details or {}),
                     ip=_client_ip())
    db.session.add(row)
    return row


def record_user_event(user, event: str, details: dict | None = None) -> AuditEvent:
    """An event about `user`'s own account, filed under their company if they have one."""
    staff = user.staff
    return record_event(staff.company_id if staff else None, user.id, event, details)
