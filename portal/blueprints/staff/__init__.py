"""Staff management: colleagues, invites, accounts with a temporary password, claims and join requests."""
from portal.blueprints.staff import joining  # noqa: F401  (registers its views on bp)
from portal.blueprints.staff.views import bp

__all__ = ["bp"]
