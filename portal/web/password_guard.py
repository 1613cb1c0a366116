"""A temporary password must be replaced before the account does anything else.

The hook is app-wide, registered by the app factory after the caller is resolved
(`register_auth`). It covers browser sessions and API tokens alike: a director who knows the
temporary password must not be able to act as the colleague through the API either. People
are sent to the change-password form; API clients get 403 `{"detail": ...}`. The few
endpoints needed to change the password, log out, or manage tokens stay open; static files
never touch the database here.
"""
from flask import Flask, redirect, request, url_for
from flask_login import current_user

from portal.web.errors import error_response
from portal.web.negotiation import wants_json

OPEN_ENDPOINTS = frozenset({
    "static", "auth.change_password", "auth.logout", "auth.login", "auth.token_create", "auth.token_revoke",
})
MESSAGE = "Вы вошли с временным паролем. Задайте свой пароль, чтобы продолжить."


def require_own_password():
    """Stop every other request of an account that still has its temporary password."""
    if request.endpoint in OPEN_ENDPOINTS or request.endpoint is None:
        return None
    if not current_user.is_authenticated or not current_user.must_change_password:
        return None
    if wants_json():
        return error_response(403, MESSAGE)
    # The change-password page itself explains why (it checks must_change_password).
    return redirect(url_for("auth.change_password"))


def register_password_guard(app: Flask) -> None:
    """Run the guard before every request of the app, whichever blueprint serves it."""
    app.before_request(require_own_password)
