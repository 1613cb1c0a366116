"""The company's payments list: filters from the query string, one page of the query.

Deleted payments stay in the database for history and exports but are not listed here (the
invoice card's history shows them). Ordered by payment date, newest first, by the index on
(company, paid_on, id).
"""
from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.directory.text import normalise
from portal.errors import ApiError, ValidationFailed
from portal.extensions import db
from portal.ledger.filters import BIN_RE, MAX_TEXT, parse_period
from portal.models import Company
from portal.models.ledger import PAYMENT_METHODS, LedgerInvoice, Payment
from portal.paging import Page, PageRequest


@dataclass(frozen=True)
class PaymentFilters:
    date_from: date | None = None
    date_to: date | None = None
    method: str = ""
    counterparty: str = ""
    errors: dict = field(default_factory=dict, compare=False)

    def query_args(self) -> dict[str, str]:
        values = {"date_from": self.date_from.isoformat() if self.date_from else "",
                  "date_to": self.date_to.isoformat() if self.date_to else "",
                  "method": self.method, "counterparty": self.counterparty}
        return {key: value for key, value in values.items() if value}


def read_payment_filters(args: Mapping) -> PaymentFilters:
    """Check every filter; the errors stay on the result (the page shows them beside the fields)."""
    errors: dict[str, list[str]] = {}
    date_from, date_to = parse_period(args, errors)
    method = (args.get("method") or "").strip()
    if method and method not in PAYMENT_METHODS:
        errors["method"] = ["Способ оплаты: " + ", ".join(PAYMENT_METHODS) + "."]
        method = ""
    counterparty = " ".join((args.get("counterparty") or "").split())
    if len(counterparty) > MAX_TEXT:
        errors["counterparty"] = [f"Не больше {MAX_TEXT} символов."]
        counterparty = ""
    return PaymentFilters(date_from, date_to, method, counterparty, errors)


def _where(company_id: int, wanted: PaymentFilters) -> list:
    where = [Payment.company_id == company_id, Payment.deleted_at.is_(None)]
    if wanted.date_from:
        where.append(Payment.paid_on >= wanted.date_from)
    if wanted.date_to:
        where.append(Payment.paid_on <= wanted.date_to)
    if wanted.method:
        where.append(Payment.method == wanted.method)
    if wanted.counterparty:
        invoices = select(LedgerInvoice.document_id).where(LedgerInvoice.company_id == company_id)
        if BIN_RE.match(wanted.counterparty):
            invoices = invoices.where(LedgerInvoice.counterparty_bin == wanted.counterparty)
        else:
            # By the directory's search key, as the registry does (case, ё and Kazakh letters folded).
            named = select(Company.id).where(*(Company.company_name_search.contains(word, autoescape=True)
                                               for word in normalise(wanted.counterparty).split()))
            invoices = invoices.where(LedgerInvoice.counterparty_id.in_(named))
        where.append(Payment.document_id.in_(invoices))
    return where


def payments_page(company_id: int, wanted: PaymentFilters, page: PageRequest) -> Page:
    """One page of the company's payments under the filters; bad filters are a 400 naming them."""
    if wanted.errors:
        raise ValidationFailed(wanted.errors)
    where = _where(company_id, wanted)
    count = db.session.execute(select(func.count(Payment.id)).where(*where)).scalar_one()
    rows = list(db.session.execute(
        select(Payment).where(*where).options(selectinload(Payment.invoice))
        .order_by(Payment.paid_on.desc(), Payment.id.desc()).offset(page.offset).limit(page.page_size)
    ).scalars())
    result = Page(items=rows, count=count, page=page.page, page_size=page.page_size)
    if page.page > result.num_pages:
        raise ApiError(404, "Неверная страница.")
    return result
