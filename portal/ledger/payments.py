"""Payments against issued invoices: recording, editing, deleting, and what each invoice still owes.

Every write here only adds to the session and flushes: the caller commits, so the bank statement
import can record a whole statement in one transaction and a failure leaves nothing half written.
The invoice row is read FOR UPDATE (PostgreSQL; SQLite has one writer anyway), and `paid` is
recomputed from the payments that are not deleted rather than incremented, so two concurrent
payments and an edit after a delete all leave it equal to the sum of what is on record.
"""
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from portal.errors import ApiError, ValidationFailed
from portal.extensions import db
from portal.ledger import events
from portal.ledger.sums import tenge, tiyn_sum
from portal.models.ledger import PAYMENT_METHODS, LedgerInvoice, Payment, PaymentChange
from portal.smart_docs.money import MAX_PRICE, round_tiyn
from portal.timeutil import now_utc, today_almaty
from portal.web.templating import format_money

STATES = {
    "unpaid": "не оплачен",
    "partial": "частично оплачен",
    "paid": "оплачен",
    "overdue": "просрочен",
    "annulled": "аннулирован",
}
EARLIEST = date(2000, 1, 1)
MAX_REFERENCE = 100
MAX_NOTE = 500
ZERO = Decimal("0.00")
_KEEP = object()


class OverpaymentNotConfirmed(ValidationFailed):
    """The payment is more than the invoice still owes and the user has not confirmed the excess."""

    def __init__(self, remaining: Decimal, excess: Decimal):
        super().__init__({"amount": [
            f"Сумма больше остатка по счёту: осталось {format_money(remaining)} ₸. "
            f"Подтвердите переплату — {format_money(excess)} ₸ станут авансом контрагента."
        ]})
        self.remaining = remaining
        self.excess = excess


def remaining(inv: LedgerInvoice) -> Decimal:
    """What the invoice still owes (never below zero; an overpayment is the counterparty's credit)."""
    return max(round_tiyn(Decimal(inv.amount) - Decimal(inv.paid or 0)), ZERO)


def overpaid(inv: LedgerInvoice) -> Decimal:
    """What was paid above the amount, or everything paid on an annulled invoice."""
    paid = Decimal(inv.paid or 0)
    if inv.annulled_at is not None:
        return round_tiyn(paid)
    return max(round_tiyn(paid - Decimal(inv.amount)), ZERO)


def invoice_state(inv: LedgerInvoice, today: date) -> str:
    """One of STATES: annulled first, then paid; an unpaid or partly paid invoice past its due date is overdue."""
    if inv.annulled_at is not None:
        return "annulled"
    if Decimal(inv.paid or 0) >= Decimal(inv.amount):
        return "paid"
    if inv.due_date is not None and today > inv.due_date:
        return "overdue"
    if Decimal(inv.paid or 0) > 0:
        return "partial"
    return "unpaid"


OPEN_STATUSES = ("unpaid", "partial")


def open_invoices(company_id: int):
    """SQL: the company's invoices that are neither paid in full nor annulled (oldest first)."""
    return (
        select(LedgerInvoice)
        .where(LedgerInvoice.company_id == company_id, LedgerInvoice.payment_status.in_(OPEN_STATUSES))
        .order_by(LedgerInvoice.doc_date, LedgerInvoice.document_id)
    )


def find_invoice(company_id: int, document_id: int, *, lock: bool = False) -> LedgerInvoice:
    """The company's invoice by its issued document id; anyone else's is a 404."""
    query = select(LedgerInvoice).where(LedgerInvoice.company_id == company_id,
                                        LedgerInvoice.document_id == document_id)
    if lock:
        query = query.with_for_update(of=LedgerInvoice)
    invoice = db.session.execute(query).unique().scalar_one_or_none()
    if invoice is None:
        raise ApiError(404, "Счёт не найден.")
    return invoice


def find_payment(company_id: int, payment_id: int) -> Payment:
    """The company's payment (deleted ones too: their history stays readable); others' are a 404."""
    payment = db.session.execute(
        select(Payment).where(Payment.company_id == company_id, Payment.id == payment_id)
    ).scalar_one_or_none()
    if payment is None:
        raise ApiError(404, "Платёж не найден.")
    return payment


def _amount(value, errors: dict) -> Decimal | None:
    """A positive sum, rounded half-up to the tiyn (integrators may send more places)."""
    try:
        if isinstance(value, bool) or value is None or isinstance(value, float):
            raise InvalidOperation
        amount = Decimal(str(value).strip().replace(" ", "").replace("\u00a0", "").replace(",", "."))
        if not amount.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["amount"] = ["Укажите сумму числом, например 1500.00."]
        return None
    if amount > MAX_PRICE:
        errors["amount"] = ["Слишком большая сумма: не больше 999 999 999,99 ₸."]
        return None
    amount = round_tiyn(amount)
    if amount <= 0:
        errors["amount"] = ["Сумма платежа должна быть больше нуля."]
        return None
    return amount


def _clean(paid_on, amount, method, reference, note) -> dict:
    """Check a payment's values; every problem is reported against its field."""
    errors: dict[str, list[str]] = {}
    values: dict = {}
    if not isinstance(paid_on, date) or isinstance(paid_on, datetime):
        errors["paid_on"] = ["Укажите дату оплаты."]
    elif paid_on > today_almaty():
        errors["paid_on"] = ["Дата оплаты не может быть в будущем."]
    elif paid_on < EARLIEST:
        errors["paid_on"] = ["Слишком ранняя дата оплаты."]
    else:
        values["paid_on"] = paid_on
    values["amount"] = _amount(amount, errors)
    if method not in PAYMENT_METHODS:
        errors["method"] = ["Способ оплаты: " + ", ".join(f"{k} ({v})" for k, v in PAYMENT_METHODS.items()) + "."]
    values["method"] = method
    for name, value, limit in (("reference", reference, MAX_REFERENCE), ("note", note, MAX_NOTE)):
        text = " ".join(str(value or "").split()) if name == "reference" else str(value or "").strip()
        if len(text) > limit:
            errors[name] = [f"Не больше {limit} символов."]
        values[name] = text
    if errors:
        raise ValidationFailed(errors)
    return values


def _snapshot(payment: Payment) -> dict:
    """A payment's values as JSON for its history."""
    return {
        "paid_on": payment.paid_on.isoformat(), "amount": f"{Decimal(payment.amount):.2f}",
        "method": payment.method, "reference": payment.reference, "note": payment.note,
    }


def _record_change(payment: Payment, action: str, user_id: int | None, old: dict | None, at: datetime) -> None:
    db.session.add(PaymentChange(
        payment=payment, company_id=payment.company_id, document_id=payment.document_id, user_id=user_id,
        at=at, action=action, old_values=old, new_values=_snapshot(payment) if action != "deleted" else None,
    ))


def _paid_other_than(inv: LedgerInvoice, payment_id: int | None) -> Decimal:
    """What the invoice's live payments add up to, leaving one payment out (the one being edited)."""
    where = [Payment.document_id == inv.document_id, Payment.deleted_at.is_(None)]
    if payment_id is not None:
        where.append(Payment.id != payment_id)
    with db.session.no_autoflush:
        total = db.session.execute(select(tiyn_sum(Payment.amount)).where(*where)).scalar_one()
    return tenge(total)


def _check_overpayment(inv: LedgerInvoice, amount: Decimal, others: Decimal, confirmed: bool) -> None:
    left = max(round_tiyn(Decimal(inv.amount) - others), ZERO)
    if amount > left and not confirmed:
        raise OverpaymentNotConfirmed(left, amount - left)


def _settle(inv: LedgerInvoice, at: datetime) -> None:
    """Bring `paid` and `paid_at` in line with the live payments (after the session has them)."""
    db.session.flush()
    inv.paid = _paid_other_than(inv, None)
    if inv.paid >= Decimal(inv.amount):
        if inv.paid_at is None:
            inv.paid_at = at
            events.invoice_paid(inv)
    else:
        inv.paid_at = None
    settle_status(inv)
    db.session.flush()


def settle_status(inv: LedgerInvoice) -> None:
    """`payment_status` and `credit` from `paid`, the amount and the annulment."""
    paid = Decimal(inv.paid or 0)
    if inv.annulled_at is not None:
        inv.payment_status = "annulled"
    elif paid >= Decimal(inv.amount):
        inv.payment_status = "paid"
    else:
        inv.payment_status = "partial" if paid > 0 else "unpaid"
    inv.credit = overpaid(inv)


def _refuse_annulled(inv: LedgerInvoice) -> None:
    if inv.annulled_at is not None:
        raise ValidationFailed({"document": ["Счёт аннулирован: платежи по нему не принимаются."]})


def record_payment(company_id: int, document_id: int, *, paid_on: date, amount: Decimal, method: str,
                   reference: str = "", note: str = "", user_id: int | None = None,
                   confirm_overpayment: bool = False, statement_line_id: int | None = None) -> Payment:
    """Record a payment on the company's invoice (flushed, not committed)."""
    inv = find_invoice(company_id, document_id, lock=True)
    _refuse_annulled(inv)
    values = _clean(paid_on, amount, method, reference, note)
    _check_overpayment(inv, values["amount"], _paid_other_than(inv, None), confirm_overpayment)
    at = now_utc()
    payment = Payment(company_id=company_id, document_id=inv.document_id, statement_line_id=statement_line_id,
                      created_by=user_id, created=at, updated=at, **values)
    db.session.add(payment)
    db.session.flush()
    _record_change(payment, "created", user_id, None, at)
    _settle(inv, at)
    events.payment_recorded(payment)
    return payment


def edit_payment(company_id: int, payment_id: int, *, paid_on=_KEEP, amount=_KEEP, method=_KEEP,
                 reference=_KEEP, note=_KEEP, user_id: int | None = None,
                 confirm_overpayment: bool = False) -> Payment:
    """Change a payment's values (those not given stay); the history keeps both versions."""
    payment = find_payment(company_id, payment_id)
    if payment.deleted_at is not None:
        raise ApiError(404, "Платёж удалён.")
    inv = find_invoice(company_id, payment.document_id, lock=True)
    _refuse_annulled(inv)
    old = _snapshot(payment)
    given = dict(paid_on=paid_on, amount=amount, method=method, reference=reference, note=note)
    merged = {key: (getattr(payment, key) if value is _KEEP else value) for key, value in given.items()}
    values = _clean(**merged)
    _check_overpayment(inv, values["amount"], _paid_other_than(inv, payment.id), confirm_overpayment)
    for key, value in values.items():
        setattr(payment, key, value)
    if _snapshot(payment) == old:
        return payment
    at = now_utc()
    payment.updated = at
    _record_change(payment, "edited", user_id, old, at)
    _settle(inv, at)
    return payment


def delete_payment(company_id: int, payment_id: int, *, user_id: int | None = None) -> Payment:
    """Mark a payment deleted (it stays for history and exports) and give the invoice its debt back."""
    payment = find_payment(company_id, payment_id)
    if payment.deleted_at is not None:
        raise ApiError(404, "Платёж уже удалён.")
    inv = find_invoice(company_id, payment.document_id, lock=True)
    at = now_utc()
    payment.deleted_at = at
    payment.updated = at
    _record_change(payment, "deleted", user_id, _snapshot(payment), at)
    _settle(inv, at)
    return payment


def live_payments(inv: LedgerInvoice) -> list[Payment]:
    """The invoice's payments that are not deleted, in the order they were paid."""
    return [p for p in inv.payments if p.deleted_at is None]


def payment_history(company_id: int, document_id: int) -> list[PaymentChange]:
    """Every change of the invoice's payments, oldest first."""
    return list(db.session.execute(
        select(PaymentChange).where(PaymentChange.company_id == company_id, PaymentChange.document_id == document_id)
        .order_by(PaymentChange.at, PaymentChange.id)
    ).unique().scalars())
