"""`/openapi.json`: the OpenAPI 3 document of every JSON endpoint."""
from functools import cache

from flask import Blueprint, jsonify

from portal.openapi import build_document

bp = Blueprint("api_docs", __name__)


@cache
def _document() -> dict:
    """The document is fixed for the life of the process: build it once."""
    return build_document()


@bp.get("/openapi.json")
def openapi_json():
    """The OpenAPI document (servers: this host)."""
    return jsonify(_document())
