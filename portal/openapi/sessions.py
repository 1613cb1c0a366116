"""OpenAPI paths of the account's security (logins, passwords, links, tokens) and the audit log."""
from portal.models.base import PUBLIC_ID_PATTERN
from portal.openapi.clients import PAGE_PARAMETERS, TOKEN_SECURITY, _error, _invalid, _ok, _ref

TIME = {"type": "string", "format": "date-time"}
NULLABLE_TIME = {**TIME, "nullable": True}
COOKIE_OR_TOKEN = TOKEN_SECURITY
DETAIL = _ok(_ref("Error"), "`{\"detail\": ...}`: what happens next, in Russian.")
LOGIN_NEEDED = _error("Not logged in, or the login has ended (logout, password change, reset).")


def _object(properties: dict, required: list | None = None) -> dict:
    """A closed object whose properties are all required unless said otherwise."""
    return {"type": "object", "properties": properties, "required": required if required is not None else list(properties),
            "additionalProperties": False}


def _body(schema: dict) -> dict:
    """A JSON request body (unknown keys are ignored, as by the forms behind it)."""
    schema = {key: value for key, value in schema.items() if key != "additionalProperties"}
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _secured(operation: dict) -> dict:
    """An operation of a logged-in user (browser session or API key)."""
    operation["security"] = COOKIE_OR_TOKEN
    operation["responses"].setdefault("401", LOGIN_NEEDED)
    return operation


def _op(summary: str, operation_id: str, responses: dict, **extra) -> dict:
    """One operation of the Account tag."""
    return {"tags": ["Account"], "summary": summary, "operationId": operation_id, "responses": responses, **extra}


PASSWORD = {"type": "string", "minLength": 8, "maxLength": 200}
TOKEN_PATH = {"name": "token", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 200}}
ID_PATH = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "pattern": PUBLIC_ID_PATTERN}}


SCHEMAS = {
    "ApiTokenInfo": _object({"id": {"type": "string"}, "name": {"type": "string"}, "created": TIME,
                             "last_used_at": NULLABLE_TIME}),
    "NewApiToken": _object({"id": {"type": "string"}, "name": {"type": "string"}, "created": TIME,
                            "last_used_at": NULLABLE_TIME, "token": {"type": "string", "minLength": 40}}),
    "LoginInfo": _object({"created": TIME, "expires_at": TIME, "remembered": {"type": "boolean"},
                          "ip": {"type": "string"}, "user_agent": {"type": "string"}, "current": {"type": "boolean"}}),
    "PasswordChanged": _object({"logins_ended": {"type": "integer"}, "tokens_revoked": {"type": "integer"}}),
    "AuditEvent": _object({
        "id": {"type": "integer"}, "created": TIME, "event": {"type": "string"}, "label": {"type": "string"},
        "user": {"type": "object", "nullable": True, "properties": {
            "id": {"type": "string"}, "email": {"type": "string"}, "full_name": {"type": "string"}}},
        "ip": {"type": "string"}, "details": {"type": "object"},
    }),
    "AuditEventPage": {
        "type": "object",
        "properties": {"count": {"type": "integer", "minimum": 0},
                       "next": {"type": "string", "format": "uri", "nullable": True},
                       "previous": {"type": "string", "format": "uri", "nullable": True},
                       "results": {"type": "array", "items": _ref("AuditEvent")}},
        "required": ["count", "next", "previous", "results"],
    },
}


def _paths() -> dict:
    """Every path of this area."""
    from portal.audit.events import EVENT_LABELS

    email = {"type": "string", "format": "email", "maxLength": 254}
    return {
        "/auth/register/": {
            "get": _op("How to register", "auth_register_help", {"200": DETAIL}),
            "post": _op("Start a registration: the same answer whether or not the address has an account",
                        "auth_register", {"200": DETAIL, "400": _invalid("Invalid fields."),
                                          "429": _error("Too many registrations from this address or for this e-mail.")},
                        requestBody=_body(_object({"full_name": {"type": "string", "minLength": 1, "maxLength": 200},
                                                   "email": email, "password": PASSWORD, "confirm": PASSWORD}))),
        },
        "/auth/register/confirm/{token}/": {
            "parameters": [TOKEN_PATH],
            "get": _op("The address a registration link confirms", "auth_register_check",
                       {"200": _ok(_object({"email": {"type": "string"}})), "404": _error("Used, expired or unknown link.")}),
            "post": _op("Create the account of a registration link and log in", "auth_register_confirm",
                        {"201": _ok(_object({"id": {"type": "string"}, "email": {"type": "string"}})),
                         "404": _error("Used, expired or unknown link.")}),
        },
        "/auth/password/": {
            "get": _secured(_op("Whether the account must replace a temporary password", "auth_password_state",
                                {"200": _ok(_object({"must_change_password": {"type": "boolean"}}))})),
            "post": _secured(_op("Change the password; the account's other logins end", "auth_password_change",
                                 {"200": _ok(_ref("PasswordChanged")),
                                  "400": _invalid("Wrong current password (`current_password`) or invalid new one.")},
                                 requestBody=_body(_object({"current_password": {"type": "string", "maxLength": 200},
                                                            "password": PASSWORD, "confirm": PASSWORD,
                                                            "revoke_tokens": {"type": "boolean"}},
                                                           ["current_password", "password", "confirm"])))),
        },
        "/auth/password/forgot/": {
            "get": _op("How to ask for a reset link", "auth_password_forgot_help", {"200": DETAIL}),
            "post": _op("Send a reset link (1 hour, single use); the same answer for any address",
                        "auth_password_forgot", {"200": DETAIL, "400": _invalid("Not an e-mail address."),
                                                 "429": _error("Too many requests for this address or from this client.")},
                        requestBody=_body(_object({"email": email}))),
        },
        "/auth/password/reset/{token}/": {
            "parameters": [TOKEN_PATH],
            "get": _op("The account a reset link is for", "auth_password_reset_check",
                       {"200": _ok(_object({"email": {"type": "string"}})), "404": _error("Used, expired or unknown link.")}),
            "post": _op("Set a new password from a reset link; every login of the account ends", "auth_password_reset",
                        {"200": DETAIL, "400": _invalid("Invalid new password."),
                         "404": _error("Used, expired or unknown link.")},
                        requestBody=_body(_object({"password": PASSWORD, "confirm": PASSWORD}))),
        },
        "/auth/tokens/": {
            "get": _secured(_op("The user's live API tokens", "auth_tokens",
                                {"200": _ok({"type": "array", "items": _ref("ApiTokenInfo")})})),
            "post": _secured(_op("Create a named API token; the key is shown only in this answer", "auth_tokens_create",
                                 {"201": _ok(_ref("NewApiToken")), "400": _invalid("No name, or longer than 100.")},
                                 requestBody=_body(_object({"name": {"type": "string", "minLength": 1,
                                                                     "maxLength": 100}})))),
        },
        "/auth/tokens/{id}/": {
            "parameters": [ID_PATH],
            "delete": _secured(_op("Revoke one of the user's tokens", "auth_tokens_delete",
                                   {"204": {"description": "Revoked."}, "404": _error("No such token of this user.")})),
        },
        "/auth/tokens/{id}/revoke/": {
            "parameters": [ID_PATH],
            "post": _secured(_op("Revoke one of the user's tokens (the page's button)", "auth_tokens_revoke",
                                 {"204": {"description": "Revoked."}, "404": _error("No such token of this user.")})),
        },
        "/auth/sessions/": {
            "get": _secured(_op("The account's open logins, this one marked", "auth_sessions",
                                {"200": _ok({"type": "array", "items": _ref("LoginInfo")})})),
        },
        "/auth/sessions/end-all/": {
            "post": _secured(_op("«Выйти на всех устройствах»: end every login of the account", "auth_sessions_end_all",
                                 {"204": {"description": "Every login ended, this one too."}})),
        },
        "/audit/": {
            "get": _secured({
                "tags": ["Audit"], "summary": "The company's audit log, newest first (directors only)",
                "operationId": "audit_log",
                "parameters": [
                    {"name": "event", "in": "query", "required": False,
                     "schema": {"type": "string", "enum": list(EVENT_LABELS)}},
                    *PAGE_PARAMETERS,
                ],
                "responses": {"200": _ok(_ref("AuditEventPage")), "400": _invalid("Unknown event code."),
                              "403": _error("Not the company's director."), "404": _error("No company, or no such page.")},
            }),
        },
    }


PATHS = _paths()
