"""Staff management: the company's people, invites, accounts with a temporary password, join requests.

Every action answers three ways (`portal.web.answers`): JSON for API clients, the refreshed
panel for htmx, and a redirect (or the re-shown form) for a plain form post. The rules live in
`portal.staffing`.
"""
from datetime import timedelta

from flask import Blueprint, current_app, flash, jsonify, redirect, url_for
from flask_login import current_user, login_required

from portal.blueprints.staff.forms import AccountForm, InviteForm, RoleForm, bind
from portal.errors import ApiError, ValidationFailed
from portal.models import ROLES
from portal.staffing import claims, invites
from portal.staffing.invites import DEFAULT_TTL
from portal.staffing.pages import staff_page_data, staff_page_json
from portal.staffing.serializers import invite_json, join_request_json, member_json
from portal.staffing.service import change_role, create_account, remove_member, require_director, staff_of
from portal.web.answers import answer_refused, answer_write, copy_field_errors, render_fragment
from portal.web.negotiation import add_vary, is_htmx, negotiate, wants_json

bp = Blueprint("staff", __name__, url_prefix="/staff")
# Status words of join requests, for every page that lists them (dashboard, claim, staff).
bp.add_app_template_global(claims.REQUEST_LABELS, "request_labels")
PANEL = "staff/_panel.html"


@bp.after_request
def _vary(response):
    """Every staff URL answers JSON, a page or an htmx panel by these headers: caches must know."""
    return add_vary(response, "Accept", "HX-Request")


def _me():
    """The caller's position in their company (None without one)."""
    return staff_of(current_user)


def _page_context(**context) -> dict:
    """What the staff templates need besides the data: empty forms unless given, labels, settings."""
    context.setdefault("invite_form", InviteForm(formdata=None))
    context.setdefault("account_form", AccountForm(formdata=None))
    context.update(
        roles=ROLES, invite_status=invites.invite_status, invite_labels=invites.STATUS_LABELS,
        invite_hours=round(invite_ttl().total_seconds() / 3600),
    )
    return context


def _render(status: int = 200, **context):
    """The staff page (or, for htmx, its panel) with fresh data and the given forms and notices.

    It is also the fragment `answer_write`/`answer_refused` refresh: the panel then says what
    happened, or why not (a colleague already removed, the last director...).
    """
    template = PANEL if is_htmx() else "staff/home.html"
    return render_fragment(template, status, data=staff_page_data(current_user), **_page_context(**context))


def invite_ttl() -> timedelta:
    """How long an invite link works (INVITE_TTL_HOURS, 72 hours unless configured)."""
    hours = current_app.config.get("INVITE_TTL_HOURS")
    return timedelta(hours=float(hours)) if hours else DEFAULT_TTL


@bp.get("/")
@login_required
def home():
    """The company's staff; a user without a company is sent to claim or join one."""
    if _me() is None and not wants_json():
        flash("Вы пока не состоите в компании: найдите свою по БИН.", "info")
        return redirect(url_for("staff.claim"))
    context = {} if wants_json() else _page_context()
    return negotiate(staff_page_data(current_user), staff_page_json, "staff/home.html", PANEL, **context)


@bp.post("/invites/")
@login_required
def invite_create():
    """A director creates an invite link; the link is shown once (only its hash is kept)."""
    require_director(_me())
    form = bind(InviteForm)
    if not form.validate():
        if wants_json():
            raise ValidationFailed(form.errors)
        return _render(400, invite_form=form)
    created = invites.create_invite(_me(), form.role.data, form.email.data, ttl=invite_ttl())
    link = url_for("staff.join", token=created.token, _external=True)
    if wants_json():
        return jsonify(invite_json(created.invite, link=link)), 201
    return _render(201, new_invite=created.invite, new_link=link)


@bp.post("/invites/<public_id>/revoke/")
@login_required
def invite_revoke(public_id: str):
    """A director cancels an unused invite."""
    invite = invites.revoke_invite(_me(), public_id)
    return answer_write(invite_json(invite), "Приглашение отозвано.", redirect_to=url_for("staff.home"), fragment=_render)


@bp.post("/accounts/")
@login_required
def account_create():
    """A director creates a colleague's account with a temporary password, shown once."""
    require_director(_me())
    form = bind(AccountForm)
    try:
        if not form.validate():
            raise ValidationFailed(form.errors)
        account = create_account(
            _me(), form.email.data, form.full_name.data, form.role.data, form.phone_number.data
        )
    except ValidationFailed as exc:
        if wants_json():
            raise
        copy_field_errors(form, exc.errors)
        return _render(400, account_form=form)
    if wants_json():
        return jsonify({**member_json(account.staff), "temporary_password": account.password}), 201
    return _render(201, new_account=account)


@bp.post("/members/<public_id>/role/")
@login_required
def member_role(public_id: str):
    """A director changes a colleague's role."""
    require_director(_me())
    form = bind(RoleForm)
    if not form.validate():
        raise ValidationFailed(form.errors)
    try:
        member = change_role(_me(), public_id, form.role.data)
    except ApiError as exc:
        return answer_refused(exc, redirect_to=url_for("staff.home"), fragment=_render)
    message = f"{member.user.full_name or member.user.email}: роль «{member.role}»."
    return answer_write(member_json(member), message, redirect_to=url_for("staff.home"), fragment=_render)


@bp.route("/members/<public_id>/remove/", methods=["POST"])
@bp.route("/members/<public_id>/", methods=["DELETE"])
@login_required
def member_remove(public_id: str):
    """A director removes a colleague from the company (the account itself stays)."""
    try:
        user = remove_member(_me(), public_id)
    except ApiError as exc:
        return answer_refused(exc, redirect_to=url_for("staff.home"), fragment=_render)
    if user.id == current_user.id and not wants_json():
        return _left_company()
    message = f"{user.full_name or user.email} больше не работает в компании."
    return answer_write(None, message, redirect_to=url_for("staff.home"), fragment=_render)


def _left_company():
    """A director who removed themselves has no staff page any more: go home (htmx: a full redirect)."""
    flash("Вы вышли из компании.", "info")
    target = url_for("dashboard.home")
    if is_htmx():
        response = current_app.response_class("", status=200)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


@bp.post("/requests/<public_id>/<any(approve, decline):decision>/")
@login_required
def request_decide(public_id: str, decision: str):
    """A director approves or declines a request to join."""
    try:
        join = claims.decide_request(_me(), public_id, approve=decision == "approve")
    except ApiError as exc:
        return answer_refused(exc, redirect_to=url_for("staff.home"), fragment=_render)
    name = join.user.full_name or join.user.email
    message = f"{name} принят(а) в компанию." if decision == "approve" else f"Заявка {name} отклонена."
    return answer_write(join_request_json(join), message, redirect_to=url_for("staff.home"), fragment=_render)
