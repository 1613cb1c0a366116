"""Finding the company a BIN names, and requests to join a company its director decides on.

A claim by BIN seats nobody: `portal.identity.claiming` keeps it waiting for a proof. Requests
to join (made when a proof meets a proven company that has a director) are decided here.
"""
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from portal.errors import ApiError, field_error
from portal.extensions import db
from portal.kz.bin import is_valid_bin
from portal.models import ROLE_WORKER, Company, JoinRequest, Staff, User
from portal.models.staffing import REQUEST_APPROVED, REQUEST_CANCELLED, REQUEST_DECLINED, REQUEST_PENDING
from portal.staffing.service import require_director, staff_of
from portal.identity.proofs import require_proven
from portal.timeutil import now_utc

REQUEST_LABELS = {
    REQUEST_PENDING: "На рассмотрении",
    REQUEST_APPROVED: "Одобрена",
    REQUEST_DECLINED: "Отклонена",
    REQUEST_CANCELLED: "Отменена",
}


def clean_bin(raw: str | None) -> str:
    """A BIN as typed (spaces allowed) → 12 digits, or a 400 naming `bin` and the reason."""
    value = "".join((raw or "").split())
    if not value:
        raise field_error("bin", "Введите БИН компании.")
    if not value.isascii() or not value.isdigit() or len(value) != 12:
        raise field_error("bin", "БИН состоит из 12 цифр.")
    if not is_valid_bin(value):
        raise field_error("bin", "Неверный БИН: не сходится контрольная цифра. Проверьте цифры.")
    return value


def company_by_bin(bin_value: str) -> Company:
    """The directory's company with this BIN, or a 400 on the `bin` field."""
    company = db.session.execute(select(Company).where(Company.bin == bin_value)).unique().scalar_one_or_none()
    if company is None:
        raise field_error("bin", f"Компании с БИН {bin_value} нет в справочнике.")
    return company


def _pending(user_id: int, company_id: int) -> JoinRequest | None:
    """The open request of this person to this company, if any."""
    return db.session.execute(
        select(JoinRequest).where(
            JoinRequest.user_id == user_id, JoinRequest.company_id == company_id, JoinRequest.status == REQUEST_PENDING
        )
    ).unique().scalar_one_or_none()


def cancel_open_requests(user_id: int) -> None:
    """Someone who joined a company no longer waits to join others (not committed)."""
    db.session.execute(
        update(JoinRequest)
        .where(JoinRequest.user_id == user_id, JoinRequest.status == REQUEST_PENDING)
        .values(status=REQUEST_CANCELLED, decided_at=now_utc())
        .execution_options(synchronize_session=False)
    )


def pending_requests(company_id: int) -> list[JoinRequest]:
    """Requests waiting for the company's director, oldest first."""
    query = select(JoinRequest).where(JoinRequest.company_id == company_id, JoinRequest.status == REQUEST_PENDING)
    return list(db.session.execute(query.order_by(JoinRequest.created, JoinRequest.id)).unique().scalars())


def own_requests(user: User, limit: int = 10) -> list[JoinRequest]:
    """The user's latest requests, newest first."""
    if not getattr(user, "is_authenticated", False):
        return []
    query = select(JoinRequest).where(JoinRequest.user_id == user.id)
    return list(db.session.execute(query.order_by(JoinRequest.created.desc(), JoinRequest.id.desc()).limit(limit)).unique().scalars())


def _company_request(actor: Staff, request_public_id: str) -> JoinRequest:
    """A request addressed to the actor's company; any other is a 404."""
    join = db.session.execute(
        select(JoinRequest).where(
            JoinRequest.public_id == (request_public_id or ""), JoinRequest.company_id == actor.company_id
        )
    ).unique().scalar_one_or_none()
    if join is None:
        raise ApiError(404, "Заявка не найдена.")
    return join


def _close(join: JoinRequest, status: str, decided_by: int | None) -> None:
    """Move a request out of pending exactly once, even if two directors click at the same time."""
    changed = db.session.execute(
        update(JoinRequest)
        .where(JoinRequest.id == join.id, JoinRequest.status == REQUEST_PENDING)
        .values(status=status, decided_at=now_utc(), decided_by_id=decided_by)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        raise ApiError(409, "Заявка уже рассмотрена.")


def decide_request(actor: Staff | None, request_public_id: str, approve: bool) -> JoinRequest:
    """The director approves (the person joins as a worker) or declines a request (committed)."""
    actor = require_director(actor)
    join = _company_request(actor, request_public_id)
    if approve:
        require_proven(actor, "принимать сотрудников")
    if approve and staff_of(join.user) is not None:
        _close(join, REQUEST_CANCELLED, actor.user_id)
        db.session.commit()
        raise ApiError(409, "Этот человек уже состоит в другой компании; заявка закрыта.")
    _close(join, REQUEST_APPROVED if approve else REQUEST_DECLINED, actor.user_id)
    if approve:
        cancel_open_requests(join.user_id)
        db.session.add(Staff(user_id=join.user_id, company_id=join.company_id, role=ROLE_WORKER))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ApiError(409, "Этот человек уже состоит в другой компании.") from None
    db.session.refresh(join)
    return join


def cancel_request(user: User, request_public_id: str) -> JoinRequest:
    """The applicant withdraws their own open request (committed)."""
    join = db.session.execute(
        select(JoinRequest).where(JoinRequest.public_id == (request_public_id or ""), JoinRequest.user_id == user.id)
    ).unique().scalar_one_or_none()
    if join is None:
        raise ApiError(404, "Заявка не найдена.")
    _close(join, REQUEST_CANCELLED, user.id)
    db.session.commit()
    db.session.refresh(join)
    return join
