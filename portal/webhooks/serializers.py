"""JSON shapes of webhook endpoints, deliveries and attempts."""
from flask import url_for

from portal.timeutil import iso


def endpoint_json(endpoint, secret: str | None = None) -> dict:
    """An endpoint; `secret` only in the answer that created it."""
    data = {
        "id": endpoint.public_id,
        "url": endpoint.url,
        "description": endpoint.description,
        "events": list(endpoint.events),
        "active": endpoint.active,
        "failures_in_row": endpoint.failures_in_row,
        "disabled_reason": endpoint.disabled_reason or None,
        "created": iso(endpoint.created),
        "deliveries": url_for("webhooks.deliveries", public_id=endpoint.public_id, _external=True),
    }
    if secret is not None:
        data["secret"] = secret
    return data


def attempt_json(attempt) -> dict:
    return {"number": attempt.number, "at": iso(attempt.at), "status_code": attempt.status_code,
            "response_ms": attempt.response_ms, "error": attempt.error or None, "manual": attempt.manual}


def delivery_json(delivery) -> dict:
    return {
        "id": delivery.public_id,
        "event_id": delivery.event_id,
        "event": delivery.event,
        "state": delivery.state,
        "attempts": delivery.attempts,
        "next_attempt": iso(delivery.next_attempt) if delivery.state == "pending" else None,
        "last_status": delivery.last_status,
        "last_error": delivery.last_error or None,
        "created": iso(delivery.created),
        "delivered": iso(delivery.delivered),
        "log": [attempt_json(a) for a in delivery.log],
    }


def endpoints_json(data: dict) -> dict:
    return {"events": data["events"], "results": [endpoint_json(e) for e in data["endpoints"]]}
