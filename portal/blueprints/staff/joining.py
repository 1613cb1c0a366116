"""Getting into a company: claim it by BIN, ask to join it, or open an invite link."""
from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.blueprints.auth.views import start_session
from portal.blueprints.staff.forms import ClaimForm, InviteRegisterForm, bind
from portal.blueprints.staff.views import bp
from portal.staffing import claims, invites
from portal.staffing.pages import claim_page_data, claim_page_json
from portal.staffing.serializers import company_brief_json, join_request_json, member_json
from portal.timeutil import iso
from portal.web.errors import ApiError, ValidationFailed
from portal.web.negotiation import add_vary, negotiate, wants_json


def _with_errors(form, errors: dict) -> None:
    """Show a service's field errors beside the form's fields."""
    for name, messages in errors.items():
        target = form[name] if name in form else None
        if target is not None:
            # The form's own errors come back through ValidationFailed too: show each once.
            target.errors = list(target.errors) + [m for m in messages if m not in target.errors]


@bp.route("/claim/", methods=["GET", "POST"])
@login_required
def claim():
    """Claim a company by BIN (its first director) or ask its director to let you join."""
    form = bind(ClaimForm)
    if form.is_submitted():
        try:
            if not form.validate():
                raise ValidationFailed(form.errors)
            result = claims.claim_company(current_user, form.bin.data, form.message.data or "")
        except ValidationFailed as exc:
            if wants_json():
                raise
            _with_errors(form, exc.errors)
            return _claim_page(form, 400)
        return _claimed(result)
    return _claim_page(form)


def _claim_page(form, status: int = 200):
    """The claim page with its form, as HTML or JSON."""
    return negotiate(claim_page_data(current_user), claim_page_json, "staff/claim.html", status=status, form=form)


def _claimed(result: claims.ClaimResult):
    """Tell the claimant what happened: they run the company now, or their request waits."""
    if result.outcome == claims.OUTCOME_DIRECTOR:
        if wants_json():
            return jsonify({
                "outcome": result.outcome, "company": company_brief_json(result.company),
                "staff": member_json(result.staff), "join_request": None,
            }), 201
        flash(f"Вы — директор компании «{result.company.company_name}» на портале.", "success")
        return redirect(url_for("dashboard.home"))
    if wants_json():
        return jsonify({
            "outcome": result.outcome, "company": company_brief_json(result.company),
            "staff": None, "join_request": join_request_json(result.request),
        }), 201
    flash(
        f"У компании «{result.company.company_name}» уже есть директор на портале. "
        "Мы отправили ему заявку: вы увидите решение здесь.", "info",
    )
    return redirect(url_for("staff.claim"))


@bp.post("/claim/requests/<public_id>/cancel/")
@login_required
def request_cancel(public_id: str):
    """The applicant withdraws their request."""
    try:
        join = claims.cancel_request(current_user, public_id)
    except ApiError as exc:
        if wants_json() or exc.status != 409:
            raise
        flash(exc.detail, "error")
        return redirect(url_for("staff.claim"))
    if wants_json():
        return jsonify(join_request_json(join))
    flash("Заявка отменена.", "info")
    return redirect(url_for("staff.claim"))


def _invite_json(invite) -> dict:
    """What the holder of a link may know about it."""
    return {
        "company": company_brief_json(invite.company),
        "role": invite.role,
        "email": invite.email,
        "expires_at": iso(invite.expires_at),
    }


def _invite_page(token: str, invite=None, problem: ApiError | None = None, form=None, status: int = 200):
    """The invite page: who invites you where, or why the link no longer works."""
    if problem is not None:
        status = problem.status
    if form is None and invite is not None and not current_user.is_authenticated:
        form = InviteRegisterForm(formdata=None, email=invite.email)
    body = render_template("staff/invite.html", token=token, invite=invite, problem=problem, form=form)
    response = current_app.response_class(body, status=status, mimetype="text/html")
    return add_vary(response, "Accept")


@bp.route("/join/<token>/", methods=["GET", "POST"])
def join(token: str):
    """An invite link: see the invitation, then join (logged in) or create an account and join."""
    invite = None
    try:
        invite = invites.find_invite(token)
        invites.check_usable(invite)
        if current_user.is_authenticated:
            invites.check_invitee(invite, current_user)
    except ApiError as exc:
        if wants_json():
            raise
        return _invite_page(token, invite, problem=exc)
    if request.method == "GET":
        if wants_json():
            return jsonify(_invite_json(invite))
        return _invite_page(token, invite)
    if current_user.is_authenticated:
        return _accept(token, invite)
    return _register(token, invite)


def _accept(token: str, invite):
    """A logged-in invitee joins."""
    try:
        staff = invites.accept_invite(token, current_user)
    except ApiError as exc:
        if wants_json():
            raise
        return _invite_page(token, invite=invite, problem=exc)
    if wants_json():
        return jsonify(member_json(staff)), 201
    flash(f"Вы присоединились к компании «{staff.company.company_name}».", "success")
    return redirect(url_for("dashboard.home"))


def _register(token: str, invite):
    """A newcomer creates an account from the link and joins in one step."""
    form = bind(InviteRegisterForm)
    try:
        if not form.validate():
            raise ValidationFailed(form.errors)
        staff = invites.register_and_accept(token, form.email.data, form.password.data, form.full_name.data)
    except ValidationFailed as exc:
        if wants_json():
            raise
        _with_errors(form, exc.errors)
        return _invite_page(token, invite=invite, form=form, status=400)
    except ApiError as exc:
        if wants_json():
            raise
        return _invite_page(token, invite=invite, problem=exc)
    if wants_json():
        return jsonify(member_json(staff)), 201
    start_session(staff.user)
    flash(f"Аккаунт создан. Вы в компании «{staff.company.company_name}».", "success")
    return redirect(url_for("dashboard.home"))
