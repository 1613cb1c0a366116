"""A claim's page and its proofs: ЭЦП through NCALayer, a code e-mailed to a listed address, the director.

Each write answers JSON to API clients and the page's script (which posts JSON), and a
redirect with a message (or the page re-shown with the field's error) to a plain form post.
"""
from flask import Blueprint, current_app, flash, jsonify, redirect, request, url_for
from flask_login import current_user, login_required

from portal.blueprints.smart_docs.common import payload
from portal.errors import ValidationFailed
from portal.identity import claiming, eds, email_codes
from portal.identity.claiming import CLAIM_LABELS, OUTCOME_DIRECTOR
from portal.identity.proofs import authority_text, proof_of
from portal.identity.serializers import challenge_json, claim_json, code_json, settled_json
from portal.web.answers import answer_write
from portal.web.negotiation import add_vary, negotiate, wants_json

bp = Blueprint("identity", __name__, url_prefix="/identity")
bp.add_app_template_filter(authority_text, "authority")
bp.add_app_template_global(CLAIM_LABELS, "claim_labels")


@bp.after_request
def _vary(response):
    """Pages and JSON share these URLs."""
    return add_vary(response, "Accept")


def _text(data: dict, name: str) -> str | None:
    """A string field, or None for anything else (a number, a list)."""
    value = data.get(name)
    return value if isinstance(value, str) else None


def claim_page_data(claim) -> dict:
    """Everything the claim page shows: the claim, listed addresses, the code in play, the proof."""
    company_id = claim.company_id
    return {
        "claim": claim,
        "emails": email_codes.address_choices(company_id),
        "director_on_portal": bool(claiming.proven_directors(company_id)),
        "code": email_codes.latest_code(claim) if claim.status == "pending" else None,
        "proof": proof_of(company_id),
    }


def _page(claim, status: int = 200, errors: dict | None = None):
    """The claim page, as HTML or JSON."""
    return negotiate(claim_page_data(claim), claim_json, "identity/claim.html", status=status, errors=errors or {},
                     ncalayer_url=current_app.config["NCALAYER_URL"])


@bp.get("/claims/<public_id>/")
@login_required
def claim_detail(public_id: str):
    """The user's claim: its status and the ways to prove it."""
    return _page(claiming.find_claim(current_user, public_id))


def _settled(claim, settled):
    """Where a proof leads: the dashboard for a director, the claim page for a request."""
    target = url_for("dashboard.home") if settled.outcome == OUTCOME_DIRECTOR else url_for("staff.claim")
    # The page's script posts JSON and then opens `next`: the message waits for it there.
    if "Authorization" not in request.headers:
        if settled.outcome == OUTCOME_DIRECTOR:
            flash(f"Компания «{claim.company.company_name}» подтверждена. Вы — её директор на портале.", "success")
        else:
            flash("У компании уже есть директор на портале: он получил вашу заявку.", "info")
    if wants_json():
        return jsonify(settled_json(settled, target))
    return redirect(target)


def _refused(claim, exc: ValidationFailed):
    """A refused proof: JSON 400 for the script and API, the page with the message for a form."""
    if wants_json():
        raise exc
    return _page(claim, status=400, errors=exc.errors)


@bp.post("/claims/<public_id>/challenge/")
@login_required
def claim_challenge(public_id: str):
    """A one-time text to sign with the company's ЭЦП."""
    claim = claiming.find_claim(current_user, public_id)
    return jsonify(challenge_json(eds.claim_challenge(claim))), 201


@bp.post("/claims/<public_id>/eds/")
@login_required
def claim_eds(public_id: str):
    """Prove the claim with the CMS NCALayer made over the challenge."""
    claim = claiming.find_claim(current_user, public_id)
    data = payload()
    try:
        settled = eds.prove_by_eds(claim, _text(data, "challenge"), _text(data, "signature"))
    except ValidationFailed as exc:
        return _refused(claim, exc)
    return _settled(claim, settled)


@bp.post("/claims/<public_id>/code/")
@login_required
def claim_code_send(public_id: str):
    """E-mail a code to the listed address the claimant picked."""
    claim = claiming.find_claim(current_user, public_id)
    try:
        code = email_codes.send_code(claim, _text(payload(), "email"))
    except ValidationFailed as exc:
        return _refused(claim, exc)
    return answer_write(code_json(code), f"Код отправлен на {code.masked}. Он действует 15 минут.",
                        redirect_to=url_for("identity.claim_detail", public_id=claim.public_id), status=201)


@bp.post("/claims/<public_id>/code/check/")
@login_required
def claim_code_check(public_id: str):
    """Prove the claim with the code from the e-mail."""
    claim = claiming.find_claim(current_user, public_id)
    try:
        settled = email_codes.check_code(claim, _text(payload(), "code"))
    except ValidationFailed as exc:
        return _refused(claim, exc)
    return _settled(claim, settled)


@bp.post("/claims/<public_id>/director/")
@login_required
def claim_director(public_id: str):
    """Ask the company's director to approve (a join request)."""
    claim = claiming.find_claim(current_user, public_id)
    return _settled(claim, claiming.ask_director(claim, _text(payload(), "message") or ""))


@bp.post("/claims/<public_id>/cancel/")
@login_required
def claim_cancel(public_id: str):
    """Withdraw the claim."""
    claim = claiming.cancel_claim(claiming.find_claim(current_user, public_id))
    if wants_json():
        return jsonify({"id": claim.public_id, "status": claim.status})
    flash("Заявка отменена.", "info")
    return redirect(url_for("staff.claim"))
