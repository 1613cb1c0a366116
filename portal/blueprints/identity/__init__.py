"""Proving a company (ЭЦП, a code to a listed address, the director) and ЭЦП login."""
from portal.blueprints.identity import eds_views  # noqa: F401  (register their views)
from portal.blueprints.identity.views import bp

__all__ = ["bp"]
