"""The document builder: a submitted form read into a draft with server-computed sums.

The page posts its whole form on every change (add or remove a line, change a quantity,
the date or the VAT rate) and gets the lines and totals back, computed here; saving turns
the same draft into line items and a document in one transaction.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from flask import current_app
from sqlalchemy import select

from portal.errors import ValidationFailed
from portal.extensions import db
from portal.models import SmartDocument, Staff
from portal.smart_docs import service
from portal.smart_docs.documents import create_document, prune_unused_lines, update_document
from portal.smart_docs.fields import Input
from portal.smart_docs.money import money_str
from portal.smart_docs.quantity import QuantityError, parse_quantity, quantity_json
from portal.smart_docs.scope import get_owned
from portal.smart_docs.settings import doc_settings
from portal.smart_docs.totals import Totals, allowed_vat_rates, default_vat_rate, document_totals, line_sum, vat_schedule
from portal.smart_docs.types import DocType
from portal.smart_docs.words import amount_in_words
from portal.timeutil import today_almaty

MAX_ROWS = 200
LINE_RESOURCE = {"product": "product_count", "work": "work_counts", "waybill": "waybills_products"}
ITEM_MODELS = {"product": "products", "work": "works", "waybill": "products"}
POSITIVE = Decimal("0.001")


@dataclass
class Row:
    """One line as typed: raw strings for re-showing, resolved values for the sums."""

    id: str = ""
    item: str = ""
    count: str = ""
    left: str = ""
    info: str = ""
    done: str = ""
    item_obj: object = None
    price: Decimal | None = None
    quantity: Decimal | None = None
    total: Decimal | None = None
    errors: dict = field(default_factory=dict)


@dataclass
class Draft:
    """The builder's state: the form's values, the rows, totals and messages."""

    kind: DocType
    values: dict
    rows: list[Row]
    new: Row
    totals: Totals | None = None
    words: str = ""
    errors: dict = field(default_factory=dict)
    rate_is_default: bool = True
    rates: tuple[int, ...] = ()


def _quantity(text: str, minimum: Decimal) -> tuple[Decimal | None, str]:
    """A typed quantity (`2,5` or `2.5`, up to three decimals) and the message when it is not one."""
    try:
        return parse_quantity(text or "", minimum), ""
    except QuantityError as exc:
        return None, str(exc)


def _resolve_row(kind: DocType, row: Row, company_id: int, doc: SmartDocument | None) -> None:
    """Find the row's catalogue entry and price; a line already in the document keeps its price."""
    model = service.RESOURCES[ITEM_MODELS[kind.line_kind]].model
    row.item_obj = get_owned(model, company_id, row.item.strip().lower()) if row.item else None
    if row.item_obj is None:
        row.errors["item"] = "Выберите позицию из каталога."
        return
    existing = _existing_line(kind, row, company_id, doc)
    item_attr = "work_id" if kind.line_kind == "work" else "product_id"
    same_item = existing is not None and getattr(existing, item_attr) == row.item_obj.id
    row.price = existing.price if same_item else row.item_obj.price
    count, problem = _quantity(row.count, POSITIVE)
    if count is None:
        row.errors["count"] = problem
    elif kind.line_kind == "waybill":
        left, problem = _quantity(row.left if row.left != "" else row.count, Decimal(0))
        if left is None or left > count:
            row.errors["left"] = problem or "Не больше количества «подлежит отпуску»."
        else:
            row.quantity, row.total = left, line_sum(row.price, left)
    else:
        row.quantity, row.total = count, line_sum(row.price, count)
    if kind.line_kind == "work" and row.done:
        probe = Input({"done": row.done})
        if probe.date("done") is None:
            row.errors["done"] = "Дата в формате ГГГГ-ММ-ДД."


def _existing_line(kind: DocType, row: Row, company_id: int, doc: SmartDocument | None):
    """The saved line a row came from, only if it is one of this document's lines."""
    if not row.id or doc is None:
        return None
    line = get_owned(kind.lines.model, company_id, row.id)
    if line is None or line not in getattr(doc, kind.lines.relation):
        return None
    return line


def _rows_from_form(form) -> list[Row]:
    """The `line-<i>-<field>` inputs as rows, in index order."""
    indexes = sorted({int(k.split("-")[1]) for k in form if k.startswith("line-") and k.split("-")[1].isdigit()})
    rows = []
    for i in indexes[:MAX_ROWS]:
        get = lambda name: (form.get(f"line-{i}-{name}") or "").strip()[:500]  # noqa: E731
        rows.append(Row(id=get("id"), item=get("item"), count=get("count"), left=get("left"), info=get("info"),
                        done=get("done")))
    return rows


def read_draft(kind: DocType, form, company_id: int, doc: SmartDocument | None = None) -> Draft:
    """Read the builder form, apply its add/remove action, and compute every sum."""
    rows = _rows_from_form(form)
    action = form.get("action", "")
    if action.startswith("remove-") and action[7:].isdigit() and int(action[7:]) < len(rows):
        rows.pop(int(action[7:]))
    new = Row(item=(form.get("new-item") or "").strip(), count=(form.get("new-count") or "1").strip()[:20])
    for row in rows:
        _resolve_row(kind, row, company_id, doc)
    if action == "add":
        _resolve_row(kind, new, company_id, None)
        if not new.errors and len(rows) < MAX_ROWS:
            rows.append(new)
            new = Row(count="1")
    values = {key: (form.get(key) or "").strip()[:500] for key in form if not key.startswith(("line-", "new-"))}
    draft = Draft(kind=kind, values=values, rows=rows, new=new)
    _compute(draft, company_id)
    return draft


def _compute(draft: Draft, company_id: int) -> None:
    """Totals over the rows that have a sum, at the chosen rate if the date allows it, else the date's default.

    Saving refuses a rate the date does not allow; until then the page shows the default's sums.
    """
    date = Input({"date": draft.values.get("date", "")}).date("date") or today_almaty()
    settings = doc_settings(company_id)
    draft.rates = allowed_vat_rates(date, current_app.config, settings.vat_payer)
    chosen = draft.values.get("nds_percent", "")
    draft.rate_is_default = not chosen.isdigit() or int(chosen) not in draft.rates
    if draft.rate_is_default:
        rate = default_vat_rate(date, vat_schedule(current_app.config)) if settings.vat_payer else 0
    else:
        rate = int(chosen)
    priced = [(row.price, row.quantity) for row in draft.rows if row.total is not None]
    draft.totals = document_totals(priced, rate, settings.prices_include_vat)
    draft.words = amount_in_words(draft.totals.total_sum)


def draft_from_document(doc: SmartDocument) -> Draft:
    """The builder's state for an existing document."""
    from portal.smart_docs.documents import document_input
    from portal.smart_docs.types import DOC_TYPES

    kind = DOC_TYPES[doc.doc_type]
    values = {k: ("" if v is None else str(v)) for k, v in document_input(doc).items() if k != kind.lines_key}
    values["counterparty_label"] = f"{doc.counterparty.company_name} · БИН {doc.counterparty.bin}"
    rows = []
    for line in getattr(doc, kind.lines.relation):
        if kind.line_kind == "waybill":
            row = Row(id=line.public_id, item=line.product.public_id, count=str(line.subject_to_leave), left=str(line.subject_left))
        elif kind.line_kind == "work":
            row = Row(id=line.public_id, item=line.work.public_id, count=str(line.count), info=line.another_info,
                      done=line.date_of_completion.isoformat() if line.date_of_completion else "")
        else:
            row = Row(id=line.public_id, item=line.product.public_id, count=str(line.count))
        _resolve_row(kind, row, doc.company_id, doc)
        rows.append(row)
    draft = Draft(kind=kind, values=values, rows=rows, new=Row(count="1"))
    _compute(draft, doc.company_id)
    return draft


def _line_payload(kind: DocType, row: Row) -> dict:
    """A row as the line-item API's input."""
    if kind.line_kind == "waybill":
        return {"product": row.item, "subject_to_leave": row.count, "subject_left": row.left or row.count}
    if kind.line_kind == "work":
        return {"work": row.item, "count": row.count, "another_info": row.info, "date_of_completion": row.done or None}
    return {"product": row.item, "count": row.count}


def _unchanged(kind: DocType, line, row: Row) -> bool:
    """Whether a row still says what its saved line says."""
    def same(saved: Decimal, typed: str) -> bool:
        return _quantity(typed, Decimal(0))[0] == saved

    if kind.line_kind == "waybill":
        return same(line.subject_to_leave, row.count) and same(line.subject_left, row.left or row.count)
    if kind.line_kind == "work":
        done = line.date_of_completion.isoformat() if line.date_of_completion else ""
        return same(line.count, row.count) and (line.another_info, done) == (row.info, row.done)
    return same(line.count, row.count)


def save_draft(staff: Staff, kind: DocType, form, doc: SmartDocument | None = None) -> SmartDocument:
    """Turn the builder form into line items and a document, all or nothing."""
    draft = read_draft(kind, form, staff.company_id, doc)
    errors = {f"line-{i}-{name}": [msg] for i, row in enumerate(draft.rows) for name, msg in row.errors.items()}
    if not draft.rows:
        errors[kind.lines_key] = ["Добавьте хотя бы одну позицию."]
    if errors:
        raise ValidationFailed(errors)
    resource = service.RESOURCES[LINE_RESOURCE[kind.line_kind]]
    old_lines = list(getattr(doc, kind.lines.relation)) if doc is not None else []
    lines = []
    try:
        for i, row in enumerate(draft.rows):
            existing = _existing_line(kind, row, staff.company_id, doc)
            item_attr = "work_id" if kind.line_kind == "work" else "product_id"
            if existing is not None and getattr(existing, item_attr) == row.item_obj.id and _unchanged(kind, existing, row):
                lines.append(existing)
                continue
            try:
                values = service.validate(resource, _line_payload(kind, row), staff.company_id)
            except ValidationFailed as exc:
                raise ValidationFailed({f"line-{i}-{k}": v for k, v in exc.errors.items()}) from None
            values["price"], values["total_sum"] = row.price, row.total
            lines.append(service.create(resource, staff, None, commit=False, values=values))
        data = dict(draft.values)
        data.pop("counterparty_label", None)
        query = data.pop("q", "")
        if not data.get(kind.counterparty_key) and query.isdigit() and len(query) == 12:
            data[kind.bin_key] = query
        data[kind.lines_key] = [line.public_id for line in lines]
        for key in [k for k, v in data.items() if v == ""]:
            data.pop(key)
        if doc is None:
            doc = create_document(staff, kind, data, commit=False)
        else:
            update_document(doc, data, partial=False, commit=False)
        db.session.flush()
        prune_unused_lines(kind.line_kind, [line for line in old_lines if line not in lines])
        db.session.commit()
        return doc
    except Exception:
        db.session.rollback()
        raise


def builder_options(company_id: int, kind: DocType) -> dict:
    """The catalogue entries the builder offers in its selects."""
    from portal.models import Actor, Beneficiary, Product, Work

    def owned(model, order):
        return db.session.execute(select(model).where(model.company_id == company_id).order_by(order)).unique().scalars().all()

    items = owned(Work, Work.name) if kind.line_kind == "work" else owned(Product, Product.name)
    return {
        "items": items,
        "beneficiaries": owned(Beneficiary, Beneficiary.beneficiary) if kind.beneficiary else [],
        "actors": owned(Actor, Actor.full_name) if kind.actors else [],
    }


def draft_json(draft: Draft) -> dict:
    """The builder's state as JSON: what the page shows, for API clients of the same URL."""
    return {
        "type": draft.kind.code,
        "values": {k: v for k, v in draft.values.items() if k not in ("csrf_token", "action")},
        "lines": [
            {"id": row.id or None, "item": row.item, "count": row.count, "released": row.left or None,
             "price": money_str(row.price), "total_sum": money_str(row.total), "errors": row.errors}
            for row in draft.rows
        ],
        "total_sum": money_str(draft.totals.total_sum),
        "nds_percent": draft.totals.nds_percent,
        "nds_sum": money_str(draft.totals.nds_sum),
        "total_count": quantity_json(draft.totals.total_quantity),
        "line_count": draft.totals.line_count,
        "nds_percent_choices": list(draft.rates),
        "prices_include_vat": draft.totals.prices_include_vat,
        "amount_in_words": draft.words,
    }
