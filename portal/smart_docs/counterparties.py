"""Finding the counterparty of a document in the company directory, by name or BIN."""
from sqlalchemy import or_, select

from portal.extensions import db
from portal.models import Company

MIN_QUERY = 2


def _escape_like(text: str) -> str:
    """Make user text literal inside a LIKE pattern."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_counterparties(query: str, exclude_company_id: int | None = None, limit: int = 8) -> list[Company]:
    """Directory companies whose BIN starts with the digits typed, or whose name contains the text."""
    text = " ".join((query or "").split())[:100]
    if len(text) < MIN_QUERY:
        return []
    statement = select(Company)
    if text.isdigit():
        statement = statement.where(Company.bin.like(_escape_like(text) + "%", escape="\\"))
    else:
        pattern = "%" + _escape_like(text.lower()) + "%"
        statement = statement.where(or_(
            Company.company_name_search.like(pattern, escape="\\"),
            Company.company_name.ilike(pattern, escape="\\"),
        ))
    if exclude_company_id is not None:
        statement = statement.where(Company.id != exclude_company_id)
    return list(db.session.execute(statement.order_by(Company.company_name).limit(limit)).unique().scalars())


def counterparty_by_id(public_id: str) -> Company | None:
    """A directory company by public id."""
    return db.session.execute(select(Company).where(Company.public_id == (public_id or "").lower())).unique().scalar_one_or_none()
