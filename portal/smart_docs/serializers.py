"""Explicit JSON shapes of the smart-doc API, key for key as the seed shows them."""
from flask import has_request_context, url_for

from portal.models.smart_docs import (
    Actor,
    Beneficiary,
    Product,
    ProductCount,
    SmartDocument,
    WaybillProduct,
    Work,
    WorkCount,
)
from portal.smart_docs.documents import buyer_vat_input
from portal.smart_docs.money import money_str
from portal.smart_docs.quantity import quantity_json
from portal.smart_docs.settings import doc_settings, settings_json
from portal.smart_docs.types import DOC_TYPES
from portal.smart_docs.words import amount_in_words
from portal.timeutil import iso


def _staff(obj) -> str | None:
    """The creating staff position's public id (null once that position is gone)."""
    return obj.staff.public_id if obj.staff is not None else None


def _date(value) -> str | None:
    """A date as `YYYY-MM-DD`, or None."""
    return value.isoformat() if value is not None else None


def work_json(obj: Work) -> dict:
    """A work as the seed shows it."""
    return {
        "id": obj.public_id, "name": obj.name, "description": obj.description, "measure": obj.measure,
        "measure_code": obj.measure_code or None, "code": obj.code, "price": money_str(obj.price),
        "staff": _staff(obj),
    }


def actor_json(obj: Actor) -> dict:
    """A signer as the seed shows it (no `staff` key there)."""
    return {"id": obj.public_id, "full_name": obj.full_name, "role": obj.role}


def product_image_url(obj: Product) -> str | None:
    """The tenant-checked route that serves a product's image, or None without one."""
    if not obj.image_file:
        return None
    if has_request_context():
        return url_for("smart_doc.product_image", public_id=obj.public_id, _external=True)
    return f"/smart_doc/products/{obj.public_id}/image/"


def product_json(obj: Product) -> dict:
    """A product as the seed shows it; `image` is a URL or null."""
    return {
        "id": obj.public_id, "name": obj.name, "description": obj.description, "measure": obj.measure,
        "measure_code": obj.measure_code or None, "code": obj.code, "manufacturer": obj.manufacturer,
        "image": product_image_url(obj), "price": money_str(obj.price),
        "staff": _staff(obj),
    }


def beneficiary_json(obj: Beneficiary) -> dict:
    """Bank details with the seed's key spelling (PIC, BIC, KBe, Knp)."""
    return {
        "id": obj.public_id, "beneficiary": obj.beneficiary, "beneficiary_bank": obj.beneficiary_bank,
        "PIC": obj.iik, "BIC": obj.bic, "KBe": obj.kbe, "Knp": obj.knp, "staff": _staff(obj),
    }


def product_count_json(obj: ProductCount) -> dict:
    """`product` nested on read; `price` is the unit price captured when the line was made."""
    return {
        "id": obj.public_id, "product": product_json(obj.product), "count": quantity_json(obj.count),
        "price": money_str(obj.price), "total_sum": money_str(obj.total_sum), "staff": _staff(obj),
    }


def work_count_json(obj: WorkCount) -> dict:
    """A work line: the work by id (and name), price snapshot, computed sum."""
    return {
        "id": obj.public_id, "work": obj.work.public_id, "work_name": obj.work.name, "count": quantity_json(obj.count),
        "price": money_str(obj.price), "total_sum": money_str(obj.total_sum), "another_info": obj.another_info,
        "date_of_completion": _date(obj.date_of_completion), "staff": _staff(obj),
    }


def waybill_product_json(obj: WaybillProduct) -> dict:
    """A waybill line: the sum follows the released quantity."""
    return {
        "id": obj.public_id, "product": obj.product.public_id, "product_name": obj.product.name,
        "subject_to_leave": quantity_json(obj.subject_to_leave), "subject_left": quantity_json(obj.subject_left),
        "price": money_str(obj.price), "total_sum": money_str(obj.total_sum), "staff": _staff(obj),
    }


def _pid(obj) -> str | None:
    """A related object's public id, or None."""
    return obj.public_id if obj is not None else None


def document_json(doc: SmartDocument) -> dict:
    """A document of any type; the keys a type does not use are absent, not null."""
    kind = DOC_TYPES[doc.doc_type]
    key = kind.counterparty_key
    data = {
        "id": doc.public_id,
        "type": doc.doc_type,
        "date": _date(doc.date),
        "contract": doc.contract,
        "contract_date": _date(doc.contract_date),
        "supplier": doc.company.public_id,
        key: doc.counterparty.public_id,
        key + "_bin": doc.counterparty.bin,
        key + "_name": doc.counterparty.company_name,
        kind.lines_key: [line.public_id for line in getattr(doc, kind.lines.relation)],
        # `total_count` counts units, as the original service's documentation shows; lines are `line_count`.
        "total_count": quantity_json(doc.total_quantity),
        "line_count": doc.total_count,
        "total_quantity": quantity_json(doc.total_quantity),
        "total_sum": money_str(doc.total_sum),
        "nds_percent": doc.nds_percent,
        "nds_sum": money_str(doc.nds_sum),
        "amount_in_words": amount_in_words(doc.total_sum),
    }
    if kind.beneficiary:
        data["beneficiary"] = _pid(doc.beneficiary)
    for name in kind.terms:
        value = getattr(doc, name)
        data[name] = _date(value) if name == "date_of_expire" else value
    for name in kind.texts:
        data[name] = getattr(doc, name)
    for name in kind.dates:
        data[name] = _date(getattr(doc, name))
    if kind.buyer_vat:
        data.update(buyer_vat_input(doc))
        data.update({"supplier_" + key: value for key, value in settings_json(doc_settings(doc.company_id)).items()
                     if key.startswith("vat_")})
    for name in kind.actors:
        data[name] = _pid(getattr(doc, name))
    data.update({"staff": _staff(doc), "created": iso(doc.created), "updated": iso(doc.updated)})
    return data


LINE_SERIALIZERS = {"product": product_count_json, "work": work_count_json, "waybill": waybill_product_json}
