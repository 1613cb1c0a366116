"""Who is calling: the browser session or an `Authorization: Token|Bearer <key>` header."""
from flask import Flask, current_app, flash, g, redirect, request, url_for
from sqlalchemy import select

from portal.extensions import csrf, db, login_manager
from portal.models import User
from portal.staffing.accounts import token_record
from portal.web.errors import error_response
from portal.web.negotiation import wants_json

TOKEN_SCHEMES = ("token", "bearer")


def bearer_key() -> str | None:
    """The key in the Authorization header, if it uses a token scheme."""
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() in TOKEN_SCHEMES and key.strip():
        return key.strip()
    return None


def _load_user(public_id: str) -> User | None:
    """Session loader: the public id is what the session keeps."""
    return db.session.execute(select(User).where(User.public_id == public_id)).scalar_one_or_none()


def _load_user_from_request(req) -> User | None:
    """Token loader: integrators send a key instead of a cookie."""
    key = bearer_key()
    if key is None:
        return None
    token = token_record(key)
    if token is None or not token.user.is_active:
        return None
    g.api_token = token
    return token.user


def _forget_previous_request() -> None:
    """Resolve the caller and the CSRF token afresh for every request.

    Flask-Login caches the user, and Flask-WTF the CSRF token, in `g`, which lives on the
    application context; when one application context serves several requests (tests,
    scripts calling the app in-process), a previous request's user or token (from before a
    login renewed the session) would otherwise answer for this one.
    """
    g.pop("_login_user", None)
    g.pop("api_token", None)
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


def _protect_csrf() -> None:
    """CSRF guards cookie sessions; a request carrying a token header has no ambient credential."""
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
        return
    if request.routing_exception is not None:
        # An unknown path or method answers its own 404/405, not a CSRF complaint.
        return
    if bearer_key() is not None:
        return
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "csrf_exempt", False):
        return
    csrf.protect()


def csrf_exempt(view):
    """Mark a view that authenticates by its own credentials (the token endpoint)."""
    view.csrf_exempt = True
    return view


def _unauthorized():
    """AUTH ONLY: 401 `{"detail": ...}` for API clients, the login page for people."""
    if wants_json():
        return error_response(401, "Учётные данные не были предоставлены.")
    flash(login_manager.login_message, "info")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def register_auth(app: Flask) -> None:
    """Configure Flask-Login loaders and the CSRF policy."""
    login_manager.user_loader(_load_user)
    login_manager.request_loader(_load_user_from_request)
    login_manager.unauthorized_handler(_unauthorized)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Войдите, чтобы открыть эту страницу."
    # "strong" would drop a cookie session (even one holding only the CSRF token) before the
    # token loader runs, logging out integrators whose HTTP client keeps cookies.
    login_manager.session_protection = "basic"
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.before_request(_forget_previous_request)
    app.before_request(_protect_csrf)
