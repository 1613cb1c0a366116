"""Documents of the five types: validation, saving with server-computed totals, lookups.

Totals, VAT and counts are always derived from the line items here; any such values a
client sends are never read. A line belongs to the caller's company or the save fails.
"""
import re

from sqlalchemy import Select, delete, exists, func, insert, select
from sqlalchemy.orm import selectinload

from portal.errors import ApiError
from portal.extensions import db
from portal.models import Actor, Beneficiary, Company, SmartDocument, Staff
from portal.models.base import PUBLIC_ID_RE
from portal.paging import Page, PageRequest
from portal.smart_docs.document_fields import (
    buyer_vat_input,
    clean_rate,
    prefixed,
    with_aliases,
)
from portal.smart_docs.fields import MISSING, Input
from portal.smart_docs.lines import line_quantity
from portal.smart_docs.scope import resolve_owned
from portal.smart_docs.settings import (
    clean_vat_registration,
    doc_settings,
    remember_counterparty_vat,
)
from portal.smart_docs.totals import document_totals
from portal.smart_docs.types import (
    ACTOR_LABELS,
    DOC_TYPES,
    LINE_KINDS,
    DocType,
    text_limit,
)
from portal.timeutil import today_almaty

MAX_LINES = 500
DEFAULT_CONTRACT = "Без договора"
BIN_RE = re.compile(r"^\d{12}$")


def _given(value) -> bool:
    """Whether a value was sent and is not blank."""
    return value is not MISSING and value is not None and value != ""


def resolve_counterparty(inp: Input, kind: DocType, own_company_id: int) -> Company | None:
    """The directory company named by id (`buyer`) or by BIN (`buyer_bin`)."""
    key, bin_key = kind.counterparty_key, kind.bin_key
    by_id = by_bin = None
    if _given(inp.raw(bin_key)):
        raw = inp.raw(bin_key)
        if not isinstance(raw, str) or not BIN_RE.match(raw.strip()):
            inp.fail(bin_key, "БИН — 12 цифр.")
        else:
            by_bin = db.session.execute(select(Company).where(Company.bin == raw.strip())).unique().scalar_one_or_none()
            if by_bin is None:
                inp.fail(bin_key, f"Компания с БИН {raw.strip()} не найдена в справочнике.")
    if _given(inp.raw(key)):
        public_id = inp.public_id(key)
        if public_id is not None:
            by_id = db.session.execute(select(Company).where(Company.public_id == public_id)).unique().scalar_one_or_none()
            if by_id is None:
                inp.fail(key, f"Компания с id «{public_id}» не найдена в справочнике.")
    elif not _given(inp.raw(bin_key)):
        inp.fail(key, f"Укажите компанию из справочника: id ({key}) или БИН ({bin_key}).")
    if by_id is not None and by_bin is not None and by_id.id != by_bin.id:
        inp.fail(key, f"{key} и {bin_key} указывают на разные компании.")
        return None
    company = by_id or by_bin
    if company is not None and company.id == own_company_id:
        inp.fail(key, "Контрагентом не может быть ваша собственная компания.")
        return None
    return company


def resolve_lines(inp: Input, kind: DocType, company_id: int) -> list | None:
    """The company's line items listed under the type's key, in the order given."""
    ids = inp.id_list(kind.lines_key, MAX_LINES)
    if ids is None:
        return None
    model = kind.lines.model
    found = db.session.execute(
        select(model).where(model.company_id == company_id, model.public_id.in_(ids))
    ).unique().scalars().all()
    by_id = {line.public_id: line for line in found}
    missing = [public_id for public_id in ids if public_id not in by_id]
    if missing:
        inp.fail(kind.lines_key, "Позиции не найдены среди данных вашей компании: " + ", ".join(missing) + ".")
        return None
    return [by_id[public_id] for public_id in ids]


def clean_document(kind: DocType, inp: Input, company_id: int) -> tuple[dict, list]:
    """Validate a whole document; returns (attribute values, lines) or raises a 400."""
    values: dict = {
        "date": inp.date("date", default=today_almaty()),
        "contract": inp.text("contract", 300, required=False, default=DEFAULT_CONTRACT),
        "contract_date": inp.date("contract_date"),
        "counterparty": resolve_counterparty(inp, kind, company_id),
    }
    values["nds_percent"] = clean_rate(inp, values["date"], company_id)
    lines = resolve_lines(inp, kind, company_id)
    if kind.beneficiary:
        values["beneficiary"] = resolve_owned(inp, "beneficiary", Beneficiary, company_id, "Бенефициар",
                                              required=kind.beneficiary_required)
    for name in kind.terms:
        if name == "date_of_expire":
            values[name] = inp.date(name)
            if values[name] and values["date"] and values[name] < values["date"]:
                inp.fail(name, "Срок действия не может закончиться раньше даты документа.")
        else:
            values[name] = inp.text(name, text_limit(name), required=False)
    for name in kind.texts:
        values[name] = inp.text(name, text_limit(name), required=False)
    for name in kind.dates:
        values[name] = inp.date(name)
    if kind.buyer_vat and any(inp.raw("buyer_" + key) is not MISSING for key in ("vat_series", "vat_number", "vat_date")):
        # Sent: it becomes the tenant's note on the counterparty; not sent, the note stays as it is.
        values["buyer_vat"] = clean_vat_registration(prefixed(inp, "buyer_"))
    for name in kind.actors:
        values[name] = resolve_owned(inp, name, Actor, company_id, ACTOR_LABELS[name], required=False)
    inp.raise_if_errors()
    return values, lines


def document_input(doc: SmartDocument) -> dict:
    """A saved document as input keys: the base a PATCH is merged onto."""
    kind = DOC_TYPES[doc.doc_type]
    data = {
        "date": doc.date.isoformat(), "contract": doc.contract, "nds_percent": doc.nds_percent,
        "contract_date": doc.contract_date.isoformat() if doc.contract_date else None,
        kind.counterparty_key: doc.counterparty.public_id,
        kind.lines_key: [line.public_id for line in getattr(doc, kind.lines.relation)],
    }
    if kind.beneficiary:
        data["beneficiary"] = doc.beneficiary.public_id if doc.beneficiary else None
    for name in kind.terms + kind.texts + kind.dates:
        value = getattr(doc, name)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    if kind.buyer_vat:
        data.update(buyer_vat_input(doc))
    for name in kind.actors:
        actor = getattr(doc, name)
        data[name] = actor.public_id if actor else None
    return data


def apply_totals(doc: SmartDocument, lines: list) -> None:
    """Derive total, VAT, line count and quantity from the lines (the only way they change)."""
    kind = DOC_TYPES[doc.doc_type]
    totals = document_totals(((line.price, line_quantity(kind.line_kind, line)) for line in lines), doc.nds_percent,
                             doc_settings(doc.company_id).prices_include_vat)
    doc.total_sum, doc.nds_sum = totals.total_sum, totals.nds_sum
    doc.total_count, doc.total_quantity = totals.line_count, totals.total_quantity


def link_lines(doc: SmartDocument, lines: list) -> None:
    """Replace the document's list of lines, keeping the given order."""
    kind = DOC_TYPES[doc.doc_type]
    link = kind.lines.link
    db.session.execute(delete(link).where(link.c.document_id == doc.id))
    if lines:
        db.session.execute(
            insert(link), [{"document_id": doc.id, "line_id": line.id, "position": i} for i, line in enumerate(lines)]
        )
    db.session.expire(doc, [kind.lines.relation])


def _assign(doc: SmartDocument, values: dict) -> None:
    """Copy validated values onto the document; the buyer's VAT registration goes to the tenant's note."""
    buyer_vat = values.pop("buyer_vat", None)
    for name, value in values.items():
        setattr(doc, name, value)
    if buyer_vat is not None:
        remember_counterparty_vat(doc.company_id, doc.counterparty.id, buyer_vat)


def create_document(staff: Staff, kind: DocType, data, commit: bool = True) -> SmartDocument:
    """Validate and save a new document of `kind` for the staff's company."""
    values, lines = clean_document(kind, Input(with_aliases(kind, data)), staff.company_id)
    doc = SmartDocument(company_id=staff.company_id, staff_id=staff.id, doc_type=kind.code)
    _assign(doc, values)
    apply_totals(doc, lines)
    db.session.add(doc)
    db.session.flush()
    link_lines(doc, lines)
    if commit:
        db.session.commit()
    return doc


def update_document(doc: SmartDocument, data, partial: bool, commit: bool = True) -> SmartDocument:
    """PUT (every field) or PATCH (only those sent) a document; totals are derived again."""
    kind = DOC_TYPES[doc.doc_type]
    data = with_aliases(kind, data)
    base = document_input(doc) if partial else {}
    if partial and _given(data.get(kind.bin_key)) and not _given(data.get(kind.counterparty_key)):
        base.pop(kind.counterparty_key, None)
    values, lines = clean_document(kind, Input(data, base=base), doc.company_id)
    _assign(doc, values)
    apply_totals(doc, lines)
    link_lines(doc, lines)
    if commit:
        db.session.commit()
    return doc


def prune_unused_lines(line_kind: str, lines: list) -> None:
    """Delete the given lines that no document lists any more (they were made for one)."""
    link = LINE_KINDS[line_kind].link
    for line in lines:
        if not db.session.execute(select(exists().where(link.c.line_id == line.id))).scalar():
            db.session.delete(line)


def delete_document(doc: SmartDocument) -> None:
    """Delete a document and the lines only it used."""
    kind = DOC_TYPES[doc.doc_type]
    lines = list(getattr(doc, kind.lines.relation))
    db.session.execute(delete(kind.lines.link).where(kind.lines.link.c.document_id == doc.id))
    db.session.delete(doc)
    db.session.flush()
    prune_unused_lines(kind.line_kind, lines)
    db.session.commit()


def refresh_documents_using(line_kind: str, line) -> None:
    """After a line changes, every document listing it derives its totals again."""
    link = LINE_KINDS[line_kind].link
    docs = db.session.execute(
        select(SmartDocument).join(link, link.c.document_id == SmartDocument.id).where(link.c.line_id == line.id)
    ).unique().scalars().all()
    for doc in docs:
        db.session.expire(doc, [LINE_KINDS[line_kind].relation])
        apply_totals(doc, getattr(doc, LINE_KINDS[line_kind].relation))


def document_list_query(company_id: int, type_code: str, with_lines: bool = False) -> Select:
    """A company's documents of one type, newest date first (index: company, type, date, id)."""
    query = (
        select(SmartDocument)
        .where(SmartDocument.company_id == company_id, SmartDocument.doc_type == type_code)
        .order_by(SmartDocument.date.desc(), SmartDocument.id.desc())
    )
    if with_lines:
        query = query.options(selectinload(getattr(SmartDocument, DOC_TYPES[type_code].lines.relation)))
    return query


def list_documents(company_id: int, type_code: str, wanted: PageRequest, with_lines: bool = False) -> Page:
    """One page of a company's documents of a type in two cheap queries, whatever the page.

    The count and the page's ids come from the (company, type, date, id) index alone; only
    the page's rows are then read whole, so a deep page costs no more than the first.
    """
    where = (SmartDocument.company_id == company_id, SmartDocument.doc_type == type_code)
    count = db.session.execute(select(func.count(SmartDocument.id)).where(*where)).scalar_one()
    page = Page(items=[], count=count, page=wanted.page, page_size=wanted.page_size)
    if wanted.page > page.num_pages:
        raise ApiError(404, "Неверная страница.")
    ids = (
        select(SmartDocument.id).where(*where)
        .order_by(SmartDocument.date.desc(), SmartDocument.id.desc())
        .limit(wanted.page_size).offset(wanted.offset)
    )
    query = document_list_query(company_id, type_code, with_lines).where(SmartDocument.id.in_(ids))
    page.items = db.session.execute(query).unique().scalars().all()
    return page


def get_document(company_id: int, type_code: str, public_id: str) -> SmartDocument | None:
    """One document by (company, type code, public id), as issued PDFs address it."""
    if type_code not in DOC_TYPES or not PUBLIC_ID_RE.fullmatch(public_id or ""):
        return None
    return db.session.execute(
        select(SmartDocument).where(
            SmartDocument.company_id == company_id,
            SmartDocument.doc_type == type_code,
            SmartDocument.public_id == public_id,
        )
    ).unique().scalar_one_or_none()


def recent_documents(company_id: int, limit: int = 5) -> list[SmartDocument]:
    """The company's latest documents of every type, for the dashboard."""
    return list(
        db.session.execute(
            select(SmartDocument)
            .where(SmartDocument.company_id == company_id)
            .order_by(SmartDocument.created.desc(), SmartDocument.id.desc())
            .limit(limit)
        ).unique().scalars()
    )

