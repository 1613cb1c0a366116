"""Session login for people and token exchange for integrators."""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user, login_required, login_user, logout_user

from portal.audit.service import record_user_event
from portal.blueprints.auth.forms import ChangePasswordForm, LoginForm, RegisterForm
from portal.web.forms import bind
from portal.extensions import db, limiter
from portal.staffing import accounts
from portal.sessions import logins, passwords, signups
from portal.sessions.tokens import check_name, create_token
from portal.web.auth import bearer_key, csrf_exempt, current_login_key
from portal.web.errors import ApiError, ValidationFailed, error_response
from portal.web.negotiation import wants_json

bp = Blueprint("auth", __name__, url_prefix="/auth")


LOCKED_OUT = "Слишком много попыток входа. Подождите минуту и попробуйте снова."
TOO_MANY_MAILS = "Слишком много запросов с этого адреса. Попробуйте позже."
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


def safe_next(target: str | None) -> str:
    """Only redirect back to a path on this site (browsers read a backslash as a slash)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target \
            and not urlsplit(target).netloc:
        return target
    return url_for("dashboard.home")


def start_session(user, remember: bool = False, method: str = "password") -> None:
    """Log a user in with a fresh session and a new server-side login, so nothing from before carries over.

    The login's key goes into the session (and the remember-me cookie) beside the user's
    public id; `method` is written to the audit log (password, ЭЦП, ...).
    """
    session.clear()
    key = logins.start_login(user, remember, request.remote_addr or "", request.user_agent.string, method)
    user.login_key = key
    try:
        login_user(user, remember=remember)
    finally:
        del user.login_key
    g.login_key = key
    session.permanent = True


def end_session() -> None:
    """Log out this browser: its server-side login ends, the session and the remember-me cookie go."""
    key = current_login_key()
    if current_user.is_authenticated and key:
        record_user_event(current_user, "logout")
        logins.end_login(key)
    session.clear()
    # After clear(): logout_user marks the remember-me cookie for deletion in the session.
    logout_user()


@bp.errorhandler(RateLimitExceeded)
def _locked_out(exc: RateLimitExceeded):
    """A locked-out try: 429 with the login form for people, `{"detail"}` for API clients."""
    if request.endpoint == "auth.register":
        return error_response(429, TOO_MANY_MAILS)
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
            return redirect(safe_next(request.args.get("next")))
        logins.record_failed_login(form.email.data, "form")
        form.password.errors.append("Неверная почта или пароль.")
    status = 400 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout/")
def logout():
    """End this browser's login: a copy of its cookies opens nothing afterwards."""
    end_session()
    flash("Вы вышли из портала.", "info")
    return redirect(url_for("auth.login"))


def mail_link_limits(view):
    """Registration and «Забыли пароль?» send e-mails: limited per address and per client address."""
    view = limiter.shared_limit(lambda: current_app.config["MAIL_LINK_LIMIT_PER_ADDRESS"], scope="mail-link-address",
                                key_func=_account_key, methods=["POST"])(view)
    return limiter.shared_limit(lambda: current_app.config["MAIL_LINK_LIMIT_PER_IP"], scope="mail-link-ip",
                                methods=["POST"])(view)


@bp.route("/register/", methods=["GET", "POST"])
@mail_link_limits
def register():
    """Start an account: the same answer whether or not the address has one (the mailbox learns which)."""
    form = bind(RegisterForm, strict=True)
    if form.validate_on_submit():
        target = request.args.get("next")  # an invite link, say: the confirmation leads back there
        signups.start_signup(form.email.data, form.password.data, form.full_name.data,
                             next_path=target if target and safe_next(target) == target else "")
        email = accounts.normalise_email(form.email.data)
        if wants_json():
            return jsonify({"detail": f"Мы отправили письмо на адрес {email}. Перейдите по ссылке из письма, "
                                      "чтобы завершить регистрацию."})
        return render_template("sessions/check_mail.html", email=email, purpose="signup")
    if wants_json():
        if form.errors:
            raise ValidationFailed(form.errors)
        return jsonify({"detail": "Отправьте full_name, email, password и confirm (POST), чтобы получить ссылку."})
    status = 400 if form.errors else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/password/", methods=["GET", "POST"])
@login_required
def change_password():
    """Set a new password after giving the current one; the account's other logins end."""
    form = bind(ChangePasswordForm, strict=True)
    if form.validate_on_submit():
        try:
            changed = passwords.change_password(current_user, form.current_password.data, form.password.data,
                                                current_login_key(), form.revoke_tokens.data)
        except ValidationFailed as exc:
            form.current_password.errors.extend(exc.errors["current_password"])
        else:
            if wants_json():
                return jsonify({"logins_ended": changed.logins_ended, "tokens_revoked": changed.tokens_revoked})
            flash(_changed_message(changed), "success")
            return redirect(url_for("dashboard.home"))
    if wants_json():
        if form.errors:
            raise ValidationFailed(form.errors)
        return jsonify({"must_change_password": current_user.must_change_password})
    status = 400 if form.errors else 200
    return render_template("auth/change_password.html", form=form), status


def _changed_message(changed: passwords.Changed) -> str:
    """What the person is told after changing the password."""
    parts = ["Пароль изменён."]
    if changed.logins_ended:
        parts.append(f"Завершено других входов: {changed.logins_ended}.")
    if changed.tokens_revoked:
        parts.append(f"Отозвано API-токенов: {changed.tokens_revoked}.")
    return " ".join(parts)


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
    name = check_name(data["name"]) if data.get("name") is not None else "POST /auth/token/"
    user = accounts.authenticate(data["email"], data["password"])
    if user is None:
        logins.record_failed_login(data["email"], "token")
        raise ValidationFailed({"non_field_errors": ["Невозможно войти с предоставленными учётными данными."]})
    return jsonify({"token": create_token(user, name)[1]})


@bp.delete("/token/")
@csrf_exempt
def token_revoke():
    """Revoke the key this request authenticates with."""
    key = bearer_key()
    token = accounts.token_record(key) if key else None
    if token is None:
        raise ApiError(401, "Недействительный токен.")
    record_user_event(token.user, "token_revoked", {"name": token.name, "token": token.public_id})
    accounts.revoke_token(key)
    return "", 204
