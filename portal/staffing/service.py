"""Staff of a company: who works where and in which role, and the rules for managing them.

`staff_of` finds the caller's position; every other area asks it who the caller works for.
The management rules (role changes, removal, accounts with a temporary password) take the
acting user's `Staff` position and refuse with ApiError 403 when that position may not do
it, so the HTML pages and the JSON API share one set of rules. Objects of another company
are reported as not found (404): nobody learns what exists outside their own company.
"""
import secrets
from dataclasses import dataclass

from sqlalchemy import Select, case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defaultload

from portal.audit.service import record_event
from portal.errors import ApiError, field_error
from portal.extensions import db
from portal.identity.proofs import require_proven
from portal.kz.phone import normalise_phone
from portal.models import ROLE_DIRECTOR, ROLES, Staff, User
from portal.staffing.accounts import create_user, find_user

# Letters and digits that cannot be confused when read aloud or copied by hand.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
TEMPORARY_PASSWORD_LENGTH = 12


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


def require_company(actor: Staff | None) -> Staff:
    """The actor's position; a user without a company has no staff to see or manage."""
    if actor is None:
        raise ApiError(404, "Вы не состоите ни в одной компании.")
    return actor


def require_director(actor: Staff | None) -> Staff:
    """Only a director of the company manages its staff."""
    actor = require_company(actor)
    if not actor.is_director:
        raise ApiError(403, "Управлять сотрудниками может только директор компании.")
    return actor


def check_role(role: str | None, field: str = "role") -> str:
    """A role must be one of the two the portal knows."""
    if role not in ROLES:
        raise field_error(field, "Выберите роль: " + " или ".join(ROLES) + ".")
    return role


def company_members(company_id: int) -> list[Staff]:
    """Everyone in a company, directors first."""
    return list(db.session.execute(company_staff_query(company_id)).unique().scalars())


def find_member(actor: Staff, user_public_id: str) -> Staff:
    """A colleague of the actor by their user id; anyone else is a 404."""
    member = db.session.execute(
        company_staff_query(actor.company_id).where(Staff.user.has(User.public_id == (user_public_id or "")))
    ).unique().scalar_one_or_none()
    if member is None:
        raise ApiError(404, "Сотрудник не найден.")
    return member


def _director_count(company_id: int) -> int:
    """How many directors the company has."""
    return db.session.execute(
        select(func.count()).select_from(Staff).where(Staff.company_id == company_id, Staff.role == ROLE_DIRECTOR)
    ).scalar_one()


def _lock_directors(company_id: int) -> None:
    """PostgreSQL: lock the directors' rows so two directors demoting each other at once queue up.

    SQLite ignores FOR UPDATE, but it has one writer at a time and the count below is taken
    after our own write, inside the write transaction, so it sees the other writer's result.
    """
    db.session.execute(
        select(Staff.id).where(Staff.company_id == company_id, Staff.role == ROLE_DIRECTOR).with_for_update()
    ).all()


def _commit_keeping_a_director(company_id: int) -> None:
    """Commit, unless the change left the company without a director (then nothing is written)."""
    db.session.flush()
    if _director_count(company_id) == 0:
        db.session.rollback()
        raise ApiError(409, "Это последний директор компании: сначала назначьте другого директора.")
    db.session.commit()


def change_role(actor: Staff, user_public_id: str, role: str | None) -> Staff:
    """Give a colleague another role (committed)."""
    actor = require_proven(require_director(actor), "менять роли сотрудников")
    role = check_role(role)
    _lock_directors(actor.company_id)
    member = find_member(actor, user_public_id)
    if member.role == role:
        db.session.commit()
        return member
    record_event(actor.company_id, actor.user_id, "role_changed", {"member": member.user.email, "old_role": member.role, "role": role})
    member.role = role
    _commit_keeping_a_director(actor.company_id)
    return member


def remove_member(actor: Staff, user_public_id: str) -> User:
    """Take a colleague out of the company; their account stays and may join elsewhere (committed)."""
    actor = require_director(actor)
    _lock_directors(actor.company_id)
    member = find_member(actor, user_public_id)
    user = member.user
    record_event(actor.company_id, actor.user_id, "member_removed", {"member": user.email, "role": member.role})
    db.session.delete(member)
    _commit_keeping_a_director(actor.company_id)
    return user


def temporary_password() -> str:
    """A random password to hand over once; the user must replace it at first login."""
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(TEMPORARY_PASSWORD_LENGTH))


@dataclass
class NewAccount:
    """An account created by a director, with the password to hand over (shown once)."""

    staff: Staff
    password: str


def create_account(actor: Staff, email: str, full_name: str, role: str, phone_number: str | None = None) -> NewAccount:
    """Create a colleague's account with a temporary password that must be changed (committed)."""
    actor = require_proven(require_director(actor), "добавлять сотрудников")
    role = check_role(role)
    try:
        phone_number = normalise_phone(phone_number)
    except ValueError as exc:
        raise field_error("phone_number", str(exc)) from None
    if find_user(email):
        raise field_error("email", "Пользователь с такой почтой уже зарегистрирован.")
    password = temporary_password()
    user = create_user(email, password, full_name, must_change_password=True)
    staff = Staff(user=user, company_id=actor.company_id, role=role, phone_number=phone_number)
    db.session.add(staff)
    record_event(actor.company_id, actor.user_id, "account_created", {"member": user.email, "role": role})
    try:
        db.session.commit()
    except IntegrityError:
        # The same address registered a moment ago by someone else: nothing of ours was written.
        db.session.rollback()
        raise field_error("email", "Пользователь с такой почтой уже зарегистрирован.") from None
    return NewAccount(staff=staff, password=password)
