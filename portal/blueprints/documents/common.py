"""The blueprint and small helpers shared by its view modules."""
from flask import Blueprint, current_app, request

bp = Blueprint("documents", __name__)


def route(rule: str, **options):
    """Register a view at `/smart_doc<rule>` (the /smart_docs/ alias is added app-wide)."""
    return bp.route("/smart_doc" + rule, **options)


def public_base_url() -> str:
    """Where verification pages live: PUBLIC_URL when configured, else this request's host."""
    return current_app.config.get("PUBLIC_URL") or request.host_url
