"""Reminder rules (`/reminders/`) and an invoice's reminders (`/ledger/invoices/<id>/reminders/`):
list, «Напомнить сейчас», exclusion. Directors manage rules and exclusions; anyone on the staff
sees them and may send a reminder by hand."""
from flask import url_for
from flask_login import login_required

from portal.blueprints.chores.common import ID, bp
from portal.blueprints.smart_docs.common import current_staff, payload
from portal.chores import pages, reminders
from portal.chores.serializers import invoice_reminders_json, rule_json, rules_json
from portal.errors import ApiError, ValidationFailed
from portal.extensions import db
from portal.ledger.invoices import invoice_by_public_id
from portal.timeutil import today_almaty
from portal.web.answers import answer_refused, answer_write, render_fragment
from portal.web.negotiation import is_htmx, negotiate, wants_json

RULES = "chores.rules_page"


def _rules_page(staff, status: int = 200, values=None, errors=None, editing=None):
    return negotiate(pages.rules_view(staff.company_id), rules_json, "chores/rules.html", status=status, staff=staff,
                     values=values or {}, errors=errors or {}, editing=editing, days_text=reminders.days_text)


@bp.get("/reminders/")
@login_required
def rules_page():
    """The company's reminder rules, the placeholders their texts may use, and the form to add one."""
    return _rules_page(current_staff())


@bp.post("/reminders/")
@login_required
def rule_create():
    """Add a rule (director): 201 with it, or the form with its messages."""
    staff, data = current_staff(), payload()
    try:
        rule = reminders.create_rule(staff, data)
    except ValidationFailed as exc:
        db.session.rollback()
        if wants_json():
            raise
        return _rules_page(staff, 400, data, exc.errors)
    except ApiError as exc:
        db.session.rollback()
        return answer_refused(exc, redirect_to=url_for(RULES))
    db.session.commit()
    return answer_write(rule_json(rule), "Правило добавлено.", redirect_to=url_for(RULES), status=201)


@bp.route(f"/reminders/{ID}/", methods=["GET"])
@login_required
def rule_detail(public_id: str):
    """One rule (JSON), or the rules page with its edit form."""
    staff = current_staff()
    rule = reminders.find_rule(staff.company_id, public_id)
    if wants_json():
        return negotiate(rule, rule_json, "chores/rules.html")
    return _rules_page(staff, editing=rule)


@bp.route(f"/reminders/{ID}/", methods=["POST", "PATCH"])
@login_required
def rule_update(public_id: str):
    """Change a rule (director); fields not sent stay."""
    staff, data = current_staff(), payload()
    rule = reminders.find_rule(staff.company_id, public_id)
    try:
        reminders.update_rule(staff, rule, data)
    except ValidationFailed as exc:
        db.session.rollback()
        if wants_json():
            raise
        return _rules_page(staff, 400, data, exc.errors, editing=reminders.find_rule(staff.company_id, public_id))
    except ApiError as exc:
        db.session.rollback()
        return answer_refused(exc, redirect_to=url_for(RULES))
    db.session.commit()
    return answer_write(rule_json(rule), "Правило сохранено.", redirect_to=url_for(RULES))


@bp.route(f"/reminders/{ID}/", methods=["DELETE"])
@bp.post(f"/reminders/{ID}/delete/")
@login_required
def rule_delete(public_id: str):
    """Remove a rule (director); the reminders it sent stay on their invoices."""
    staff = current_staff()
    rule = reminders.find_rule(staff.company_id, public_id)
    try:
        reminders.delete_rule(staff, rule)
    except ApiError as exc:
        db.session.rollback()
        return answer_refused(exc, redirect_to=url_for(RULES))
    db.session.commit()
    return answer_write(None, "Правило удалено.", redirect_to=url_for(RULES), status=204)


def _invoice_view(staff, public_id: str):
    return pages.invoice_reminders(staff.company_id, public_id, today_almaty())


def _invoice_url(public_id: str) -> str:
    return url_for("ledger.invoice_card", public_id=public_id)


def _fragment(staff, public_id: str, status: int = 200, notice=None, error=None):
    return render_fragment("chores/_invoice_reminders.html", status, reminders_data=_invoice_view(staff, public_id),
                           staff=staff, notice=notice, error=error)


@bp.get(f"/ledger/invoices/{ID}/reminders/")
@login_required
def invoice_reminders(public_id: str):
    """Every reminder of the invoice with its delivery state (the card's section; htmx: the section)."""
    staff = current_staff()
    return negotiate(_invoice_view(staff, public_id), invoice_reminders_json, "chores/invoice_reminders.html",
                     partial="chores/_invoice_reminders.html", staff=staff, notice=None, error=None)


@bp.post(f"/ledger/invoices/{ID}/reminders/")
@login_required
def invoice_remind_now(public_id: str):
    """«Напомнить сейчас»: one reminder by hand, through the queue like every e-mail."""
    staff = current_staff()
    invoice = invoice_by_public_id(staff.company_id, public_id)
    try:
        reminders.remind_now(staff, invoice)
    except ApiError as exc:
        db.session.rollback()
        return answer_refused(exc, redirect_to=_invoice_url(public_id),
                              fragment=lambda status, error: _fragment(staff, public_id, status, error=error))
    return answer_write(invoice_reminders_json(_invoice_view(staff, public_id)), "Напоминание поставлено в очередь.",
                        redirect_to=_invoice_url(public_id), status=201,
                        fragment=lambda status, notice: _fragment(staff, public_id, status, notice=notice))


@bp.post(f"/ledger/invoices/{ID}/reminders/exclusion/")
@login_required
def invoice_exclusion(public_id: str):
    """Switch automatic reminders off (`excluded`: true) or on again for this invoice (director)."""
    staff, data = current_staff(), payload()
    invoice = invoice_by_public_id(staff.company_id, public_id)
    value = data.get("excluded")
    if value not in (True, False, "1", "0", "true", "false", "on", "off"):
        exc = ValidationFailed({"excluded": ["Ожидается true или false."]})
        if wants_json() or not is_htmx():
            raise exc
        return _fragment(staff, public_id, 400, error="Ожидается true или false.")
    try:
        excluded = reminders.set_excluded(staff, invoice, value in (True, "1", "true", "on"))
    except ApiError as exc:
        db.session.rollback()
        return answer_refused(exc, redirect_to=_invoice_url(public_id),
                              fragment=lambda status, error: _fragment(staff, public_id, status, error=error))
    db.session.commit()
    message = "Автоматические напоминания по счёту выключены." if excluded else "Автоматические напоминания включены."
    return answer_write(invoice_reminders_json(_invoice_view(staff, public_id)), message,
                        redirect_to=_invoice_url(public_id),
                        fragment=lambda status, notice: _fragment(staff, public_id, status, notice=notice))
