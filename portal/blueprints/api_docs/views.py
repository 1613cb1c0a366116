"""`/openapi.json`: the OpenAPI 3 document of every JSON endpoint; `/docs/`: it, readable (Redoc)."""
import json
import secrets
from functools import cache

from flask import Blueprint, Response, render_template

from portal.openapi import build_document

bp = Blueprint("api_docs", __name__)


@cache
def _document() -> bytes:
    """The document is fixed for the life of the process: build and encode it once, as UTF-8
    (its Russian text escaped as \\uXXXX would be a fifth larger)."""
    return json.dumps(build_document(), ensure_ascii=False, separators=(",", ":")).encode()


@bp.get("/openapi.json")
def openapi_json():
    """The OpenAPI document (servers: this host)."""
    return Response(_document(), mimetype="application/json")


def docs_csp(nonce: str) -> str:
    """The portal's CSP with a per-response nonce for Redoc's module script and the <style> tags
    its styled-components add; Redoc parses the document in a blob: worker. No unsafe-eval and
    no unsafe-inline."""
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        f"style-src 'self' 'nonce-{nonce}'",
        "img-src 'self' data: https:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


@bp.get("/docs/")
def docs():
    """The API documentation page (Redoc 3, vendored in static/vendor/redoc/)."""
    nonce = secrets.token_urlsafe(18)
    response = Response(render_template("api_docs/docs.html", csp_nonce=nonce), mimetype="text/html")
    response.headers["Content-Security-Policy"] = docs_csp(nonce)
    response.headers["Cache-Control"] = "no-store"  # a nonce must not be served twice
    return response
