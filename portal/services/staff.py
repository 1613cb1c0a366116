"""Staff of a company: who works where, and in which role."""
from sqlalchemy import Select, case, select

from portal.extensions import db
from portal.models import ROLE_DIRECTOR, Staff, User


def staff_of(user: User) -> Staff | None:
    """The user's position, or None for a user without a company (or anonymous)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.execute(select(Staff).where(Staff.user_id == user.id)).unique().scalar_one_or_none()


def company_staff_query(company_id: int) -> Select:
    """Everyone employed by a company, directors first."""
    return select(Staff).where(Staff.company_id == company_id).order_by(case((Staff.role == ROLE_DIRECTOR, 0), else_=1), Staff.id)
