"""Conditional requests for JSON reads: ETag on every JSON GET, Last-Modified where the answer
knows a time, 304 without a body when the client's copy is current, and Cache-Control.

The ETag is weak (`W/"…"`) and is a hash of the JSON body as sent, so it changes exactly when
the body does, whatever produced it; a poll that finds nothing new costs the client no body.
Views say what they know through `note_last_modified` (the newest `updated` of what they
show) and `mark_public` (the public directory: the same answer for every caller, changed only
by an import, so shared caches may keep it an hour).
"""
import hashlib
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime

from flask import Flask, Response, g, request

PUBLIC_MAX_AGE = 3600


def note_last_modified(*values) -> None:
    """Remember the newest of these times (None ignored) as the answer's Last-Modified."""
    newest = g.get("last_modified")
    for value in values:
        if value is None:
            continue
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        if newest is None or value > newest:
            newest = value
    g.last_modified = newest


def note_items_modified(items) -> None:
    """Last-Modified of a page of objects: the newest `updated` among them."""
    note_last_modified(*(getattr(item, "updated", None) for item in items))


def mark_public() -> None:
    """This answer is the same for every caller: shared caches may keep it."""
    g.cache_public = True


def _etag_of(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def _not_modified(response: Response, last_modified: datetime | None) -> bool:
    """Whether the client's validators say its copy is current (If-None-Match wins, RFC 9110)."""
    if request.if_none_match:
        return request.if_none_match.contains_weak(response.get_etag()[0])
    since = request.headers.get("If-Modified-Since")
    if since and last_modified is not None:
        try:
            client_time = parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        if client_time.tzinfo is None:
            client_time = client_time.replace(tzinfo=timezone.utc)
        return last_modified.replace(microsecond=0) <= client_time
    return False


def conditional_json(response: Response) -> Response:
    """after_request: validators and caching for successful JSON GETs; 304 when current."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if response.mimetype != "application/json" or response.direct_passthrough:
        return response
    body = response.get_data()
    response.set_etag(_etag_of(body), weak=True)
    last_modified = g.get("last_modified")
    if last_modified is not None:
        response.headers["Last-Modified"] = format_datetime(last_modified.astimezone(timezone.utc), usegmt=True)
    if g.get("cache_public") and "Authorization" not in request.headers:
        response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    else:
        # Per-caller data: a browser may keep it but must ask again (the ETag makes that cheap).
        response.headers["Cache-Control"] = "private, no-cache"
        response.vary.add("Authorization")
        response.vary.add("Cookie")
    if _not_modified(response, last_modified):
        response.status_code = 304
        response.set_data(b"")
        # A 304 carries no body, so none of its entity headers (RFC 9110 §15.4.5).
        for header in ("Content-Length", "Content-Type"):
            response.headers.pop(header, None)
    return response


def register_conditional(app: Flask) -> None:
    """Attach the after_request hook."""
    app.after_request(conditional_json)
