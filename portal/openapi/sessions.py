"""OpenAPI paths of the account's security (logins, passwords, links, tokens) and the audit log."""
from portal.openapi.clients import PAGE_PARAMETERS, TOKEN_SECURITY, _error, _invalid, _ok, _ref
from portal.openapi.conventions import field, page_of, path_id

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


PASSWORD = {"type": "string", "minLength": 8, "maxLength": 200, "example": "N3w-Passw0rd!",
            "description": "The new password: 8-200 characters, not a common one."}
CONFIRM = {**PASSWORD, "description": "The new password again."}
TOKEN_PATH = {"name": "token", "in": "path", "required": True, "description": "The token of the e-mailed link.",
              "schema": {"type": "string", "maxLength": 200, "example": "Xq3v9KpL2mN8rT5wZ1yB4cF7hJ0dG6sA"}}
ID_PATH = path_id("id", "Public id of the token (`id` in GET /auth/tokens/).", "4e8a1c6f")
TOKEN_ID = field({"type": "string"}, "Public id of the token (DELETE /auth/tokens/{id}/).", "4e8a1c6f")
TOKEN_NAME = field({"type": "string"}, "The name given to the token: where it is used.", "1С: выгрузка счетов")
CREATED = field(TIME, "When it was created.", "2026-11-20T09:00:00+05:00")
LAST_USED = field(NULLABLE_TIME, "When a request last used it; null: never.", "2026-12-03T08:15:00+05:00")
EMAIL_OUT = field({"type": "string"}, "The account's e-mail.", "director@example.kz")

SCHEMAS = {
    "ApiTokenInfo": _object({"id": TOKEN_ID, "name": TOKEN_NAME, "created": CREATED, "last_used_at": LAST_USED}),
    "NewApiToken": _object({"id": TOKEN_ID, "name": TOKEN_NAME, "created": CREATED, "last_used_at": {**LAST_USED, "example": None},
                            "token": field({"type": "string", "minLength": 40},
                                           "The key: send it as `Authorization: Token <key>`. Shown only here.",
                                           "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b")}),
    "LoginInfo": _object({"created": field(TIME, "When the login began.", "2026-12-01T09:00:00+05:00"),
                          "expires_at": field(TIME, "When it ends unless used.", "2026-12-31T09:00:00+05:00"),
                          "remembered": field({"type": "boolean"}, "«Запомнить меня» was ticked (a long login).", True),
                          "ip": field({"type": "string"}, "The address it came from.", "95.56.12.4"),
                          "user_agent": field({"type": "string"}, "The browser or client.",
                                              "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0"),
                          "current": field({"type": "boolean"}, "This is the login of the request itself.", True)}),
    "PasswordChanged": _object({"logins_ended": field({"type": "integer"}, "The account's other logins ended.", 2),
                                "tokens_revoked": field({"type": "integer"}, "API tokens revoked (with `revoke_tokens`).", 0)}),
    "AuditEvent": _object({
        "id": field({"type": "integer"}, "Number of the entry.", 1042),
        "created": field(TIME, "When it happened.", "2026-12-03T08:15:00+05:00"),
        "event": field({"type": "string"}, "The event's code (the `event` filter).", "login"),
        "label": field({"type": "string"}, "The event in words.", "Вход в систему"),
        "user": {"type": "object", "nullable": True, "description": "Who did it; null: the system or someone logged out.",
                 "properties": {"id": field({"type": "string"}, "Public id of the user.", "5c2e8d1a"),
                                "email": EMAIL_OUT,
                                "full_name": field({"type": "string"}, "Their full name.", "Сейткали Асель")}},
        "ip": field({"type": "string"}, "The address the request came from.", "95.56.12.4"),
        "details": field({"type": "object"}, "What the event concerns (ids, numbers), by event.",
                         {"document": "5f2c9a1e", "number": "2026-000123"}),
    }),
    "AuditEventPage": page_of(_ref("AuditEvent"), "audit entries, newest first"),
}
for _name, _description in (("ApiTokenInfo", "A live API token of the user (its key is never shown again)."),
                            ("NewApiToken", "A new API token, with its key."),
                            ("LoginInfo", "An open login of the account."),
                            ("PasswordChanged", "What changing the password ended."),
                            ("AuditEvent", "One entry of the company's audit log.")):
    SCHEMAS[_name]["description"] = _description


def _paths() -> dict:
    """Every path of this area."""
    from portal.audit.events import EVENT_LABELS

    email = {"type": "string", "format": "email", "maxLength": 254, "example": "director@example.kz",
             "description": "The account's e-mail."}
    return {
        "/auth/register/": {
            "get": _op("How to register", "auth_register_help", {"200": DETAIL}),
            "post": _op("Start a registration: the same answer whether or not the address has an account",
                        "auth_register", {"200": DETAIL, "400": _invalid("Invalid fields."),
                                          "429": _error("Too many registrations from this address or for this e-mail.")},
                        requestBody=_body(_object({"full_name": field({"type": "string", "minLength": 1, "maxLength": 200},
                                                                            "Your full name.", "Иванов Иван Иванович"),
                                                   "email": email, "password": PASSWORD, "confirm": CONFIRM}))),
        },
        "/auth/register/confirm/{token}/": {
            "parameters": [TOKEN_PATH],
            "get": _op("The address a registration link confirms", "auth_register_check",
                       {"200": _ok(_object({"email": EMAIL_OUT})), "404": _error("Used, expired or unknown link.")}),
            "post": _op("Create the account of a registration link and log in", "auth_register_confirm",
                        {"201": _ok(_object({"id": field({"type": "string"}, "Public id of the new user.", "5c2e8d1a"),
                                             "email": EMAIL_OUT})),
                         "404": _error("Used, expired or unknown link.")}),
        },
        "/auth/password/": {
            "get": _secured(_op("Whether the account must replace a temporary password", "auth_password_state",
                                {"200": _ok(_object({"must_change_password": field(
                                    {"type": "boolean"}, "True: the password was set by a director; replace it.", False)}))})),
            "post": _secured(_op("Change the password; the account's other logins end", "auth_password_change",
                                 {"200": _ok(_ref("PasswordChanged")),
                                  "400": _invalid("Wrong current password (`current_password`) or invalid new one.")},
                                 requestBody=_body(_object({"current_password": field({"type": "string", "maxLength": 200},
                                                                                     "The password now.", "s3cret-Passw0rd"),
                                                            "password": PASSWORD, "confirm": CONFIRM,
                                                            "revoke_tokens": field({"type": "boolean"},
                                                                                   "Revoke every API token too.", False)},
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
                       {"200": _ok(_object({"email": EMAIL_OUT})), "404": _error("Used, expired or unknown link.")}),
            "post": _op("Set a new password from a reset link; every login of the account ends", "auth_password_reset",
                        {"200": DETAIL, "400": _invalid("Invalid new password."),
                         "404": _error("Used, expired or unknown link.")},
                        requestBody=_body(_object({"password": PASSWORD, "confirm": CONFIRM}))),
        },
        "/auth/tokens/": {
            "get": _secured(_op("The user's live API tokens", "auth_tokens",
                                {"200": _ok({"type": "array", "items": _ref("ApiTokenInfo")})})),
            "post": _secured(_op("Create a named API token; the key is shown only in this answer", "auth_tokens_create",
                                 {"201": _ok(_ref("NewApiToken")), "400": _invalid("No name, or longer than 100.")},
                                 requestBody=_body(_object({"name": field({"type": "string", "minLength": 1, "maxLength": 100},
                                                                    "Where the token is used (shown in the list).",
                                                                    "1С: выгрузка счетов")})))),
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
                     "schema": {"type": "string", "enum": list(EVENT_LABELS)}, "description": "Only this event: "
                     + ", ".join(f"`{code}` {label}" for code, label in EVENT_LABELS.items()) + "."},
                    *PAGE_PARAMETERS,
                ],
                "responses": {"200": _ok(_ref("AuditEventPage")), "400": _invalid("Unknown event code."),
                              "403": _error("Not the company's director."), "404": _error("No company, or no such page.")},
            }),
        },
    }


PATHS = _paths()
