"""Links sent by e-mail: «Забыли пароль?» and the one that finishes a registration.

Asking for a link answers the same whether or not the address has an account, and is rate
limited per address and per client address. A link is opened with GET (a page with a
button: mail scanners that fetch links spend nothing) and used with POST.
"""
from flask import flash, jsonify, redirect, render_template, url_for

from portal.blueprints.account.views import bp
from portal.blueprints.auth.forms import ForgotPasswordForm, NewPasswordForm
from portal.blueprints.auth.views import end_session, mail_link_limits, safe_next, start_session
from portal.web.forms import bind
from portal.staffing.accounts import normalise_email
from portal.sessions import passwords, signups
from portal.web.errors import ApiError, ValidationFailed
from portal.web.negotiation import wants_json

SENT = "Если этот адрес зарегистрирован, мы отправили на него ссылку для сброса пароля. Она действует 1 час."


def _form_failed(form, template: str, **context):
    """A form that did not validate: 400 with the messages, as JSON or the re-shown page."""
    if wants_json():
        raise ValidationFailed(form.errors)
    return render_template(template, form=form, **context), 400


@bp.route("/password/forgot/", methods=["GET", "POST"])
@mail_link_limits
def forgot_password():
    """Ask for a reset link by address."""
    form = bind(ForgotPasswordForm, strict=True)
    if form.validate_on_submit():
        passwords.request_reset(form.email.data)
        if wants_json():
            return jsonify({"detail": SENT})
        return render_template("sessions/check_mail.html", email=normalise_email(form.email.data), purpose="reset")
    if form.errors:
        return _form_failed(form, "sessions/forgot.html")
    if wants_json():
        return jsonify({"detail": "Отправьте адрес электронной почты (POST {\"email\"}), чтобы получить ссылку."})
    return render_template("sessions/forgot.html", form=form)


@bp.route("/password/reset/<token>/", methods=["GET", "POST"])
def reset_password(token: str):
    """A reset link: the new-password form; using it ends every login of the account."""
    try:
        user = passwords.check_reset_link(token)
    except ApiError as exc:
        if wants_json():
            raise
        return render_template("sessions/link_invalid.html", detail=exc.detail, again="account.forgot_password"), 404
    form = bind(NewPasswordForm, strict=True)
    if form.validate_on_submit():
        passwords.reset_password(token, form.password.data)
        # Whoever is logged in in this browser (perhaps someone else) is logged out too.
        end_session()
        if wants_json():
            return jsonify({"detail": "Пароль изменён. Войдите с новым паролем."})
        flash("Пароль изменён, все входы в аккаунт завершены. Войдите с новым паролем.", "success")
        return redirect(url_for("auth.login"))
    if form.errors:
        return _form_failed(form, "sessions/reset.html", email=user.email)
    if wants_json():
        return jsonify({"email": user.email})
    return render_template("sessions/reset.html", form=form, email=user.email)


@bp.route("/register/confirm/<token>/", methods=["GET", "POST"])
def confirm_signup(token: str):
    """A registration link: a button that creates the account and logs in."""
    try:
        email = signups.check_signup_link(token)
    except ApiError as exc:
        if wants_json():
            raise
        return render_template("sessions/link_invalid.html", detail=exc.detail, again="auth.register"), 404
    form = ForgotPasswordForm(formdata=None)  # only its CSRF token is needed: the button posts nothing else
    if form.is_submitted():
        user, next_path = signups.confirm_signup(token)
        start_session(user)
        if wants_json():
            return jsonify({"id": user.public_id, "email": user.email}), 201
        flash("Аккаунт создан. Добро пожаловать!", "success")
        return redirect(safe_next(next_path))
    if wants_json():
        return jsonify({"email": email})
    return render_template("sessions/confirm.html", form=form, email=email)
