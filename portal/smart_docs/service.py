"""Create, update and delete for catalogues and line items, inside the caller's company.

A `Resource` names a kind's model and rules; the JSON API, the pages and the demo loader
all call `create`, `update` and `remove` with it, so the rules exist once.
"""
from dataclasses import dataclass
from typing import IO, Callable

from portal.errors import ApiError, ValidationFailed
from portal.extensions import db
from portal.models import Actor, Beneficiary, Product, ProductCount, Staff, WaybillProduct, Work, WorkCount
from portal.smart_docs import catalogues as cat, images, lines as ln, serializers as ser
from portal.smart_docs.documents import refresh_documents_using
from portal.smart_docs.fields import Input


@dataclass(frozen=True)
class Resource:
    """A catalogue or line-item kind and everything needed to manage it."""

    name: str
    model: type
    title: str
    serialize: Callable
    clean: Callable
    as_input: Callable
    in_use: Callable
    line_kind: str | None = None


RESOURCES = {
    "works": Resource("works", Work, "Работы и услуги", ser.work_json, cat.clean_work, cat.work_input, cat.work_in_use),
    "actors": Resource("actors", Actor, "Подписанты", ser.actor_json, cat.clean_actor, cat.actor_input, cat.actor_in_use),
    "products": Resource(
        "products", Product, "Товары", ser.product_json, cat.clean_product, cat.product_input, cat.product_in_use
    ),
    "beneficiaries": Resource(
        "beneficiaries", Beneficiary, "Бенефициары", ser.beneficiary_json, cat.clean_beneficiary,
        cat.beneficiary_input, cat.beneficiary_in_use,
    ),
    "work_counts": Resource(
        "work_counts", WorkCount, "Позиции работ", ser.work_count_json, ln.clean_work_count, ln.work_count_input,
        lambda line: ln.line_in_use("work", line), "work",
    ),
    "product_count": Resource(
        "product_count", ProductCount, "Товарные позиции", ser.product_count_json, ln.clean_product_count,
        ln.product_count_input, lambda line: ln.line_in_use("product", line), "product",
    ),
    "waybills_products": Resource(
        "waybills_products", WaybillProduct, "Позиции накладных", ser.waybill_product_json,
        ln.clean_waybill_product, ln.waybill_product_input, lambda line: ln.line_in_use("waybill", line), "waybill",
    ),
}
CATALOGUES = ("works", "actors", "products", "beneficiaries")
LINE_RESOURCES = ("work_counts", "product_count", "waybills_products")


def validate(resource: Resource, data, company_id: int, obj=None, partial: bool = False) -> dict:
    """Clean a payload (merged onto the saved object for a PATCH) or raise a 400."""
    base = resource.as_input(obj) if (partial and obj is not None) else None
    inp = Input(data, base=base)
    values = resource.clean(inp, company_id, obj)
    inp.raise_if_errors()
    return values


def create(resource: Resource, staff: Staff, data, commit: bool = True, values: dict | None = None):
    """Add a new object to the staff's company."""
    values = values if values is not None else validate(resource, data, staff.company_id)
    obj = resource.model(company_id=staff.company_id, staff_id=staff.id, **values)
    db.session.add(obj)
    db.session.flush()
    if commit:
        db.session.commit()
    return obj


def update(resource: Resource, obj, data, partial: bool, commit: bool = True, values: dict | None = None):
    """Change an object; documents listing a changed line derive their totals again."""
    values = values if values is not None else validate(resource, data, obj.company_id, obj, partial)
    for name, value in values.items():
        setattr(obj, name, value)
    db.session.flush()
    if resource.line_kind:
        refresh_documents_using(resource.line_kind, obj)
    if commit:
        db.session.commit()
    return obj


def remove(resource: Resource, obj) -> None:
    """Delete an object nothing else uses (and a product's image file); otherwise a 409 saying what holds it."""
    reason = resource.in_use(obj)
    if reason:
        raise ApiError(409, reason)
    image_file = getattr(obj, "image_file", None)
    db.session.delete(obj)
    db.session.commit()
    images.discard_image(image_file)


@dataclass(frozen=True)
class Upload:
    """What a request sent besides its fields: an image file part, and whether the body was JSON."""

    image: tuple[IO[bytes], str] | None = None  # (stream, file name) of a multipart `image` part
    json_body: bool = False


def save(resource: Resource, staff: Staff, data, upload: Upload = Upload(), obj=None, partial: bool = False):
    """Create or change an object, its product image included: fields and image are checked
    together (one 400 with every message), and a failed write leaves no stray image file."""
    errors: dict = {}
    values = None
    try:
        values = validate(resource, data, staff.company_id, obj, partial)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    image, clear, image_errors = _image_change(resource, obj, data, upload)
    errors.update(image_errors)
    if errors:
        raise ValidationFailed(errors)
    stored = images.store_image(*image) if image else None
    old_file = obj.image_file if (obj is not None and resource.name == "products") else None
    if stored or clear:
        values["image_file"] = stored
    try:
        if obj is None:
            obj = create(resource, staff, data, values=values)
        else:
            obj = update(resource, obj, data, partial, values=values)
    except Exception:
        db.session.rollback()
        images.discard_image(stored)
        raise
    if (stored or clear) and old_file:
        images.discard_image(old_file)
    return obj


IMAGE_AS_FILE = "Изображение загружается файлом (multipart/form-data, поле image)."


def _image_change(resource: Resource, obj, data, upload: Upload) -> tuple[tuple[bytes, str] | None, bool, dict]:
    """Read a product's image part: (decoded image, clear the old one?, errors).

    A JSON body may only keep the image (its own URL back) or clear it (`null`); a new image
    comes as a file part, or `remove_image` clears it from a form.
    """
    if resource.name != "products":
        return None, False, {}
    if upload.image is not None and upload.image[1]:
        try:
            return images.decode_image(upload.image[0]), False, {}
        except images.ImageRejected as exc:
            return None, False, {"image": [str(exc)]}
    raw = data.get("image")
    if data.get("remove_image") in ("1", "on", True):
        return None, True, {}
    if raw is None and "image" in data and upload.json_body:
        return None, obj is not None, {}
    if isinstance(raw, str) and raw and (obj is None or raw != ser.product_image_url(obj)):
        return None, False, {"image": [IMAGE_AS_FILE]}
    if raw is not None and not isinstance(raw, str):
        return None, False, {"image": [IMAGE_AS_FILE]}
    return None, False, {}
