"""The registry under an invoice payment state: read from ledger_invoices alone.

An invoice's ledger row carries what the registry filters and orders issued invoices by (date,
amount, number, counterparty), so a state filter is one index range on (company, payment_status,
doc_date) instead of a check per issued document. The conditions mirror
portal.ledger.payments.invoice_state; tests compare the two for every state.
"""
from datetime import date

from dataclasses import replace

from sqlalchemy import func, or_, select, text

from portal.extensions import db
from portal.ledger.filters import RegistryFilters
from portal.models.ledger import INVOICE_TYPE, OPEN_SQL, LedgerInvoice
from portal.models.ledger_totals import LedgerDueTotal



def state_condition(state: str, today: date) -> list:
    """SQL on ledger_invoices for one state of invoice_state."""
    inv = LedgerInvoice
    not_late = or_(inv.due_date.is_(None), inv.due_date >= today)
    return {
        "annulled": [inv.payment_status == "annulled"],
        "paid": [inv.payment_status == "paid"],
        # Spelled as the partial index of open invoices is (literally: a bound parameter would keep
        # SQLite, and PostgreSQL's generic plans, from proving the index applies).
        "overdue": [text(OPEN_SQL), inv.due_date < today],
        "partial": [inv.payment_status == "partial", not_late],
        "unpaid": [inv.payment_status == "unpaid", not_late],
    }[state]


def ledger_where(company_id: int, wanted: RegistryFilters, today: date, named, number_matches) -> list:
    """The registry's filters on the ledger's columns; `named(text)` selects directory companies by
    name and `number_matches(column, text)` is the registry's number condition."""
    inv = LedgerInvoice
    where = [inv.company_id == company_id, *state_condition(wanted.status, today)]
    if wanted.doc_type and wanted.doc_type != INVOICE_TYPE:
        where.append(False)
    if wanted.date_from:
        where.append(inv.doc_date >= wanted.date_from)
    if wanted.date_to:
        where.append(inv.doc_date <= wanted.date_to)
    if wanted.amount_min is not None:
        where.append(inv.amount >= wanted.amount_min)
    if wanted.amount_max is not None:
        where.append(inv.amount <= wanted.amount_max)
    if wanted.number:
        where.append(number_matches(inv.number, wanted.number))
    if wanted.counterparty_bin:
        where.append(inv.counterparty_bin == wanted.counterparty_bin)
    elif wanted.counterparty:
        where.append(inv.counterparty_id.in_(named(wanted.counterparty)))
    return where


def overdue_count(company_id: int, wanted: RegistryFilters, today: date) -> int | None:
    """How many invoices are overdue, from the running totals per due date (a few hundred rows
    instead of counting every late invoice), when nothing but the state narrows the list; else None."""
    if wanted.status != "overdue" or replace(wanted, status="", sort="-date", kind="", doc_type="") != RegistryFilters():
        return None
    if wanted.doc_type not in ("", INVOICE_TYPE):
        return None
    t = LedgerDueTotal
    return int(db.session.execute(
        select(func.coalesce(func.sum(t.open_count), 0)).where(t.company_id == company_id, t.due_date < today)
    ).scalar_one())


# The same orders as the registry's issued rows (document_id is the issued document's id).
LEDGER_ORDER = {
    "-date": (LedgerInvoice.doc_date.desc(), LedgerInvoice.document_id.desc()),
    "date": (LedgerInvoice.doc_date.asc(), LedgerInvoice.document_id.asc()),
    "-amount": (LedgerInvoice.amount.desc(), LedgerInvoice.document_id.desc()),
    "amount": (LedgerInvoice.amount.asc(), LedgerInvoice.document_id.asc()),
    "number": (LedgerInvoice.number.asc(), LedgerInvoice.document_id.asc()),
}
