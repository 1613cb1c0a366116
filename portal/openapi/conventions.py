"""What every operation shares, added to the assembled document in one place so no area can
forget it: `Idempotency-Key` (and its 409/422) on every POST, 304 and validators on every GET,
429 with the RateLimit-* headers on every operation an API key may call; and the pieces every
area builds its lists and fields from (paging, path ids, `field`)."""
from portal.models.base import PUBLIC_ID_PATTERN

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
AUTH = [{"tokenAuth": []}, {"sessionAuth": []}]  # an operation for an API key or a signed-in session
ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
RATE_HEADERS = {
    "RateLimit-Limit": {"description": "Requests allowed in the tightest window.",
                        "schema": {"type": "integer", "example": 120}},
    "RateLimit-Remaining": {"description": "Requests left in it.", "schema": {"type": "integer", "example": 0}},
    "RateLimit-Reset": {"description": "Seconds until it starts again.", "schema": {"type": "integer", "example": 42}},
    "Retry-After": {"description": "Seconds to wait before the next request.", "schema": {"type": "integer", "example": 42}},
}
VALIDATOR_HEADERS = {
    "ETag": {"description": "Weak validator of this answer's body; send it back as If-None-Match.",
             "schema": {"type": "string", "example": 'W/"5d41402abc4b2a76b9719d911017c592"'}},
    "Last-Modified": {"description": "When what the answer shows last changed (where that is known), HTTP date; "
                                     "send it back as If-Modified-Since.",
                      "schema": {"type": "string", "example": "Tue, 01 Dec 2026 06:15:00 GMT"}},
}

# Paging, as DRF's PageNumberPagination: every list of every area takes these and answers `page_of`.
PAGE = {"name": "page", "in": "query", "required": False, "description": "1-based page number; past the end is a 404.",
        "schema": {"type": "integer", "minimum": 1, "example": 2}}
PAGE_SIZE = {"name": "page_size", "in": "query", "required": False,
             "description": "Items per page, 20 by default; values over 100 are served as 100.",
             "schema": {"type": "integer", "minimum": 1, "example": 50}}
PAGE_PARAMETERS = [PAGE, PAGE_SIZE]


def json_ref(schema: str) -> dict:
    """A JSON body of the named component schema."""
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}


def page_of(item: dict, what: str, uri: bool = True, closed: bool = False) -> dict:
    """DRF's envelope around one page of `item` (a schema, usually a $ref); `what` names the
    items in the descriptions ("companies", "payments, newest first")."""
    link = {"type": "string", "nullable": True, **({"format": "uri"} if uri else {})}
    schema = {
        "type": "object",
        "description": f"One page of {what}.",
        "properties": {
            "count": {"type": "integer", "minimum": 0, "example": 137,
                      "description": f"How many {what.split(',')[0]} match, over every page."},
            "next": {**link, "example": "http://portal.example.kz/path/?page=3",
                     "description": "The next page's URL with the same filters; null on the last page."},
            "previous": {**link, "example": "http://portal.example.kz/path/?page=1",
                         "description": "The previous page's URL; null on the first page."},
            "results": {"type": "array", "items": item, "description": f"This page's {what}."},
        },
        "required": ["count", "next", "previous", "results"],
    }
    if closed:
        schema["additionalProperties"] = False
    return schema


def field(schema: dict, description: str, example=None) -> dict:
    """`schema` with the words and the example an integrator reads in the docs (the example
    is kept from `schema` when none is given)."""
    described = {**schema, "description": description}
    if example is not None:
        described["example"] = example
    return described


def path_id(name: str, description: str, example: str = "1d0173d1") -> dict:
    """A public id in the path (8 hex digits)."""
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string", "pattern": PUBLIC_ID_PATTERN, "example": example}}


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


METHODS = ("get", "post", "put", "patch", "delete")


def _ref(kind: str, name: str) -> dict:
    return {"$ref": f"#/components/{kind}/{name}"}


def _add_parameter(operation: dict, parameter: dict, name: str) -> None:
    present = operation.setdefault("parameters", [])
    names = {(p.get("name"), p.get("in")) for p in present}
    if (parameter["name"], parameter["in"]) not in names and _ref("parameters", name) not in present:
        operation.setdefault("parameters", []).append(_ref("parameters", name))


def apply_conventions(paths: dict) -> dict:
    """Add the shared parameters and answers to every operation of `paths` (in place)."""
    for item in paths.values():
        for method, operation in item.items():
            if method not in METHODS:
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


def _operation_ref(path: str, method: str) -> str:
    return "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method


def _created_id(post: dict, schemas: dict) -> bool:
    """Whether the POST answers 201 with an object carrying its new `id`."""
    schema = post.get("responses", {}).get("201", {}).get("content", {}).get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        schema = schemas.get(schema["$ref"].rsplit("/", 1)[-1], {})
    return "id" in schema.get("properties", {})


def add_links(paths: dict, schemas: dict) -> dict:
    """OpenAPI links from each create (a POST on a list answering 201 with the new object's `id`)
    to every operation on that object (`<list>{id}/` and its actions below it), so a client
    generator, or Schemathesis's stateful run, knows where the new id goes."""
    for path, item in paths.items():
        post = item.get("post")
        # A list under another object (an invoice's closings) needs that object's id as well.
        if post is None or "{" in path or not _created_id(post, schemas):
            continue
        links = {}
        for other, other_item in paths.items():
            rest = other[len(path):]
            if not other.startswith(path) or not rest.startswith("{") or rest.count("{") != 1:
                continue
            parameter = rest[1:rest.index("}")]
            for method in METHODS:
                if method in other_item:
                    action = rest[rest.index("}") + 2:].strip("/").replace("/", "_") or "item"
                    name = f"{method.upper()}_{action}"
                    links[name] = {"operationRef": _operation_ref(other, method),
                                   "description": f"`{method.upper()} {other}` on the object just created.",
                                   "parameters": {f"path.{parameter}": "$response.body#/id"}}
        if links:
            post["responses"]["201"].setdefault("links", {}).update(links)
    return paths


_UNSET = object()


def _own_child(node: dict, part: str) -> dict:
    """The child of `node` a `describe` place names (`[]` an array's items, `field[]` a field's
    items, `allOf[1]` a member, else a property), first replaced by a copy of its own: area
    modules share field schemas (one `_DATE` for every date), and a note is for one place."""
    if part.endswith("]") and "[" in part:
        key, index = part[:-1].split("[")
        if index:
            node[key] = list(node[key])
            node[key][int(index)] = dict(node[key][int(index)])
            return node[key][int(index)]
        if key:
            node = _own_child(node, key)
        node["items"] = dict(node["items"])
        return node["items"]
    node["properties"] = dict(node["properties"])
    node["properties"][part] = dict(node["properties"][part])
    return node["properties"][part]


def describe(schemas: dict, notes: dict) -> dict:
    """Add words and examples to `schemas` (in place) from `notes`: "Schema.field" (dots go
    deeper, `field[]` into an array's items, `allOf[1]` into a member) → description, or (description, example), where a
    description of None keeps the one the field has. A note naming a field that does not
    exist is an error, so notes cannot outlive their fields."""
    for place, note in notes.items():
        description, example = (note, _UNSET) if isinstance(note, str) else note
        name, *path = place.split(".")
        node = schemas[name] = dict(schemas[name])
        for part in path:
            node = _own_child(node, part)
        if description is not None:
            node["description"] = description
        if example is not _UNSET:
            node["example"] = example
    return schemas
