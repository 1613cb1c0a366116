"""Who is calling: a live browser login (cookie) or an `Authorization: Token|Bearer <key>` header.

A request that sends an Authorization header is judged by that header alone: a key that
works authenticates it (and, carrying no ambient credential, it needs no CSRF token); any
other header is a 401 «Недействительный токен.», and the cookie session beside it is
neither used nor freed from CSRF protection.
"""
from flask import Flask, current_app, flash, g, redirect, request, url_for
from flask_login import current_user, login_required

from portal.extensions import csrf, login_manager
from portal.models import User
from portal.sessions import logins, tokens
from portal.web.errors import error_response
from portal.web.negotiation import wants_json

TOKEN_SCHEMES = ("token", "bearer")
INVALID_TOKEN = "Недействительный токен."
# Endpoints that judge the Authorization header themselves (exchanging a password for a key,
# revoking the key sent).
OWN_CREDENTIALS = frozenset({"auth.token_create", "auth.token_revoke"})


def bearer_key() -> str | None:
    """The key in the Authorization header, if it uses a token scheme."""
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() in TOKEN_SCHEMES and key.strip():
        return key.strip()
    return None


def _load_user(cookie_id: str) -> User | None:
    """Session loader: the user of a login that is still open on the server, else nobody."""
    parts = logins.split_cookie_id(cookie_id)
    if parts is None:
        return None
    user = logins.live_user(*parts)
    if user is None or not user.is_active:
        return None
    g.login_key = parts[1]
    return user


def current_login_key() -> str | None:
    """The key of the browser login this request belongs to (None for tokens and anonymous)."""
    # Flask-Login loads the user (and so the key) lazily, on first use of current_user.
    if not current_user.is_authenticated:
        return None
    return g.get("login_key")


def _forget_previous_request() -> None:
    """Resolve the caller and the CSRF token afresh for every request.

    Flask-Login caches the user, and Flask-WTF the CSRF token, in `g`, which lives on the
    application context; when one application context serves several requests (tests,
    scripts calling the app in-process), a previous request's user or token (from before a
    login renewed the session) would otherwise answer for this one.
    """
    for name in ("_login_user", "api_token", "login_key"):
        g.pop(name, None)
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


def _authenticate_header():
    """A request with an Authorization header is its key's user, or a 401."""
    if "Authorization" not in request.headers or request.endpoint in OWN_CREDENTIALS:
        return None
    key = bearer_key()
    token = tokens.live_token(key) if key else None
    if token is None or not token.user.is_active:
        response = error_response(401, INVALID_TOKEN)
        response.headers["WWW-Authenticate"] = "Token"
        return response
    g.api_token = token
    # Flask-Login reads the user from here: the cookie session, if any, is not consulted.
    g._login_user = token.user
    return None


def _protect_csrf() -> None:
    """CSRF guards cookie sessions; a request authenticated by a token has no ambient credential."""
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
        return
    if request.routing_exception is not None:
        # An unknown path or method answers its own 404/405, not a CSRF complaint.
        return
    if g.get("api_token") is not None:
        return
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "csrf_exempt", False):
        return
    if needs_login(view) and not current_user.is_authenticated:
        # Nobody to protect: the answer is the 401 (or the login page) the view itself would give,
        # not a CSRF complaint that tells an integrator nothing about the missing credentials.
        return login_manager.unauthorized()
    csrf.protect()


# flask_login.login_required wraps a view in one inner function; finding its code object in a
# view's __wrapped__ chain tells whether the view needs a login, whatever decorates it on top.
_LOGIN_REQUIRED_CODE = login_required(lambda: None).__code__


def needs_login(view) -> bool:
    """Whether `view` (or any function it wraps) is behind flask_login.login_required."""
    seen = 0
    while view is not None and seen < 20:
        if getattr(view, "__code__", None) is _LOGIN_REQUIRED_CODE:
            return True
        view = getattr(view, "__wrapped__", None)
        seen += 1
    return False


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
    """Configure Flask-Login's loader and the CSRF policy."""
    login_manager.user_loader(_load_user)
    login_manager.unauthorized_handler(_unauthorized)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Войдите, чтобы открыть эту страницу."
    # "strong" would drop a cookie session (even one holding only the CSRF token) before the
    # token check runs, logging out integrators whose HTTP client keeps cookies.
    login_manager.session_protection = "basic"
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.before_request(_forget_previous_request)
    app.before_request(_authenticate_header)
    app.before_request(_protect_csrf)
