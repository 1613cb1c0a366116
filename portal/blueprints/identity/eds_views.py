"""ЭЦП for the account: link one's ИИН once (logged in), then log in by signing a challenge."""
from flask import current_app, flash, jsonify, redirect, url_for
from flask_login import current_user, login_required

from portal.blueprints.auth.views import start_session
from portal.blueprints.identity.views import _text, bp
from portal.blueprints.smart_docs.common import payload
from portal.extensions import limiter
from portal.identity import eds
from portal.identity.serializers import challenge_json, link_json
from portal.errors import ValidationFailed
from portal.web.negotiation import negotiate, wants_json


def _login_ip_limit() -> str:
    """ЭЦП logins draw on the password login's per-address budget (config LOGIN_LIMIT_PER_IP)."""
    return current_app.config["LOGIN_LIMIT_PER_IP"]


_limited = limiter.shared_limit(_login_ip_limit, scope="login-ip", methods=["POST"])


def _link_page(status: int = 200, errors: dict | None = None):
    """The account's ЭЦП page: the linked ИИН, and the button to (re)link it."""
    return negotiate(eds.linked_iin(current_user), link_json, "identity/link.html", status=status,
                     errors=errors or {}, ncalayer_url=current_app.config["NCALAYER_URL"])


@bp.get("/eds/")
@login_required
def link_page():
    """Which ИИН this account is linked to, if any."""
    return _link_page()


@bp.post("/eds/challenge/")
@login_required
def link_challenge():
    """A one-time text to sign with one's AUTH key, to link the ИИН."""
    return jsonify(challenge_json(eds.link_challenge(current_user))), 201


@bp.post("/eds/")
@login_required
def link():
    """Link the ИИН of the certificate that signed the challenge."""
    data = payload()
    try:
        linked = eds.link_iin(current_user, _text(data, "challenge"), _text(data, "signature"))
    except ValidationFailed as exc:
        if wants_json():
            raise
        return _link_page(400, exc.errors)
    flash(f"ЭЦП привязана: ИИН {linked.iin}. Теперь можно входить по ЭЦП.", "success")
    if wants_json():
        return jsonify(link_json(linked) | {"next": url_for("identity.link_page")})
    return redirect(url_for("identity.link_page"))


@bp.get("/login/")
def login_page():
    """Log in by signing a challenge with the AUTH key (the account's ИИН must be linked)."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.home"))
    return negotiate({}, lambda _: {"ncalayer_url": current_app.config["NCALAYER_URL"]}, "identity/login.html",
                     errors={}, ncalayer_url=current_app.config["NCALAYER_URL"])


@bp.post("/login/challenge/")
@_limited
def login_challenge():
    """A one-time text to sign for logging in."""
    return jsonify(challenge_json(eds.login_challenge())), 201


@bp.post("/login/")
@_limited
def login():
    """Log in as the account linked to the signer's ИИН."""
    data = payload()
    try:
        user = eds.login_by_eds(_text(data, "challenge"), _text(data, "signature"))
    except ValidationFailed as exc:
        if wants_json():
            raise
        return negotiate({}, dict, "identity/login.html", status=400, errors=exc.errors,
                         ncalayer_url=current_app.config["NCALAYER_URL"])
    start_session(user, method="eds")
    if wants_json():
        return jsonify({"user": user.public_id, "email": user.email, "next": url_for("dashboard.home")})
    return redirect(url_for("dashboard.home"))
