"""OpenAPI description of the background-work endpoints (`/tasks/`)."""

_AUTH = [{"tokenAuth": []}, {"sessionAuth": []}]


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _error(description: str) -> dict:
    return {"description": description, "content": _json("Error")}


_JOB = {"name": "job_id", "in": "path", "required": True, "schema": {"type": "integer"}}
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
        "parameters": [{"name": "mail_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        "post": {"summary": "Send a given-up e-mail again, as a new e-mail to the same addresses (director)",
                 "security": _AUTH,
                 "responses": {"202": {"description": "The new e-mail", "content": _json("MailDelivery")},
                               "401": _UNAUTHORIZED, "403": _DIRECTOR, "404": _NOT_FOUND,
                               "409": _error("The e-mail was not given up")}},
    },
}
