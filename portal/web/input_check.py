"""Text the database cannot keep is refused at the door: NUL bytes and lone surrogates.

PostgreSQL refuses a NUL in text, psycopg cannot encode a lone surrogate (JSON's "\\ud800"),
and SQLite would store either and hand back something no browser shows; anywhere they reached
a query they were a 500. One check before every view answers 400 naming the field instead:
the URL's parts, query string, form fields and their names, JSON bodies (keys and values, at any depth;
nested fields are named with dots, `lines.0.name`) and request headers.
"""
import re

from flask import current_app, Flask, request
from werkzeug.exceptions import BadRequest

from portal.web.errors import error_response

# NUL, and UTF-16 surrogate code points, which are never characters on their own.
_BAD = re.compile("[\x00\ud800-\udfff]")
MESSAGE = "Недопустимый символ (NUL или одиночный суррогат UTF-16)."
NAMELESS = "Часть формы без имени: в Content-Disposition нет читаемого name."


def _bad(text: str) -> bool:
    """Whether a string holds a character the portal does not accept."""
    return bool(_BAD.search(text))


def _printable(name: str) -> str:
    """A field name fit to be a JSON key of the answer."""
    return _BAD.sub("\ufffd", name) or "non_field_errors"


def _json_field(value, path: str = "") -> str | None:
    """The dotted path of the first bad string in a JSON value, or None."""
    if isinstance(value, str):
        return (path or "non_field_errors") if _bad(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            if _bad(str(key)):
                return _printable(here)
            found = _json_field(item, here)
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _json_field(item, f"{path}.{index}" if path else str(index))
            if found:
                return found
    return None


def _multidict_field(values) -> tuple[str, str] | None:
    """The first query or form field whose name or any value is bad, and why."""
    for name, value in values.items(multi=True):
        if name is None:
            # A multipart part whose name Werkzeug cannot read (`name="a\\"`: the closing quote
            # escaped) is kept under None, which neither a view nor an answer's JSON key can take.
            return "non_field_errors", NAMELESS
        if _bad(name) or (isinstance(value, str) and _bad(value)):
            return _printable(name), MESSAGE
    return None


def bad_input_field() -> tuple[str, str] | None:
    """Which field of this request holds a forbidden character (or has no name), and the message."""
    for name, value in request.headers.items():
        if _bad(name) or _bad(value):
            return _printable(name), MESSAGE
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str) and _bad(value):
            return name, MESSAGE
    found = _multidict_field(request.args)
    if found:
        return found
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    if request.is_json:
        try:
            body = request.get_json(silent=True)
        except BadRequest:
            return None
        field = _json_field(body)
        return None if field is None else (field, MESSAGE)
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        # A view that streams an upload under its own size limit (the PDF check) reads its body
        # itself: parsing it here first would apply the app's larger limit and lose its 413.
        if getattr(current_app.view_functions.get(request.endpoint), "streams_upload", False):
            return None
        return _multidict_field(request.form)
    return None


def _refuse_bad_input():
    """400 `{"field": [message]}` (or the error page) before any view sees the input."""
    found = bad_input_field()
    if found is None:
        return None
    field, message = found
    return error_response(400, f"Поле «{field}»: {message}", {field: [message]})


def register_input_check(app: Flask) -> None:
    """Run the check first, before authentication reads any header or body."""
    app.before_request(_refuse_bad_input)
