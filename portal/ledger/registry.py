"""The registry: one list of everything a company issued (PDFs) and drafted (smart documents).

Two sources, each filtered and ordered by the database with its own index (issued documents by
(sender, created) and (sender, type, source); drafts by (company, type, date, id)): for page n
each gives its first n pages at most, in order, and the two are merged here. The count is the
sum of the two counts. Drafts show whether and as which numbers they were issued; issued
invoices show their payment state, and a state filter reads the ledger's rows instead
(portal.ledger.registry_states).
"""
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, exists, func, select
from sqlalchemy import text as text_sql
from sqlalchemy.orm import lazyload

from portal.directory.text import normalise
from portal.errors import ApiError, ValidationFailed
from portal.extensions import db
from portal.ledger.filters import INVOICE_STATUSES, RegistryFilters
from portal.ledger.payments import invoice_state
from portal.ledger.registry_states import LEDGER_ORDER, ledger_where, overdue_count
from portal.models.ledger import INVOICE_TYPE, LedgerInvoice
from portal.models import Company, SmartDocument
from portal.models.issued import IssuedDocument
from portal.paging import Page, PageRequest
from portal.timeutil import today_almaty
from portal.smart_docs.types import DOC_TYPES


@dataclass
class RegistryRow:
    """One line of the registry, the same shape for an issued document and a draft."""

    kind: str  # "issued" or "draft"
    public_id: str
    doc_type: str
    title: str
    number: str | None
    doc_date: date
    counterparty_name: str
    counterparty_bin: str
    total: Decimal
    status: str
    content_id: str
    issued_as: list[dict] = field(default_factory=list)
    row_id: int = 0
    # An issued invoice's payment state (portal.ledger.payments.STATES); None for anything else.
    payment_state: str | None = None


def _name_words(text: str) -> list[str]:
    """The counterparty text as the directory's search key writes words (case, ё, Kazakh letters folded)."""
    return [word for word in normalise(text).split() if word]


def _common(where: list, wanted: RegistryFilters, type_column, date_column, total_column) -> list:
    """The filters both sources share: type, period and amount range, on that source's columns."""
    if wanted.doc_type:
        where.append(type_column == wanted.doc_type)
    if wanted.date_from:
        where.append(date_column >= wanted.date_from)
    if wanted.date_to:
        where.append(date_column <= wanted.date_to)
    if wanted.amount_min is not None:
        where.append(total_column >= wanted.amount_min)
    if wanted.amount_max is not None:
        where.append(total_column <= wanted.amount_max)
    return where


def _named(text: str):
    """Directory companies whose search key holds every word of the text."""
    return select(Company.id).where(*(Company.company_name_search.contains(w, autoescape=True) for w in _name_words(text)))


YEAR_PREFIX = re.compile(r"^\d{4}-\d*$")


def number_matches(column, text: str):
    """SQL: the number contains `text`. Numbers are `YYYY-NNNNNN`, so a text that starts with a year
    and its dash can only match from the start: that is an index range, not a scan of every number."""
    if not YEAR_PREFIX.match(text):
        return column.contains(text, autoescape=True)
    bind = db.session.get_bind()
    if bind.dialect.name == "sqlite":
        # SQLite compares text byte by byte (BINARY), so the prefix is exactly this range.
        return and_(column >= text, column < text + "\uffff")
    # PostgreSQL's order depends on the database's collation; LIKE 'prefix%' does not, but it uses
    # the index only under the "C" collation, not under C.UTF-8, which orders by code point just
    # the same: there the range is exact too and makes LIKE an index range instead of a filter.
    if _code_point_order(bind):
        return and_(column >= text, column < text + "\uffff", column.startswith(text, autoescape=True))
    return column.startswith(text, autoescape=True)


_COLLATIONS: dict[str, bool] = {}


def _code_point_order(bind) -> bool:
    """Whether the PostgreSQL database orders text by code point (asked once per database)."""
    key = str(bind.url)
    if key not in _COLLATIONS:
        collation = db.session.execute(
            text_sql("SELECT datcollate FROM pg_database WHERE datname = current_database()")).scalar() or ""
        _COLLATIONS[key] = collation.replace("-", "").lower() in ("c", "posix", "c.utf8")
    return _COLLATIONS[key]


def _issued_query(company_id: int, wanted: RegistryFilters):
    """The company's issued documents under the filters (the sender's own, not those shared with it)."""
    where = _common([IssuedDocument.company_sender_id == company_id], wanted,
                    IssuedDocument.type, IssuedDocument.doc_date, IssuedDocument.total_sum)
    if wanted.number:
        where.append(number_matches(IssuedDocument.number, wanted.number))
    if wanted.status in ("draft", "draft_issued"):
        where.append(False)
    if wanted.counterparty_bin:
        where.append(IssuedDocument.recipient_bin == wanted.counterparty_bin)
    elif wanted.counterparty:
        where.append(IssuedDocument.company_recipient_id.in_(_named(wanted.counterparty)))
    return where


def _issued_exists(doc_id_column, type_column, company_id: int, number: str = ""):
    """SQL: the draft was issued at least once (by the index on sender, type, source)."""
    conditions = [IssuedDocument.company_sender_id == company_id, IssuedDocument.type == type_column,
                  IssuedDocument.content_id == doc_id_column]
    if number:
        conditions.append(number_matches(IssuedDocument.number, number))
    return exists().where(*conditions)


def _draft_query(company_id: int, wanted: RegistryFilters):
    """The company's smart documents under the filters."""
    where = _common([SmartDocument.company_id == company_id], wanted,
                    SmartDocument.doc_type, SmartDocument.date, SmartDocument.total_sum)
    issued = _issued_exists(SmartDocument.public_id, SmartDocument.doc_type, company_id)
    if wanted.number:
        # A draft has no number of its own: it matches by the numbers it was issued as.
        where.append(_issued_exists(SmartDocument.public_id, SmartDocument.doc_type, company_id, wanted.number))
    if wanted.status == "draft":
        where.append(~issued)
    elif wanted.status == "draft_issued":
        where.append(issued)
    elif wanted.status:
        where.append(False)
    if wanted.counterparty_bin:
        where.append(SmartDocument.counterparty_id.in_(select(Company.id).where(Company.bin == wanted.counterparty_bin)))
    elif wanted.counterparty:
        where.append(SmartDocument.counterparty_id.in_(_named(wanted.counterparty)))
    return where


ISSUED_ORDER = {
    "-date": (IssuedDocument.doc_date.desc(), IssuedDocument.id.desc()),
    "date": (IssuedDocument.doc_date.asc(), IssuedDocument.id.asc()),
    "-amount": (IssuedDocument.total_sum.desc(), IssuedDocument.id.desc()),
    "amount": (IssuedDocument.total_sum.asc(), IssuedDocument.id.asc()),
    "number": (IssuedDocument.number.asc(), IssuedDocument.id.asc()),
}
DRAFT_ORDER = {
    "-date": (SmartDocument.date.desc(), SmartDocument.id.desc()),
    "date": (SmartDocument.date.asc(), SmartDocument.id.asc()),
    "-amount": (SmartDocument.total_sum.desc(), SmartDocument.id.desc()),
    "amount": (SmartDocument.total_sum.asc(), SmartDocument.id.asc()),
    "number": (SmartDocument.date.desc(), SmartDocument.id.desc()),
}


def sort_key(sort: str):
    """How rows of both sources are merged, matching each source's own order (ties by id)."""
    if sort == "-date":
        return lambda r: (-r.doc_date.toordinal(), r.kind, -r.row_id)
    if sort == "date":
        return lambda r: (r.doc_date.toordinal(), r.kind, r.row_id)
    if sort == "-amount":
        return lambda r: (-r.total, r.kind, -r.row_id)
    if sort == "amount":
        return lambda r: (r.total, r.kind, r.row_id)
    # By number: issued documents in number order, then drafts (they have none) newest first.
    return lambda r: (r.kind != "issued", r.number or "", -r.doc_date.toordinal(), -r.row_id)


def _issued_row(record: IssuedDocument) -> RegistryRow:
    return RegistryRow("issued", record.public_id, record.type, record.title, record.number, record.doc_date,
                       record.recipient_name or "", record.recipient_bin or "", record.total_sum, "issued",
                       record.content_id, row_id=record.id)


def draft_row(doc: SmartDocument, issues: list[dict]) -> RegistryRow:
    company = doc.counterparty
    return RegistryRow("draft", doc.public_id, doc.doc_type, DOC_TYPES[doc.doc_type].title, None, doc.date,
                       company.company_name if company else "", company.bin if company else "", doc.total_sum,
                       "draft_issued" if issues else "draft", doc.public_id, issues, row_id=doc.id)


def issues_of(company_id: int, drafts: list[SmartDocument]) -> dict[tuple[str, str], list[dict]]:
    """Every issue of the page's drafts: (type, id) → [{number, id, date}], newest first."""
    if not drafts:
        return {}
    rows = db.session.execute(
        select(IssuedDocument.type, IssuedDocument.content_id, IssuedDocument.number, IssuedDocument.public_id)
        .where(IssuedDocument.company_sender_id == company_id,
               IssuedDocument.content_id.in_([d.public_id for d in drafts]))
        .order_by(IssuedDocument.created.desc(), IssuedDocument.id.desc())
    ).all()
    found: dict[tuple[str, str], list[dict]] = {}
    for doc_type, content_id, number, public_id in rows:
        found.setdefault((doc_type, content_id), []).append({"number": number, "id": public_id})
    return found


def _with_payment_states(rows: list[RegistryRow], today: date) -> None:
    """Give the page's issued invoices their payment state (one query for the page)."""
    ids = [r.row_id for r in rows if r.kind == "issued" and r.doc_type == INVOICE_TYPE]
    if not ids:
        return
    invoices = {inv.document_id: inv for inv in db.session.execute(
        select(LedgerInvoice).where(LedgerInvoice.document_id.in_(ids)).options(lazyload("*"))).scalars()}
    for row in rows:
        if row.row_id in invoices and row.kind == "issued":
            row.payment_state = invoice_state(invoices[row.row_id], today)


@dataclass
class RegistryWhere:
    """The registry's filters as SQL conditions per source; None where the kind leaves a source out."""

    issued: list | None  # on issued_documents (a payment state as a subquery of ledger_invoices)
    drafts: list | None  # on sd_documents
    ledger: list | None  # a payment state's conditions on ledger_invoices alone, which read faster


def registry_where(company_id: int, wanted: RegistryFilters, today: date) -> RegistryWhere:
    """What the registry (and its exports) select under the filters; invalid filters are a 400."""
    if wanted.errors:
        raise ValidationFailed(wanted.errors)
    issued = _issued_query(company_id, wanted) if wanted.kind in ("", "issued") else None
    ledger = None
    if issued is not None and wanted.status in INVOICE_STATUSES:
        ledger = ledger_where(company_id, wanted, today, _named, number_matches)
        issued.append(IssuedDocument.id.in_(select(LedgerInvoice.document_id).where(*ledger)))
    drafts = _draft_query(company_id, wanted) if wanted.kind in ("", "drafts") else None
    return RegistryWhere(issued, drafts, ledger)


def registry_page(company_id: int, wanted: RegistryFilters, page: PageRequest, today: date | None = None) -> Page:
    """One page of the registry; invalid filters are a 400 naming them."""
    today = today or today_almaty()
    where = registry_where(company_id, wanted, today)
    issued_where, draft_where = where.issued, where.drafts
    count = 0
    limit = page.offset + page.page_size
    rows: list[RegistryRow] = []
    if issued_where is not None:
        if where.ledger is not None:
            ledger = where.ledger
            counted = overdue_count(company_id, wanted, today)
            count += counted if counted is not None else db.session.execute(
                select(func.count(LedgerInvoice.document_id)).where(*ledger)).scalar_one()
            ids = select(LedgerInvoice.document_id).where(*ledger).order_by(*LEDGER_ORDER[wanted.sort]).limit(limit)
        else:
            count += db.session.execute(select(func.count(IssuedDocument.id)).where(*issued_where)).scalar_one()
            ids = select(IssuedDocument.id).where(*issued_where).order_by(*ISSUED_ORDER[wanted.sort]).limit(limit)
        # The page's ids first, then their rows: given the subquery, PostgreSQL's planner joined
        # every issued document to its companies before applying the page's LIMIT.
        page_ids = list(db.session.execute(ids).scalars())
        records = db.session.execute(select(IssuedDocument).where(IssuedDocument.id.in_(page_ids))).unique().scalars()
        rows.extend(_issued_row(r) for r in records)
    if draft_where is not None:
        count += db.session.execute(select(func.count(SmartDocument.id)).where(*draft_where)).scalar_one()
        ids = select(SmartDocument.id).where(*draft_where).order_by(*DRAFT_ORDER[wanted.sort]).limit(limit)
        drafts = list(db.session.execute(select(SmartDocument).where(SmartDocument.id.in_(ids))).unique().scalars())
        issues = issues_of(company_id, drafts)
        rows.extend(draft_row(d, issues.get((d.doc_type, d.public_id), [])) for d in drafts)
    rows.sort(key=sort_key(wanted.sort))
    shown = rows[page.offset:limit]
    _with_payment_states(shown, today)
    result = Page(items=shown, count=count, page=page.page, page_size=page.page_size)
    if page.page > result.num_pages:
        raise ApiError(404, "Неверная страница.")
    return result


