"""The account's security: API tokens, open logins, «Забыли пароль?» and registration links."""
from portal.blueprints.account import links  # noqa: F401  (routes on the same blueprint)
from portal.blueprints.account.views import bp

__all__ = ["bp"]
