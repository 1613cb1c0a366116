"""The four catalogues (works, actors, products, beneficiaries): rules for their fields.

Each `clean_*` reads an Input and returns model attribute values; `*_input` turns a saved
object back into input keys, so a PATCH is validated as the whole merged object.
"""
import re

from sqlalchemy import exists, or_, select

from portal.extensions import db
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
from portal.smart_docs import banking
from portal.smart_docs.fields import MISSING, Input
from portal.smart_docs.money import money_str
from portal.smart_docs.units import unit_code

NAME_MAX = 300
DESCRIPTION_MAX = 2000
MEASURE_MAX = 50
CODE_MAX = 50
MEASURE_CODE_RE = re.compile(r"^\d{3}$")


def _unit(inp: Input) -> dict:
    """The unit as typed and its classifier code: sent as `measure_code`, or found from the list."""
    measure = inp.text("measure", MEASURE_MAX)
    sent = inp.raw("measure_code")
    if sent in (MISSING, None, ""):
        return {"measure": measure, "measure_code": unit_code(measure or "")}
    if not isinstance(sent, str) or not MEASURE_CODE_RE.match(sent.strip()):
        inp.fail("measure_code", "Код единицы по классификатору — 3 цифры, например 796.")
        return {"measure": measure, "measure_code": None}
    return {"measure": measure, "measure_code": sent.strip()}


def clean_work(inp: Input, company_id: int, obj=None) -> dict:
    """A work: name, description (may be blank), measure and unit price."""
    return {
        "name": inp.text("name", NAME_MAX),
        "description": inp.text("description", DESCRIPTION_MAX, required=False),
        **_unit(inp),
        "code": inp.text("code", CODE_MAX, required=False),
        "price": inp.money("price"),
    }


def work_input(obj: Work) -> dict:
    """A saved work as input keys (the base of a PATCH)."""
    return {
        "name": obj.name, "description": obj.description, "measure": obj.measure,
        "measure_code": obj.measure_code or None, "code": obj.code, "price": money_str(obj.price),
    }


def clean_actor(inp: Input, company_id: int, obj=None) -> dict:
    """A signer: full name and role (position)."""
    return {"full_name": inp.text("full_name", NAME_MAX), "role": inp.text("role", 200)}


def actor_input(obj: Actor) -> dict:
    """A saved actor as input keys."""
    return {"full_name": obj.full_name, "role": obj.role}


def clean_product(inp: Input, company_id: int, obj=None) -> dict:
    """A product; its image arrives as a file and is handled by portal.smart_docs.images."""
    return {
        "name": inp.text("name", NAME_MAX),
        "description": inp.text("description", DESCRIPTION_MAX, required=False),
        **_unit(inp),
        "code": inp.text("code", CODE_MAX, required=False),
        "manufacturer": inp.text("manufacturer", NAME_MAX, required=False),
        "price": inp.money("price"),
    }


def product_input(obj: Product) -> dict:
    """A saved product as input keys."""
    return {
        "name": obj.name, "description": obj.description, "measure": obj.measure,
        "measure_code": obj.measure_code or None, "code": obj.code,
        "manufacturer": obj.manufacturer, "price": money_str(obj.price),
    }


def clean_beneficiary(inp: Input, company_id: int, obj=None) -> dict:
    """Bank details: the seed's keys PIC (IIK), BIC, KBe and Knp, each checked."""
    return {
        "beneficiary": inp.text("beneficiary", NAME_MAX),
        "beneficiary_bank": inp.text("beneficiary_bank", NAME_MAX),
        "iik": inp.check("PIC", banking.clean_iik),
        "bic": inp.check("BIC", banking.clean_bic),
        "kbe": inp.check("KBe", banking.clean_kbe),
        "knp": inp.check("Knp", banking.clean_knp),
    }


def beneficiary_input(obj: Beneficiary) -> dict:
    """Saved bank details as input keys."""
    return {
        "beneficiary": obj.beneficiary, "beneficiary_bank": obj.beneficiary_bank,
        "PIC": obj.iik, "BIC": obj.bic, "KBe": obj.kbe, "Knp": obj.knp,
    }


def _used(query) -> bool:
    """Whether the query finds any row."""
    return bool(db.session.execute(select(exists(query))).scalar())


def work_in_use(obj: Work) -> str | None:
    """Why a work cannot be deleted: line items keep a reference to it."""
    if _used(select(WorkCount.id).where(WorkCount.work_id == obj.id)):
        return "Работа используется в позициях документов; сначала удалите или измените эти позиции."
    return None


def product_in_use(obj: Product) -> str | None:
    """Why a product cannot be deleted."""
    if _used(select(ProductCount.id).where(ProductCount.product_id == obj.id)) or _used(
        select(WaybillProduct.id).where(WaybillProduct.product_id == obj.id)
    ):
        return "Товар используется в позициях документов; сначала удалите или измените эти позиции."
    return None


def beneficiary_in_use(obj: Beneficiary) -> str | None:
    """Why a beneficiary cannot be deleted."""
    if _used(select(SmartDocument.id).where(SmartDocument.beneficiary_id == obj.id)):
        return "Бенефициар указан в счетах на оплату; сначала выберите в них другого."
    return None


def actor_in_use(obj: Actor) -> str | None:
    """Why an actor cannot be deleted."""
    columns = (
        SmartDocument.executor_actor_id, SmartDocument.customer_actor_id, SmartDocument.responsible_actor_id,
        SmartDocument.head_actor_id, SmartDocument.accountant_actor_id,
    )
    if _used(select(SmartDocument.id).where(or_(*(column == obj.id for column in columns)))):
        return "Этот человек подписывает документы; сначала выберите в них другого."
    return None
