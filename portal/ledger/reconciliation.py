"""Акт сверки взаиморасчётов: the company's invoices and the payments received on them, with
one counterparty, over a period, as 1C prints it.

From the company's side an invoice is a debit (the counterparty owes it), a payment a credit.
The opening balance is every debit minus every credit dated before the period; each invoice
and payment inside it follows in date order (on one day the invoices first); the turnover is
the period's debits and credits; the closing balance is opening + debit − credit. A positive
balance is a debt in the company's favour, a negative one in the counterparty's (it paid ahead).

An annulled invoice is no debt (it is left out), but money received on it stays a credit: it
is the counterparty's advance, the same rule as `portal.ledger.payments.overpaid`. Deleted
payments are left out. Money is Decimal, rounded half-up to the tiyn.
"""
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portal.documents.context import party
from portal.errors import ValidationFailed
from portal.extensions import db
from portal.ledger.filters import parse_date
from portal.models import Actor, Company
from portal.models.ledger import LedgerInvoice, Payment
from portal.smart_docs.money import round_tiyn
from portal.smart_docs.words import amount_in_words

TITLE = "Акт сверки взаиморасчетов"
FILE_TITLE = "Акт_сверки"
DOC_TYPE = "rc"
ZERO = Decimal("0.00")
MAX_DAYS = 3 * 366


@dataclass
class Entry:
    on: date
    document: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    order: tuple = ()


@dataclass
class Reconciliation:
    counterparty_bin: str
    counterparty_name: str
    start: date
    end: date
    opening: Decimal
    entries: list[Entry] = field(default_factory=list)

    @property
    def debit(self) -> Decimal:
        return round_tiyn(sum((e.debit for e in self.entries), ZERO))

    @property
    def credit(self) -> Decimal:
        return round_tiyn(sum((e.credit for e in self.entries), ZERO))

    @property
    def closing(self) -> Decimal:
        return round_tiyn(self.opening + self.debit - self.credit)


def read_request(args) -> tuple[str, date, date]:
    """`counterparty` (12-digit BIN), `date_from`, `date_to`: checked, or a 400 naming the field."""
    errors: dict[str, list[str]] = {}
    args = {key: args.get(key) for key in ("counterparty", "date_from", "date_to")}
    for key, value in args.items():
        if value is not None and not isinstance(value, str):
            errors[key] = ["Ожидается строка."]
            args[key] = None
    bin_ = (args.get("counterparty") or "").strip()
    if not re.fullmatch(r"\d{12}", bin_):
        errors.setdefault("counterparty", ["БИН/ИИН контрагента: 12 цифр."])
    start = parse_date(args["date_from"], "date_from", errors) if "date_from" not in errors else None
    end = parse_date(args["date_to"], "date_to", errors) if "date_to" not in errors else None
    if "date_from" not in errors and start is None:
        errors["date_from"] = ["Укажите начало периода."]
    if "date_to" not in errors and end is None:
        errors["date_to"] = ["Укажите конец периода."]
    if start and end and end < start:
        errors["date_to"] = ["Конец периода раньше его начала."]
    elif start and end and (end - start).days > MAX_DAYS:
        errors["date_to"] = ["Период не длиннее трёх лет."]
    if errors:
        raise ValidationFailed(errors)
    return bin_, start, end


def reconcile(company_id: int, counterparty_bin: str, start: date, end: date) -> Reconciliation:
    """The act's figures; a counterparty the company never invoiced is a 400 (nothing to reconcile)."""
    invoices = db.session.execute(
        select(LedgerInvoice.document_id, LedgerInvoice.number, LedgerInvoice.doc_date, LedgerInvoice.amount,
               LedgerInvoice.annulled_at, LedgerInvoice.counterparty_name)
        .where(LedgerInvoice.company_id == company_id, LedgerInvoice.counterparty_bin == counterparty_bin,
               LedgerInvoice.doc_date <= end)
    ).all()
    known = db.session.execute(select(LedgerInvoice.counterparty_name).where(
        LedgerInvoice.company_id == company_id, LedgerInvoice.counterparty_bin == counterparty_bin).limit(1)).scalar()
    if known is None:
        raise ValidationFailed({"counterparty": ["Этому контрагенту компания не выставляла счетов."]})
    payments = db.session.execute(
        select(Payment.id, Payment.paid_on, Payment.amount, Payment.reference, LedgerInvoice.number)
        .join(LedgerInvoice, LedgerInvoice.document_id == Payment.document_id)
        .where(Payment.company_id == company_id, LedgerInvoice.counterparty_bin == counterparty_bin,
               Payment.deleted_at.is_(None), Payment.paid_on <= end)
    ).all()
    opening = ZERO
    entries: list[Entry] = []
    for doc_id, number, on, amount, annulled, _name in invoices:
        if annulled is not None:
            continue
        if on < start:
            opening += Decimal(amount)
        else:
            entries.append(Entry(on, f"Счёт на оплату № {number} от {on:%d.%m.%Y}", debit=round_tiyn(amount),
                                 order=(on, 0, number, doc_id)))
    for pay_id, on, amount, reference, number in payments:
        if on < start:
            opening -= Decimal(amount)
        else:
            text = f"Оплата{' п/п № ' + reference if reference else ''} от {on:%d.%m.%Y} (счёт № {number})"
            entries.append(Entry(on, text, credit=round_tiyn(amount), order=(on, 1, number, pay_id)))
    entries.sort(key=lambda e: e.order)
    company = db.session.execute(select(Company.company_name).where(Company.bin == counterparty_bin)).scalar()
    return Reconciliation(counterparty_bin, company or known or "", start, end, round_tiyn(opening), entries)


def balance_text(value: Decimal, ours: str, theirs: str, on: date) -> str:
    """«задолженность в пользу …» with the amount in words, as the act's closing line says it."""
    if value == 0:
        return f"На {on:%d.%m.%Y} задолженность отсутствует."
    whom = ours if value > 0 else theirs
    amount = abs(value)
    return f"На {on:%d.%m.%Y} задолженность в пользу {whom}: {_money(amount)} тенге ({amount_in_words(amount)})."


def _money(value: Decimal) -> str:
    whole, _, tiyn = f"{round_tiyn(value):.2f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return " ".join(groups) + "," + tiyn


def chief_accountant(company_id: int) -> str:
    """The name the company signs as «Главный бухгалтер»: its signer catalogue's (sd_actors) person
    of that role, the latest added; blank (a line to sign by hand, as 1C prints it) if it has none."""
    actors = db.session.execute(select(Actor.full_name, Actor.role).where(Actor.company_id == company_id)
                                .order_by(Actor.id.desc())).all()
    for name, role in actors:
        words = (role or "").casefold()
        if "бухгалтер" in words and "главн" in words:
            return " ".join((name or "").split())
    return ""


def print_context(company: Company, data: Reconciliation, act_date: date) -> dict:
    """The PDF's context, in the shape `portal.documents.issue.record_columns` reads too."""
    counterparty = db.session.execute(select(Company).where(Company.bin == data.counterparty_bin)).unique().scalar()
    buyer = party(counterparty) if counterparty else {"name": data.counterparty_name, "bin": data.counterparty_bin,
                                                      "address": "", "phone": "", "director": ""}
    supplier = {**party(company), "accountant": chief_accountant(company.id)}
    closing = data.closing
    return {
        "title": TITLE, "date": act_date, "start": data.start, "end": data.end,
        "supplier": supplier, "buyer": buyer,
        "opening": data.opening, "entries": data.entries, "debit": data.debit, "credit": data.credit,
        "closing": closing,
        "opening_debit": max(data.opening, ZERO), "opening_credit": max(-data.opening, ZERO),
        "closing_debit": max(closing, ZERO), "closing_credit": max(-closing, ZERO),
        "balance_text": balance_text(closing, supplier["name"], buyer["name"], data.end),
        # The issued record keeps the closing balance as its total (what the act says is owed).
        "total": abs(closing), "nds_percent": ZERO, "nds_sum": ZERO,
    }
