"""The company's payments: the list (filters in the URL), one payment's page, editing and deleting.

A payment is addressed by its public id; another company's is a 404. Edits and deletes go
through portal.ledger.payments, which keeps the history; the views only read and answer.
"""
from flask import request, url_for
from flask_login import login_required
from sqlalchemy import select

from portal.blueprints.ledger.invoice_views import card_fragment
from portal.blueprints.ledger.views import bp
from portal.blueprints.smart_docs.common import current_staff, payload
from portal.errors import ApiError, ValidationFailed
from portal.extensions import db
from portal.ledger import payments as ledger
from portal.ledger.input import payment_values, wants_confirmation
from portal.ledger.payment_json import payment_json
from portal.ledger.payment_list import payments_page, read_payment_filters
from portal.models.base import PUBLIC_ID_RE
from portal.models.ledger import PAYMENT_METHODS, Payment
from portal.paging import Page
from portal.web.answers import answer_write
from portal.web.negotiation import is_htmx, negotiate, wants_json
from portal.web.pagination import page_json, page_request

ID = "<string(length=8):public_id>"


@bp.get("/payments/")
@login_required
def payments_list():
    """The company's payments, newest first, filtered by period, method and counterparty."""
    staff = current_staff()
    wanted = read_payment_filters(request.args)
    status = 200
    if wanted.errors and not wants_json():
        page, status = Page(items=[], count=0, page=1, page_size=1), 400
    else:
        page = payments_page(staff.company_id, wanted, page_request())
    return negotiate(page, lambda p: page_json(p, payment_json), "ledger/payments.html",
                     partial="ledger/_payment_rows.html", status=status, filters=wanted, errors=wanted.errors,
                     methods=PAYMENT_METHODS)


def _payment(company_id: int, public_id: str) -> Payment:
    """The company's payment by its public id (deleted ones too, for their page); else a 404."""
    payment = None
    if PUBLIC_ID_RE.match(public_id or ""):
        payment = db.session.execute(
            select(Payment).where(Payment.company_id == company_id, Payment.public_id == public_id)
        ).scalar_one_or_none()
    if payment is None:
        raise ApiError(404, "Платёж не найден.")
    return payment


def _page(staff, payment: Payment, status: int = 200, **extra):
    context = dict(methods=PAYMENT_METHODS, values={}, errors={}, confirm=False, staff=staff)
    context.update(extra)
    return negotiate(payment, payment_json, "ledger/payment.html", status=status, payment=payment, **context)


@bp.get(f"/payments/{ID}/")
@login_required
def payment_item(public_id: str):
    """One payment: JSON, or its page with the edit form and the delete button."""
    staff = current_staff()
    return _page(staff, _payment(staff.company_id, public_id))


def _edit(public_id: str, partial: bool):
    staff, data = current_staff(), payload()
    payment = _payment(staff.company_id, public_id)
    try:
        changed = ledger.edit_payment(staff.company_id, payment.id, **payment_values(data, partial=partial),
                                      user_id=staff.user_id, confirm_overpayment=wants_confirmation(data))
    except ValidationFailed as exc:
        db.session.rollback()
        if wants_json():
            raise
        payment = _payment(staff.company_id, public_id)
        return _page(staff, payment, 400, values=data, errors=exc.errors,
                     confirm=isinstance(exc, ledger.OverpaymentNotConfirmed))
    body = payment_json(changed)
    card = url_for("ledger.invoice_card", public_id=changed.invoice.document.public_id)
    db.session.commit()
    return answer_write(body, "Платёж изменён.", redirect_to=card)


@bp.patch(f"/payments/{ID}/")
@login_required
def payment_patch(public_id: str):
    """Change some of a payment's values (the history keeps the old ones)."""
    return _edit(public_id, partial=True)


@bp.post(f"/payments/{ID}/")
@login_required
def payment_post(public_id: str):
    """The edit form: every value sent."""
    return _edit(public_id, partial=False)


def _delete(public_id: str):
    staff = current_staff()
    payment = _payment(staff.company_id, public_id)
    invoice_id = payment.invoice.document.public_id
    ledger.delete_payment(staff.company_id, payment.id, user_id=staff.user_id)
    db.session.commit()
    if is_htmx():
        return card_fragment(staff, invoice_id, notice="Платёж удалён.")
    return answer_write(None, "Платёж удалён.", redirect_to=url_for("ledger.invoice_card", public_id=invoice_id))


@bp.delete(f"/payments/{ID}/")
@login_required
def payment_delete(public_id: str):
    """Delete a payment (kept, marked deleted): 204; htmx gets the refreshed invoice card."""
    return _delete(public_id)


@bp.post(f"/payments/{ID}/delete/")
@login_required
def payment_delete_form(public_id: str):
    """The same for a plain form."""
    return _delete(public_id)

