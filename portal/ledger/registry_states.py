"""The registry under an invoice payment state: read from ledger_invoices alone.

An invoice's ledger row carries what the registry filters and orders issued invoices by (date,
amount, number, counterparty), so a state filter is one index range on (company, payment_status,
doc_date) instead of a check per issued document. The conditions mirror
portal.ledger.payments.invoice_state; tests compare the two for every state.
"""
from datetime import date

from sqlalchemy import or_

from portal.ledger.filters import RegistryFilters
from portal.models.ledger import INVOICE_TYPE, LedgerInvoice

OPEN = ("unpaid", "partial")


def state_condition(state: str, today: date) -> list:
    """SQL on ledger_invoices for one state of invoice_state."""
    inv = LedgerInvoice
    not_late = or_(inv.due_date.is_(None), inv.due_date >= today)
    return {
        "annulled": [inv.payment_status == "annulled"],
        "paid": [inv.payment_status == "paid"],
        "overdue": [inv.payment_status.in_(OPEN), inv.due_date < today],
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


# The same orders as the registry's issued rows (document_id is the issued document's id).
LEDGER_ORDER = {
    "-date": (LedgerInvoice.doc_date.desc(), LedgerInvoice.document_id.desc()),
    "date": (LedgerInvoice.doc_date.asc(), LedgerInvoice.document_id.asc()),
    "-amount": (LedgerInvoice.amount.desc(), LedgerInvoice.document_id.desc()),
    "amount": (LedgerInvoice.amount.asc(), LedgerInvoice.document_id.asc()),
    "number": (LedgerInvoice.number.asc(), LedgerInvoice.document_id.asc()),
}
