"""Log in, log out, register, and API tokens."""
from portal.blueprints.auth.views import bp

__all__ = ["bp"]
