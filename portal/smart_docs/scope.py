"""Tenant walls: every smart-doc query is narrowed to the caller's company."""
from sqlalchemy import Select, select

from portal.extensions import db
from portal.models.base import PUBLIC_ID_RE
from portal.smart_docs.fields import Input


def owned_query(model, company_id: int) -> Select:
    """All of a company's rows of `model`, newest first."""
    return select(model).where(model.company_id == company_id).order_by(model.id.desc())


def get_owned(model, company_id: int, public_id: str):
    """One row of the company by public id, or None (another company's row is None too)."""
    if not PUBLIC_ID_RE.match(public_id or ""):
        return None
    query = select(model).where(model.company_id == company_id, model.public_id == public_id)
    return db.session.execute(query).unique().scalar_one_or_none()


def resolve_owned(inp: Input, key: str, model, company_id: int, label: str, required: bool = True):
    """The company's object named by `inp[key]`, or a field error (never another tenant's row)."""
    public_id = inp.public_id(key, required=required)
    if public_id is None:
        return None
    obj = get_owned(model, company_id, public_id)
    if obj is None:
        inp.fail(key, f"{label} с id «{public_id}» не найден(а) среди данных вашей компании.")
    return obj
