"""OpenAPI description of webhooks: endpoints (directors only), their deliveries, re-sending."""
from portal.openapi.conventions import PAGE_PARAMETERS, page_of
from portal.webhooks.service import EVENTS

ID = {"type": "string", "pattern": "^[0-9a-f]{8}$", "example": "3f9a1c2e"}
SECURITY = [{"tokenAuth": []}, {"sessionAuth": []}]
TIME = {"type": "string", "format": "date-time", "example": "2026-03-01T10:15:00+05:00"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERROR = _json(_ref("Error"), "")
ERRORS = {
    "401": {**ERROR, "description": "No credentials."},
    "403": {**ERROR, "description": "Not the company's director."},
}
NOT_FOUND = {"404": {**ERROR, "description": "No such endpoint or delivery in the caller's company."}}

SCHEMAS = {
    "WebhookEndpointInput": {
        "type": "object", "required": ["url", "events"], "additionalProperties": False,
        "properties": {
            "url": {"type": "string", "format": "uri", "maxLength": 2000, "example": "https://erp.example.kz/hooks/portal",
                    "description": "Where events are POSTed. Loopback, private, link-local, multicast and reserved "
                                   "addresses are refused (checked after DNS, again at every delivery)."},
            "events": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": list(EVENTS)},
                       "example": ["document.issued", "invoice.paid"], "description": "The events to receive."},
            "description": {"type": "string", "maxLength": 200, "example": "1С: бухгалтерия",
                            "description": "A note to tell endpoints apart."},
        },
    },
    "WebhookEndpoint": {
        "type": "object", "additionalProperties": False,
        "required": ["id", "url", "description", "events", "active", "failures_in_row", "disabled_reason", "created",
                     "deliveries"],
        "properties": {
            "id": {**ID, "description": "The endpoint's id."},
            "url": {"type": "string", "example": "https://erp.example.kz/hooks/portal", "description": "Where events go."},
            "description": {"type": "string", "example": "1С: бухгалтерия", "description": "The director's note."},
            "events": {"type": "array", "items": {"type": "string", "enum": list(EVENTS)}, "example": ["document.issued"],
                       "description": "The events it receives."},
            "active": {"type": "boolean", "example": True,
                       "description": "False once disabled after failing attempts in a row (POST …/enable/ to resume)."},
            "failures_in_row": {"type": "integer", "minimum": 0, "example": 0, "description": "Failed attempts in a row."},
            "disabled_reason": {"type": "string", "nullable": True, "example": None, "description": "Why it was disabled."},
            "created": {**TIME, "description": "When it was registered."},
            "deliveries": {"type": "string", "format": "uri", "example": "https://portal.kz/webhooks/3f9a1c2e/deliveries/",
                           "description": "Its delivery log."},
            "secret": {"type": "string", "example": "whsec_6b1f…", "description": "Only in the answers of POST /webhooks/ and "
                       "POST /webhooks/{public_id}/secret/: the HMAC key of X-Portal-Signature. Store it; it is never shown again."},
        },
    },
    "WebhookAttempt": {
        "type": "object", "additionalProperties": False,
        "required": ["number", "at", "status_code", "response_ms", "error", "manual"],
        "properties": {
            "number": {"type": "integer", "example": 1, "description": "Which attempt of the delivery."},
            "at": {**TIME, "description": "When it was made."},
            "status_code": {"type": "integer", "nullable": True, "example": 200,
                            "description": "The endpoint's HTTP status; null when nothing came back."},
            "response_ms": {"type": "integer", "nullable": True, "example": 84, "description": "Time to the answer."},
            "error": {"type": "string", "nullable": True, "example": None, "description": "What went wrong."},
            "manual": {"type": "boolean", "example": False, "description": "Sent by hand (resend)."},
        },
    },
    "WebhookDelivery": {
        "type": "object", "additionalProperties": False,
        "required": ["id", "event_id", "event", "state", "attempts", "next_attempt", "last_status", "last_error",
                     "created", "delivered", "log"],
        "properties": {
            "id": {**ID, "description": "The delivery's id (resend with it)."},
            "event_id": {"type": "string", "example": "evt_5c0d0a8f2b7e41d9a3c6e1f0",
                         "description": "The event's id, as in the body's `id` (dedupe on it)."},
            "event": {"type": "string", "enum": list(EVENTS), "example": "document.issued", "description": "The event."},
            "state": {"type": "string", "enum": ["pending", "sending", "delivered", "failed"], "example": "delivered",
                      "description": "pending: waits for its next attempt; failed: attempts used up or endpoint disabled."},
            "attempts": {"type": "integer", "example": 1, "description": "Attempts so far."},
            "next_attempt": {**TIME, "nullable": True, "description": "When a pending delivery is tried next."},
            "last_status": {"type": "integer", "nullable": True, "example": 200, "description": "Last HTTP status."},
            "last_error": {"type": "string", "nullable": True, "example": None, "description": "Last error."},
            "created": {**TIME, "description": "When the event happened."},
            "delivered": {**TIME, "nullable": True, "description": "When the endpoint took it."},
            "log": {"type": "array", "items": _ref("WebhookAttempt"), "description": "Every attempt, oldest first."},
        },
    },
    "WebhookEndpointList": {
        "type": "object", "additionalProperties": False, "required": ["events", "results"],
        "properties": {
            "events": {"type": "object", "additionalProperties": {"type": "string"},
                       "example": {"document.issued": "Выпущен документ (PDF с номером)"},
                       "description": "Every event an endpoint may ask for, with its meaning."},
            "results": {"type": "array", "items": _ref("WebhookEndpoint"), "description": "The company's endpoints."},
        },
    },
}

for _name, _description in (
        ("WebhookEndpointInput", "An endpoint to register: where to send, and which events."),
        ("WebhookEndpoint", "A webhook endpoint of the company: its URL, events and health."),
        ("WebhookAttempt", "One HTTP attempt of a delivery."),
        ("WebhookDelivery", "One event sent (or being sent) to an endpoint, with its attempts."),
        ("WebhookEndpointList", "The company's webhook endpoints and the events one may choose.")):
    SCHEMAS[_name]["description"] = SCHEMAS[_name].get("description") or _description

PAGE = page_of(_ref("WebhookDelivery"), "deliveries, newest first", uri=False)
PATH_ID = [{"name": "public_id", "in": "path", "required": True, "schema": ID, "description": "The endpoint's id."}]
TAG = ["Webhooks"]

PATHS = {
    "/webhooks/": {
        "get": {"tags": TAG, "summary": "The company's webhook endpoints", "operationId": "webhooks_list",
                "security": SECURITY, "responses": {"200": _json(_ref("WebhookEndpointList"), "Endpoints."), **ERRORS}},
        "post": {"tags": TAG, "summary": "Register a webhook endpoint (the answer carries its secret, once)",
                 "operationId": "webhooks_create", "security": SECURITY,
                 "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("WebhookEndpointInput")}}},
                 "responses": {"201": _json(_ref("WebhookEndpoint"), "Registered, with `secret`."),
                               "400": _json(_ref("ValidationError"), "A refused URL, unknown events, named."),
                               "409": {**ERROR, "description": "Too many endpoints."}, **ERRORS}},
    },
    "/webhooks/{public_id}/": {
        "parameters": PATH_ID,
        "get": {"tags": TAG, "summary": "One webhook endpoint", "operationId": "webhooks_retrieve", "security": SECURITY,
                "responses": {"200": _json(_ref("WebhookEndpoint"), "The endpoint."), **ERRORS, **NOT_FOUND}},
        "delete": {"tags": TAG, "summary": "Remove a webhook endpoint and its log", "operationId": "webhooks_delete",
                   "security": SECURITY, "responses": {"204": {"description": "Removed."}, **ERRORS, **NOT_FOUND}},
    },
    "/webhooks/{public_id}/enable/": {
        "parameters": PATH_ID,
        "post": {"tags": TAG, "summary": "Switch a disabled endpoint on again", "operationId": "webhooks_enable",
                 "security": SECURITY, "responses": {"200": _json(_ref("WebhookEndpoint"), "Active again."),
                                                     **ERRORS, **NOT_FOUND}},
    },
    "/webhooks/{public_id}/secret/": {
        "parameters": PATH_ID,
        "post": {"tags": TAG, "summary": "Rotate the endpoint's secret (the answer carries the new one, once)",
                 "operationId": "webhooks_rotate_secret", "security": SECURITY,
                 "description": "The old secret stops signing at once: every delivery sent from now on, including "
                                "retries of earlier events, is signed with the new one. Update the receiver first "
                                "to accept either secret, rotate, then drop the old one.",
                 "responses": {"200": _json(_ref("WebhookEndpoint"), "The endpoint, with its new `secret`."),
                               **ERRORS, **NOT_FOUND}},
    },
    "/webhooks/{public_id}/deliveries/": {
        "parameters": PATH_ID,
        "get": {"tags": TAG, "summary": "An endpoint's deliveries with every attempt", "operationId": "webhooks_deliveries",
                "security": SECURITY, "parameters": PAGE_PARAMETERS,
                "responses": {"200": _json(PAGE, "One page."), "400": _json(_ref("ValidationError"), "A bad page."),
                              **ERRORS, **NOT_FOUND}},
    },
    "/webhooks/deliveries/{public_id}/resend/": {
        "parameters": [{"name": "public_id", "in": "path", "required": True, "schema": ID, "description": "The delivery's id."}],
        "post": {"tags": TAG, "summary": "Send a delivery again now", "operationId": "webhooks_resend", "security": SECURITY,
                 "responses": {"202": _json(_ref("WebhookDelivery"), "Queued."),
                               "409": {**ERROR, "description": "The endpoint is disabled, or the delivery is being sent."},
                               **ERRORS, **NOT_FOUND}},
    },
}
