"""What every operation shares, added to the assembled document in one place so no area can
forget it: `Idempotency-Key` (and its 409/422) on every POST, 304 and validators on every GET,
429 with the RateLimit-* headers on every operation an API key may call."""

IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "description": ("Any 1-200 visible ASCII characters (a UUID is best). The first successful answer for the key "
                    "is given again for 24 hours to the same request (method, path, query, body), marked "
                    "`Idempotent-Replayed: true`; the same key with another request is a 422."),
    "schema": {"type": "string", "pattern": "^[\\x21-\\x7e]{1,200}$", "example": "6f1c2a8e-3b5d-4c1e-9f0a-7d2b4e6c8a10"},
}
IF_NONE_MATCH = {
    "name": "If-None-Match", "in": "header", "required": False,
    "description": "The `ETag` of your copy: a 304 with no body while it is current.",
    "schema": {"type": "string", "example": 'W/"5d41402abc4b2a76b9719d911017c592"'},
}
ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
RATE_HEADERS = {
    "RateLimit-Limit": {"description": "Requests allowed in the tightest window.", "schema": {"type": "integer"}},
    "RateLimit-Remaining": {"description": "Requests left in it.", "schema": {"type": "integer"}},
    "RateLimit-Reset": {"description": "Seconds until it starts again.", "schema": {"type": "integer"}},
    "Retry-After": {"description": "Seconds to wait before the next request.", "schema": {"type": "integer"}},
}
VALIDATOR_HEADERS = {
    "ETag": {"description": "Weak validator of this answer's body; send it back as If-None-Match.",
             "schema": {"type": "string"}},
    "Last-Modified": {"description": "When what the answer shows last changed (where that is known).",
                      "schema": {"type": "string"}},
}


# Shared pieces live once under components and are referenced, so the document stays small.
COMPONENTS = {
    "parameters": {"IdempotencyKey": IDEMPOTENCY_KEY, "IfNoneMatch": IF_NONE_MATCH},
    "headers": {**{name.replace("-", ""): value for name, value in RATE_HEADERS.items()},
                **{name.replace("-", ""): value for name, value in VALIDATOR_HEADERS.items()}},
    "responses": {
        "NotModified": {"description": "Not modified: your copy (If-None-Match / If-Modified-Since) is current; no body."},
        "TooManyRequests": {"description": "Over this API key's rate limit (API_RATE_LIMIT).", "content": ERROR,
                            "headers": {name: {"$ref": f"#/components/headers/{name.replace('-', '')}"}
                                        for name in RATE_HEADERS}},
        "IdempotencyRunning": {"description": "A request with this Idempotency-Key is still running.", "content": ERROR},
        "IdempotencyConflict": {"description": "This Idempotency-Key was used with another request.", "content": ERROR},
    },
}
VALIDATOR_REFS = {name: {"$ref": f"#/components/headers/{name.replace('-', '')}"} for name in VALIDATOR_HEADERS}


def _ref(kind: str, name: str) -> dict:
    return {"$ref": f"#/components/{kind}/{name}"}


def _add_parameter(operation: dict, parameter: dict, name: str) -> None:
    names = {(p.get("name"), p.get("in")) for p in operation.get("parameters", [])}
    if (parameter["name"], parameter["in"]) not in names:
        operation.setdefault("parameters", []).append(_ref("parameters", name))


def apply_conventions(paths: dict) -> dict:
    """Add the shared parameters and answers to every operation of `paths` (in place)."""
    for item in paths.values():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            if method == "post":
                _add_parameter(operation, IDEMPOTENCY_KEY, "IdempotencyKey")
                responses.setdefault("400", {"description": "A malformed Idempotency-Key (or body), named.",
                                             "content": {"application/json": {"schema": {
                                                 "$ref": "#/components/schemas/ValidationError"}}}})
                responses.setdefault("409", _ref("responses", "IdempotencyRunning"))
                responses.setdefault("422", _ref("responses", "IdempotencyConflict"))
            if method == "get":
                _add_parameter(operation, IF_NONE_MATCH, "IfNoneMatch")
                responses.setdefault("304", _ref("responses", "NotModified"))
                ok = responses.get("200")
                if ok is not None and "application/json" in ok.get("content", {}):
                    ok.setdefault("headers", {}).update(VALIDATOR_REFS)
            if operation.get("security"):
                responses.setdefault("429", _ref("responses", "TooManyRequests"))
    return paths
