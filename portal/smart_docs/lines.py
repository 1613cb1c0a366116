"""Line items: what is sold and how much. The server computes every line sum.

Decision: a line keeps a snapshot of the unit price taken when it is made (or when its
product/work changes), so editing a catalogue price never changes an existing document.
A line may belong to several documents (an offer and then the invoice, as in the seed).
"""
from decimal import Decimal

from sqlalchemy import exists, select

from portal.extensions import db
from portal.models.smart_docs import (
    Product,
    ProductCount,
    WaybillProduct,
    Work,
    WorkCount,
)
from portal.smart_docs.fields import Input
from portal.smart_docs.scope import resolve_owned
from portal.smart_docs.totals import line_sum
from portal.smart_docs.types import LINE_KINDS

NOTHING = Decimal(0)


def _price_for(obj, item, item_attr: str):
    """Keep the line's snapshot unless the line now points at a different catalogue entry."""
    if obj is not None and getattr(obj, item_attr) == item.id:
        return obj.price
    return item.price


def clean_product_count(inp: Input, company_id: int, obj=None) -> dict:
    """A product line: one of the company's products and a quantity (up to three decimals, above zero)."""
    product = resolve_owned(inp, "product", Product, company_id, "Товар")
    count = inp.quantity("count")
    if product is None or count is None:
        return {}
    price = _price_for(obj, product, "product_id")
    return {"product": product, "count": count, "price": price, "total_sum": line_sum(price, count)}


def product_count_input(obj: ProductCount) -> dict:
    """A saved product line as input keys."""
    return {"product": obj.product.public_id, "count": str(obj.count)}


def clean_work_count(inp: Input, company_id: int, obj=None) -> dict:
    """A work line: a work, quantity, report details and the completion date."""
    work = resolve_owned(inp, "work", Work, company_id, "Работа")
    count = inp.quantity("count")
    another_info = inp.text("another_info", 500, required=False)
    completed = inp.date("date_of_completion")
    if work is None or count is None:
        return {}
    price = _price_for(obj, work, "work_id")
    return {
        "work": work, "count": count, "price": price, "total_sum": line_sum(price, count),
        "another_info": another_info, "date_of_completion": completed,
    }


def work_count_input(obj: WorkCount) -> dict:
    """A saved work line as input keys."""
    return {
        "work": obj.work.public_id, "count": str(obj.count), "another_info": obj.another_info,
        "date_of_completion": obj.date_of_completion.isoformat() if obj.date_of_completion else None,
    }


def clean_waybill_product(inp: Input, company_id: int, obj=None) -> dict:
    """A waybill line: quantity to release and released (never more, may be 0); the sum uses the released one."""
    product = resolve_owned(inp, "product", Product, company_id, "Товар")
    to_leave = inp.quantity("subject_to_leave")
    left = inp.quantity("subject_left", minimum=NOTHING, default=to_leave)
    if to_leave is not None and left is not None and left > to_leave:
        inp.fail("subject_left", "Отпущено не может быть больше, чем подлежит отпуску.")
        return {}
    if product is None or to_leave is None or left is None:
        return {}
    price = _price_for(obj, product, "product_id")
    return {
        "product": product, "subject_to_leave": to_leave, "subject_left": left,
        "price": price, "total_sum": line_sum(price, left),
    }


def waybill_product_input(obj: WaybillProduct) -> dict:
    """A saved waybill line as input keys."""
    return {"product": obj.product.public_id, "subject_to_leave": str(obj.subject_to_leave),
            "subject_left": str(obj.subject_left)}


def line_quantity(kind: str, line) -> Decimal:
    """The quantity a line contributes to its document (released quantity on a waybill)."""
    return line.subject_left if kind == "waybill" else line.count


def line_in_use(kind: str, line) -> str | None:
    """Why a line cannot be deleted: a document lists it."""
    link = LINE_KINDS[kind].link
    if db.session.execute(select(exists().where(link.c.line_id == line.id))).scalar():
        return "Позиция входит в документ; удалите её из документа, а затем удалите саму позицию."
    return None
