"""Session login for people and token exchange for integrators."""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user, login_required, login_user, logout_user

from portal.blueprints.auth.forms import ChangePasswordForm, LoginForm, RegisterForm
from portal.extensions import db, limiter
from portal.staffing import accounts
from portal.web.auth import bearer_key, csrf_exempt
from portal.web.errors import ApiError, ValidationFailed, error_response
from portal.web.negotiation import wants_json

bp = Blueprint("auth", __name__, url_prefix="/auth")


LOCKED_OUT = "Слишком много попыток входа. Подождите минуту и попробуйте снова."
# Longer values cannot be an account's e-mail or password; refusing them early keeps Argon2
# from hashing megabytes.
MAX_EMAIL, MAX_PASSWORD = 254, 200


def _login_ip_limit() -> str:
    """Attempts allowed from one address (config LOGIN_LIMIT_PER_IP)."""
    return current_app.config["LOGIN_LIMIT_PER_IP"]


def _login_account_limit() -> str:
    """Attempts allowed on one account from anywhere (config LOGIN_LIMIT_PER_ACCOUNT)."""
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def _account_key() -> str:
    """Rate-limit key for one account, whichever IP the attempts come from."""
    data = request.get_json(silent=True) if request.is_json else request.form
    email = data.get("email") if isinstance(data, dict) or hasattr(data, "getlist") else ""
    return "account:" + accounts.normalise_email(str(email or ""))[:MAX_EMAIL]


def _limited(view):
    """Per-IP and per-account limits on credential checks; a locked-out try is a 429.

    Shared scopes: the login form and the token endpoint draw on the same budgets, so
    switching between them gains an attacker nothing.
    """
    view = limiter.shared_limit(_login_account_limit, scope="login-account", key_func=_account_key,
                                methods=["POST"])(view)
    return limiter.shared_limit(_login_ip_limit, scope="login-ip", methods=["POST"])(view)


def _safe_next(target: str | None) -> str:
    """Only redirect back to a path on this site (browsers read a backslash as a slash)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target \
            and not urlsplit(target).netloc:
        return target
    return url_for("dashboard.home")


def start_session(user, remember: bool = False) -> None:
    """Log a user in with a fresh session, so nothing from before login carries over."""
    session.clear()
    login_user(user, remember=remember)
    session.permanent = True


@bp.errorhandler(RateLimitExceeded)
def _locked_out(exc: RateLimitExceeded):
    """A locked-out try: 429 with the login form for people, `{"detail"}` for API clients."""
    if request.endpoint == "auth.login" and not wants_json():
        return render_template("auth/login.html", form=LoginForm(), locked_out=LOCKED_OUT), 429
    return error_response(429, LOCKED_OUT)


@bp.route("/login/", methods=["GET", "POST"])
@_limited
def login():
    """The login form."""
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            start_session(user, remember=form.remember.data)
            flash("Вы вошли в портал.", "success")
            if user.must_change_password:
                return redirect(url_for("auth.change_password"))
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("Неверная почта или пароль.")
    status = 400 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout/")
def logout():
    """End the session."""
    logout_user()
    session.clear()
    flash("Вы вышли из портала.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/register/", methods=["GET", "POST"])
def register():
    """Create an account; a company is claimed or joined afterwards."""
    form = RegisterForm()
    if form.validate_on_submit():
        if accounts.find_user(form.email.data):
            form.email.errors.append("Пользователь с такой почтой уже зарегистрирован.")
        else:
            user = accounts.create_user(form.email.data, form.password.data, form.full_name.data)
            db.session.commit()
            start_session(user)
            flash("Аккаунт создан. Добро пожаловать!", "success")
            return redirect(url_for("dashboard.home"))
    status = 400 if form.errors else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/password/", methods=["GET", "POST"])
@login_required
def change_password():
    """Set a new password (required after logging in with a temporary one)."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        accounts.set_password(current_user, form.password.data)
        db.session.commit()
        flash("Пароль изменён.", "success")
        return redirect(url_for("dashboard.home"))
    status = 400 if form.errors else 200
    return render_template("auth/change_password.html", form=form), status


@bp.post("/token/")
@csrf_exempt
@_limited
def token_create():
    """Exchange an e-mail and password for an API key: `{"token": "..."}`."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ValidationFailed({"non_field_errors": ["Ожидается JSON-объект с полями email и password."]})
    errors = {
        name: ["Обязательное поле."] for name in ("email", "password")
        if not isinstance(data.get(name), str) or not data.get(name)
    }
    for name, longest in (("email", MAX_EMAIL), ("password", MAX_PASSWORD)):
        if name not in errors and len(data[name]) > longest:
            errors[name] = [f"Не длиннее {longest} символов."]
    if errors:
        raise ValidationFailed(errors)
    user = accounts.authenticate(data["email"], data["password"])
    if user is None:
        raise ValidationFailed({"non_field_errors": ["Невозможно войти с предоставленными учётными данными."]})
    return jsonify({"token": accounts.issue_token(user)})


@bp.delete("/token/")
@csrf_exempt
def token_revoke():
    """Revoke the key this request authenticates with."""
    key = bearer_key()
    if key is None or not accounts.revoke_token(key):
        raise ApiError(401, "Недействительный токен.")
    return "", 204
