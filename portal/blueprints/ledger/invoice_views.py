"""An invoice's ledger card: its state, payments and history; recording a payment, annulling,
linking the acts and waybills that close it. Page, htmx fragment and JSON at the same paths.

Every write re-renders the card's body (`ledger/_card.html`) for htmx, with the form's values
and messages when refused; JSON callers get the error the service raised.
"""
from flask import url_for
from flask_login import login_required

from portal.blueprints.ledger.views import bp
from portal.blueprints.smart_docs.common import current_staff, payload
from portal.errors import ApiError, ValidationFailed
from portal.extensions import db
from portal.ledger import invoices
from portal.ledger import card as cards
from portal.ledger.input import payment_values, wants_confirmation
from portal.ledger.payment_json import closing_json, invoice_json, payment_json
from portal.ledger.payments import STATES, OverpaymentNotConfirmed, invoice_state, record_payment
from portal.models.ledger import INVOICE_TYPE, PAYMENT_METHODS, LedgerInvoice
from portal.timeutil import today_almaty
from portal.web.answers import answer_refused, answer_write, render_fragment
from portal.web.negotiation import is_htmx, negotiate, wants_json

ID = "<string(length=8):public_id>"


def card_context(staff, **extra) -> dict:
    """What the card's templates need besides its data."""
    context = dict(staff=staff, methods=PAYMENT_METHODS, today=today_almaty(), values={}, errors={},
                   confirm=False, notice=None, error=None, annul_values={}, annul_errors={}, closing_errors={})
    context.update(extra)
    return context


def card_response(staff, public_id: str, status: int = 200, **extra):
    """The card as JSON, the page, or (htmx) its body, read fresh inside the caller's company."""
    card = cards.invoice_card(staff.company_id, public_id, today_almaty())
    return negotiate(card, invoice_json, "ledger/invoice.html", partial="ledger/_card.html", status=status,
                     **card_context(staff, **extra))


def card_fragment(staff, public_id: str, status: int = 200, **extra):
    card = cards.invoice_card(staff.company_id, public_id, today_almaty())
    return render_fragment("ledger/_card.html", status, data=card, **card_context(staff, **extra))


def _card_url(public_id: str) -> str:
    return url_for("ledger.invoice_card", public_id=public_id)


@bp.get(f"/invoices/{ID}/")
@login_required
def invoice_card(public_id: str):
    """The invoice's ledger card (another company's invoice is a 404)."""
    return card_response(current_staff(), public_id)


@bp.post(f"/invoices/{ID}/payments/")
@login_required
def invoice_payments(public_id: str):
    """Record a payment (any staff member): 201 with it, the refreshed card, or back to the card.
    An amount above what is owed asks for confirmation: the form comes back with a checkbox."""
    staff, data = current_staff(), payload()
    invoice = invoices.invoice_by_public_id(staff.company_id, public_id)
    try:
        payment = record_payment(staff.company_id, invoice.document_id, **payment_values(data),
                                 user_id=staff.user_id, confirm_overpayment=wants_confirmation(data))
    except ValidationFailed as exc:
        db.session.rollback()
        if wants_json():
            raise
        return _refused_form(staff, public_id, data, exc)
    body = payment_json(payment)
    db.session.commit()
    return answer_write(body, "Платёж записан.", redirect_to=_card_url(public_id), status=201,
                        fragment=lambda status, notice: card_fragment(staff, public_id, status, notice=notice))


def _refused_form(staff, public_id: str, data, exc: ValidationFailed):
    """The card again with the form's values and messages (htmx: its body; a plain post: the page)."""
    extra = dict(values=data, errors=exc.errors, confirm=isinstance(exc, OverpaymentNotConfirmed))
    if is_htmx():
        return card_fragment(staff, public_id, 400, **extra)
    return card_response(staff, public_id, 400, **extra)


@bp.post(f"/invoices/{ID}/annul/")
@login_required
def invoice_annul(public_id: str):
    """Annul the invoice (director only, a reason required); the PDF and its number stay."""
    staff, data = current_staff(), payload()
    invoice = invoices.invoice_by_public_id(staff.company_id, public_id, lock=True)
    try:
        invoices.annul_invoice(staff, invoice, data.get("reason"))
    except ValidationFailed as exc:
        db.session.rollback()
        if wants_json():
            raise
        extra = dict(annul_values=data, annul_errors=exc.errors)
        if is_htmx():
            return card_fragment(staff, public_id, 400, **extra)
        return card_response(staff, public_id, 400, **extra)
    except ApiError as exc:
        db.session.rollback()
        return answer_refused(exc, redirect_to=_card_url(public_id),
                              fragment=lambda status, error: card_fragment(staff, public_id, status, error=error))
    db.session.commit()
    return answer_write(invoice_json(cards.invoice_card(staff.company_id, public_id, today_almaty())),
                        "Счёт аннулирован.", redirect_to=_card_url(public_id),
                        fragment=lambda status, notice: card_fragment(staff, public_id, status, notice=notice))


@bp.post(f"/invoices/{ID}/closings/")
@login_required
def invoice_closings(public_id: str):
    """Link an issued act (Р-1) or waybill (З-2) of the company to the invoice it closes."""
    staff, data = current_staff(), payload()
    invoice = invoices.invoice_by_public_id(staff.company_id, public_id)
    try:
        closing = invoices.link_closing(staff, invoice, data.get("document"))
    except ValidationFailed as exc:
        db.session.rollback()
        if wants_json():
            raise
        if is_htmx():
            return card_fragment(staff, public_id, 400, closing_errors=exc.errors)
        return card_response(staff, public_id, 400, closing_errors=exc.errors)
    body = closing_json(closing)
    db.session.commit()
    return answer_write(body, f"Документ № {body['number']} закрывает счёт.", redirect_to=_card_url(public_id),
                        status=201,
                        fragment=lambda status, notice: card_fragment(staff, public_id, status, notice=notice))


def _unlink(public_id: str, document_id: str):
    staff = current_staff()
    invoice = invoices.invoice_by_public_id(staff.company_id, public_id)
    invoices.unlink_closing(staff, invoice, document_id)
    db.session.commit()
    return answer_write(None, "Связь с документом снята.", redirect_to=_card_url(public_id),
                        fragment=lambda status, notice: card_fragment(staff, public_id, 200, notice=notice))


@bp.delete(f"/invoices/{ID}/closings/<string(length=8):document_id>/")
@login_required
def invoice_closing_delete(public_id: str, document_id: str):
    """Unlink a closing document: 204 (htmx: the refreshed card)."""
    return _unlink(public_id, document_id)


@bp.post(f"/invoices/{ID}/closings/<string(length=8):document_id>/delete/")
@login_required
def invoice_closing_delete_form(public_id: str, document_id: str):
    """The same for a plain form (browsers send no DELETE without JavaScript)."""
    return _unlink(public_id, document_id)


@bp.app_template_global()
def ledger_links(record) -> dict | None:
    """For an issued document's page: its ledger card (an invoice) or the invoice it closes (act, waybill)."""
    if record.type == INVOICE_TYPE:
        invoice = db.session.get(LedgerInvoice, record.id)
        if invoice is None:
            return None
        state = invoice_state(invoice, today_almaty())
        return {"kind": "invoice", "url": _card_url(record.public_id), "state": state, "state_text": STATES[state]}
    closing = invoices.closing_of(record.company_sender_id, record.id)
    if closing is None:
        return None
    return {"kind": "closes", "url": _card_url(closing.invoice.document.public_id), "number": closing.invoice.number}

