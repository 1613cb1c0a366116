"""Staff management: colleagues, invites, accounts with a temporary password, claims and join requests."""
from portal.blueprints.staff import guard, joining  # noqa: F401  (register their views and hook)
from portal.blueprints.staff.views import bp

__all__ = ["bp"]
