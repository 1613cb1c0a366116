"""The blueprint, its double mounting under /smart_doc/ and /smart_docs/, and small helpers."""
from flask import Blueprint, current_app, request

bp = Blueprint("documents", __name__)


def route(rule: str, **options):
    """Register a view at `/smart_doc<rule>` and at its `/smart_docs<rule>` alias (the seed used both)."""

    def decorator(view):
        endpoint = options.pop("endpoint", view.__name__)
        bp.add_url_rule("/smart_doc" + rule, endpoint, view, **options)
        bp.add_url_rule("/smart_docs" + rule, endpoint + "_alias", view, **options)
        return view

    return decorator


def public_base_url() -> str:
    """Where verification pages live: PUBLIC_URL when configured, else this request's host."""
    return current_app.config.get("PUBLIC_URL") or request.host_url
