"""«Безопасность»: the account's open logins, «Выйти на всех устройствах», and its API tokens.

Everything here is the logged-in user's own: another user's token id is a 404. Each page
answers JSON at the same path; forms post back and redirect, API clients get 201/204.
"""
from flask import Blueprint, flash, jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal.blueprints.account.serializers import login_json, token_json
from portal.blueprints.auth.forms import TokenForm
from portal.blueprints.auth.views import end_session
from portal.web.forms import bind
from portal.audit.service import record_user_event
from portal.extensions import db
from portal.sessions import logins, tokens
from portal.sessions.devices import device_label
from portal.web.auth import current_login_key
from portal.web.errors import ValidationFailed
from portal.web.negotiation import add_vary, wants_json

bp = Blueprint("account", __name__, url_prefix="/auth")


@bp.after_request
def _vary(response):
    """Every URL here answers JSON or a page by the Accept header."""
    return add_vary(response, "Accept")


def _tokens_page(form: TokenForm, new_key: str | None = None, status: int = 200):
    """The tokens page with the given form (and the key just created, shown once)."""
    return render_template("sessions/tokens.html", form=form, tokens=tokens.user_tokens(current_user),
                           new_key=new_key), status


@bp.get("/tokens/")
@login_required
def token_list():
    """The user's live API tokens: name, creation, last use."""
    if wants_json():
        return jsonify([token_json(token) for token in tokens.user_tokens(current_user)])
    return _tokens_page(TokenForm(formdata=None))


@bp.post("/tokens/")
@login_required
def token_new():
    """Create a named token; its key is shown this once."""
    form = bind(TokenForm, strict=True)
    if not form.validate():
        if wants_json():
            raise ValidationFailed(form.errors)
        return _tokens_page(form, status=400)
    token, key = tokens.create_token(current_user, form.name.data)
    if wants_json():
        return jsonify({**token_json(token), "token": key}), 201
    return _tokens_page(TokenForm(formdata=None), new_key=key, status=201)


@bp.delete("/tokens/<token_id>/")
@login_required
def token_delete(token_id: str):
    """Revoke one of the user's tokens."""
    tokens.revoke_by_id(current_user, token_id)
    return "", 204


@bp.post("/tokens/<token_id>/revoke/")
@login_required
def token_revoke_form(token_id: str):
    """The page's «Отозвать» button."""
    token = tokens.revoke_by_id(current_user, token_id)
    if wants_json():
        return "", 204
    flash(f"Токен «{token.name}» отозван.", "success")
    return redirect(url_for("account.token_list"))


@bp.get("/sessions/")
@login_required
def login_list():
    """The account's open logins, this one marked."""
    live = logins.live_logins(current_user, current_login_key())
    if wants_json():
        return jsonify([login_json(item) for item in live])
    return render_template("sessions/logins.html", logins=live, device_label=device_label)


@bp.post("/sessions/end-all/")
@login_required
def end_all():
    """«Выйти на всех устройствах»: every login of the account ends, this one too."""
    ended = logins.end_other_logins(current_user, current_login_key())
    record_user_event(current_user, "logout_everywhere", {"logins_ended": ended + 1})
    db.session.commit()
    end_session()
    if wants_json():
        return "", 204
    flash("Вы вышли на всех устройствах.", "info")
    return redirect(url_for("auth.login"))
