"""OpenAPI description of the background-work endpoints (`/tasks/`)."""
from portal.openapi.conventions import describe

_AUTH = [{"tokenAuth": []}, {"sessionAuth": []}]


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _error(description: str) -> dict:
    return {"description": description, "content": _json("Error")}


_JOB = {"name": "job_id", "in": "path", "required": True, "schema": {"type": "integer", "example": 312},
        "description": "Number of the run (`id` of a TaskRun; the `Location` of POST /smart_doc/documents/bulk/)."}
_DATE = {"type": "string", "format": "date-time"}

SCHEMAS = {
    "TaskRun": {
        "type": "object",
        "description": "An issue run on the task queue and how far it got.",
        "properties": {
            "id": {"type": "integer"},
            "kind": {"type": "string", "enum": ["issue_run"]},
            "title": {"type": "string"},
            "state": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
            "total": {"type": "integer"},
            "done": {"type": "integer"},
            "percent": {"type": "integer", "minimum": 0, "maximum": 100},
            "attempts": {"type": "integer", "description": "The most attempts any chunk took."},
            "last_error": {"type": "string", "nullable": True},
            "created": _DATE,
            "url": {"type": "string"},
            "issued": {"type": "array", "description": "What the run issued so far, in number order.",
                       "items": {"type": "object", "properties": {
                           "public_id": {"type": "string"}, "content_id": {"type": "string"},
                           "doc_id": {"type": "string"}, "number": {"type": "string"}}}},
        },
        "required": ["id", "kind", "state", "total", "done", "percent", "last_error", "url"],
    },
    "FailedMail": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"}, "document": {"type": "string"}, "number": {"type": "string"},
            "recipients": {"type": "array", "items": {"type": "string"}}, "attempts": {"type": "integer"},
            "last_error": {"type": "string", "nullable": True}, "created": _DATE,
        },
        "required": ["id", "document", "recipients", "attempts", "last_error"],
    },
    "TaskBoard": {
        "type": "object",
        "properties": {
            "runs": {"type": "array", "items": {"$ref": "#/components/schemas/TaskRun"}},
            "failed_mails": {"type": "array", "items": {"$ref": "#/components/schemas/FailedMail"}},
        },
        "required": ["runs", "failed_mails"],
    },
    "MailList": {
        "type": "object",
        "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/MailDelivery"}}},
        "required": ["results"],
    },
}

_DIRECTOR = _error("The caller is not a director of a company")
_NOT_FOUND = _error("Not found, or not the caller's company's (the same answer).")
_UNAUTHORIZED = _error("No credentials.")

describe(SCHEMAS, {
    "TaskRun.id": ("Number of the run (GET /tasks/{job_id}/).", 312),
    "TaskRun.kind": "What the run does: `issue_run` issues smart documents.",
    "TaskRun.title": ("The run in words.", "Выпуск 25 документов: счёт на оплату"),
    "TaskRun.state": "`queued`, `running`, `done`, or `failed` (the director may retry it).",
    "TaskRun.total": ("Documents to issue.", 25),
    "TaskRun.done": ("Issued so far.", 10),
    "TaskRun.percent": ("done / total, percent.", 40),
    "TaskRun.attempts": (None, 1),
    "TaskRun.last_error": ("Why the last failed chunk failed.", None),
    "TaskRun.created": ("When it was started.", "2026-12-03T08:15:00+05:00"),
    "TaskRun.url": ("Poll it here.", "/tasks/312/"),
    "TaskRun.issued[].public_id": ("Public id of the issued record.", "5f2c9a1e"),
    "TaskRun.issued[].content_id": ("Public id of its source smart document.", "c3b2a1f0"),
    "TaskRun.issued[].doc_id": ("The 13-digit code under its QR code.", "4820193746501"),
    "TaskRun.issued[].number": ("Its number.", "2026-000151"),
    "FailedMail": "An e-mail of an issued document that was given up on.",
    "FailedMail.id": ("Number of the e-mail (POST /tasks/mail/{mail_id}/retry/).", 17),
    "FailedMail.document": ("Public id of the issued document.", "5f2c9a1e"),
    "FailedMail.number": ("Its number.", "2026-000123"),
    "FailedMail.recipients": ("The addresses.", ["buh@eurasia-trade.kz"]),
    "FailedMail.attempts": ("Attempts made.", 5),
    "FailedMail.last_error": ("The mail server's last answer.", "550 5.1.1 Mailbox unavailable"),
    "FailedMail.created": ("When it was asked for.", "2026-12-02T10:00:00+05:00"),
    "TaskBoard": "The company's background work: runs, and e-mails that failed.",
    "TaskBoard.runs": "Runs, newest first.",
    "TaskBoard.failed_mails": "E-mails given up on, newest first.",
    "MailList": "An issued document's e-mails.",
    "MailList.results": "Newest first.",
})

PATHS = {
    "/tasks/": {
        "get": {"summary": "The company's issue runs and given-up e-mails with their last errors (director)",
                "security": _AUTH,
                "responses": {"200": {"description": "Newest first", "content": _json("TaskBoard")},
                              "401": _UNAUTHORIZED, "403": _DIRECTOR}},
    },
    "/tasks/{job_id}/": {
        "parameters": [_JOB],
        "get": {"summary": "One issue run's progress (who started it, or a director of the company)",
                "security": _AUTH,
                "responses": {"200": {"description": "The run", "content": _json("TaskRun")},
                              "401": _UNAUTHORIZED, "404": _NOT_FOUND}},
    },
    "/tasks/{job_id}/retry/": {
        "parameters": [_JOB],
        "post": {"summary": "Start a failed run's failed chunks again, with their reserved numbers (director)",
                 "security": _AUTH,
                 "responses": {"202": {"description": "The run, queued again", "content": _json("TaskRun")},
                               "401": _UNAUTHORIZED, "403": _DIRECTOR, "404": _NOT_FOUND,
                               "409": _error("The run has not failed")}},
    },
    "/tasks/mail/{mail_id}/retry/": {
        "parameters": [{"name": "mail_id", "in": "path", "required": True, "schema": {"type": "integer", "example": 17},
                        "description": "Number of the failed e-mail (`id` of a FailedMail)."}],
        "post": {"summary": "Send a given-up e-mail again, as a new e-mail to the same addresses (director)",
                 "security": _AUTH,
                 "responses": {"202": {"description": "The new e-mail", "content": _json("MailDelivery")},
                               "401": _UNAUTHORIZED, "403": _DIRECTOR, "404": _NOT_FOUND,
                               "409": _error("The e-mail was not given up")}},
    },
}
