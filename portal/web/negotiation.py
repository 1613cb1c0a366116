"""Content negotiation: one data-building function, rendered as HTML or JSON."""
from typing import Any, Callable

from flask import Response, jsonify, render_template, request

from portal.web.conditional import note_last_modified


def wants_json() -> bool:
    """JSON for API clients (`application/json`, `*/*`, none, or `?format=json`), HTML for browsers."""
    fmt = request.args.get("format")
    if fmt in ("json", "api"):
        return True
    if fmt == "html":
        return False
    if is_htmx():
        return False
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best != "text/html"


def is_htmx() -> bool:
    """An htmx request that wants a fragment: not a boosted link and not a history restore."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def add_vary(response: Response, *headers: str) -> Response:
    """Tell caches which request headers chose this representation."""
    for header in headers:
        response.vary.add(header)
    return response


def negotiate(
    data: Any,
    serialize: Callable[[Any], Any],
    template: str,
    partial: str | None = None,
    status: int = 200,
    **context: Any,
) -> Response:
    """Answer `data` as JSON through `serialize`, or as the full page / its htmx partial."""
    if wants_json():
        # An object with a time of change answers it as Last-Modified (portal.web.conditional).
        note_last_modified(getattr(data, "updated", None))
        response = jsonify(serialize(data))
    else:
        chosen = partial if (partial and is_htmx()) else template
        response = Response(render_template(chosen, data=data, **context), mimetype="text/html")
    response.status_code = status
    return add_vary(response, "Accept", "HX-Request")
