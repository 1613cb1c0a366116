"""Staff of a company: who works where, and in which role."""
from sqlalchemy import Select, case, select
from sqlalchemy.orm import defaultload

from portal.extensions import db
from portal.models import ROLE_DIRECTOR, Staff, User


def staff_of(user: User) -> Staff | None:
    """The user's position, or None for a user without a company (or anonymous)."""
    if not getattr(user, "is_authenticated", False):
        return None
    # Every staff request runs this. The company comes with the row, but its KRP and places
    # (four more joins, ~0.5 ms to plan on PostgreSQL) only load if a view reads them.
    query = select(Staff).where(Staff.user_id == user.id).options(defaultload(Staff.company).lazyload("*"))
    return db.session.execute(query).unique().scalar_one_or_none()


def company_staff_query(company_id: int) -> Select:
    """Everyone employed by a company, directors first."""
    return select(Staff).where(Staff.company_id == company_id).order_by(case((Staff.role == ROLE_DIRECTOR, 0), else_=1), Staff.id)
