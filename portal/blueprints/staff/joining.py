"""Getting into a company: claim it by BIN, ask to join it, or open an invite link."""
from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.blueprints.auth.views import mail_link_limits
from portal.blueprints.staff.forms import ClaimForm, InviteRegisterForm, bind
from portal.blueprints.staff.views import bp
from portal.errors import ApiError, ValidationFailed
from portal.staffing import claims, invites
from portal.staffing.pages import claim_page_data, claim_page_json
from portal.staffing.serializers import company_brief_json, join_request_json, member_json
from portal.identity import claiming
from portal.timeutil import iso
from portal.web.answers import answer_refused, answer_write, copy_field_errors, render_fragment
from portal.web.negotiation import negotiate, wants_json

CHECK_MAIL = ("Мы отправили письмо на адрес {email}. Перейдите по ссылке из письма, чтобы принять приглашение "
              "(если у адреса уже есть аккаунт, в письме — ссылка для входа).")


@bp.route("/claim/", methods=["GET", "POST"])
@login_required
def claim():
    """Claim a company by BIN: the claim waits for a proof (ЭЦП, a code, or the director)."""
    form = bind(ClaimForm)
    if form.is_submitted():
        try:
            if not form.validate():
                raise ValidationFailed(form.errors)
            opened = claiming.start_claim(current_user, form.bin.data, form.message.data or "")
        except ValidationFailed as exc:
            if wants_json():
                raise
            copy_field_errors(form, exc.errors)
            return _claim_page(form, 400)
        return _claimed(opened)
    return _claim_page(form)


def _claim_page(form, status: int = 200):
    """The claim page with its form, as HTML or JSON."""
    return negotiate(claim_page_data(current_user), claim_page_json, "staff/claim.html", status=status, form=form)


def _claimed(opened):
    """Send the claimant to their claim, where they choose how to prove it."""
    target = url_for("identity.claim_detail", public_id=opened.public_id)
    if wants_json():
        response = jsonify({"claim": {"id": opened.public_id, "status": opened.status}, "next": target})
        response.status_code = 201
        response.headers["Location"] = target
        return response
    flash(f"Заявка на компанию «{opened.company.company_name}» ожидает подтверждения.", "info")
    return redirect(target)


@bp.post("/claim/requests/<public_id>/cancel/")
@login_required
def request_cancel(public_id: str):
    """The applicant withdraws their request."""
    try:
        join = claims.cancel_request(current_user, public_id)
    except ApiError as exc:
        # A request already decided (409) is said on the claim page; 404 keeps its own page.
        return answer_refused(exc, redirect_to=url_for("staff.claim"))
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
    return render_fragment("staff/invite.html", status, token=token, invite=invite, problem=problem, form=form)


@bp.route("/join/<token>/", methods=["GET", "POST"])
@mail_link_limits
def join(token: str):
    """An invite link: see the invitation, then join (logged in) or ask for an account by e-mail."""
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
    message = f"Вы присоединились к компании «{staff.company.company_name}»."
    return answer_write(member_json(staff), message, redirect_to=url_for("dashboard.home"), status=201)


def _register(token: str, invite):
    """A newcomer asks for an account from the link: «check your mail», whether or not the address has one."""
    form = bind(InviteRegisterForm)
    try:
        if not form.validate():
            raise ValidationFailed(form.errors)
        email = invites.register_from_invite(token, form.email.data, form.password.data, form.full_name.data,
                                             invite_path=url_for("staff.join", token=token))
    except ValidationFailed as exc:
        if wants_json():
            raise
        copy_field_errors(form, exc.errors)
        return _invite_page(token, invite=invite, form=form, status=400)
    except ApiError as exc:
        if wants_json():
            raise
        return _invite_page(token, invite=invite, problem=exc)
    if wants_json():
        return jsonify({"detail": CHECK_MAIL.format(email=email)}), 202
    return render_template("sessions/check_mail.html", email=email, purpose="invite"), 202
