"""Webhooks: a director's endpoints, their delivery logs, re-sending by hand."""
from portal.blueprints.webhooks.views import bp

__all__ = ["bp"]
