"""Invite links: a director creates one, the invitee opens it once before it expires and joins.

The token travels only in the link; the database keeps its SHA-256, so a copy of the table
cannot be turned into working links.
"""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from portal.audit.service import record_event
from portal.errors import ApiError, field_error
from portal.extensions import db
from portal.models import Invite, Staff, User
from portal.sessions import signups
from portal.staffing.accounts import normalise_email
from portal.staffing.claims import cancel_open_requests
from portal.staffing.service import check_role, require_director, staff_of
from portal.identity.claiming import leave_claim, provisional_seat
from portal.identity.proofs import require_proven
from portal.timeutil import now_utc

DEFAULT_TTL = timedelta(hours=72)
STATUS_ACTIVE = "active"
STATUS_USED = "used"
STATUS_EXPIRED = "expired"
STATUS_REVOKED = "revoked"
STATUS_LABELS = {
    STATUS_ACTIVE: "Действует",
    STATUS_USED: "Использовано",
    STATUS_EXPIRED: "Истекло",
    STATUS_REVOKED: "Отозвано",
}
# Why a link cannot be used, in words the invitee understands.
REFUSALS = {
    STATUS_USED: "Это приглашение уже использовано. Попросите директора компании прислать новое.",
    STATUS_EXPIRED: "Срок действия приглашения истёк. Попросите директора компании прислать новое.",
    STATUS_REVOKED: "Приглашение отозвано директором компании.",
}


def token_hash(token: str) -> str:
    """The stored form of a token (tokens are long and random, so SHA-256 suffices)."""
    return hashlib.sha256(token.encode()).hexdigest()


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; the portal stores UTC, so naive means UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone.utc)


def invite_status(invite: Invite, now: datetime | None = None) -> str:
    """active, used, expired or revoked."""
    if invite.used_at is not None:
        return STATUS_USED
    if invite.revoked_at is not None:
        return STATUS_REVOKED
    if as_utc(invite.expires_at) <= (now or now_utc()):
        return STATUS_EXPIRED
    return STATUS_ACTIVE


@dataclass
class NewInvite:
    """A fresh invite and its token (known only now: the database keeps the hash)."""

    invite: Invite
    token: str


def create_invite(actor: Staff | None, role: str, email: str | None = None, ttl: timedelta = DEFAULT_TTL) -> NewInvite:
    """A director invites someone into their company (committed)."""
    actor = require_proven(require_director(actor), "приглашать сотрудников")
    role = check_role(role)
    token = secrets.token_urlsafe(32)
    invite = Invite(
        company_id=actor.company_id, created_by_id=actor.user_id, role=role,
        email=normalise_email(email) or None, token_hash=token_hash(token), expires_at=now_utc() + ttl,
    )
    db.session.add(invite)
    record_event(actor.company_id, actor.user_id, "invite_created", {"role": role, "email": invite.email or "любой"})
    db.session.commit()
    return NewInvite(invite=invite, token=token)


def company_invites(company_id: int, limit: int = 20) -> list[Invite]:
    """The company's latest invites, newest first."""
    query = select(Invite).where(Invite.company_id == company_id).order_by(Invite.created.desc(), Invite.id.desc())
    return list(db.session.execute(query.limit(limit)).unique().scalars())


def revoke_invite(actor: Staff | None, invite_public_id: str) -> Invite:
    """Cancel an unused invite of the actor's company (committed)."""
    actor = require_director(actor)
    invite = db.session.execute(
        select(Invite).where(Invite.public_id == (invite_public_id or ""), Invite.company_id == actor.company_id)
    ).unique().scalar_one_or_none()
    if invite is None:
        raise ApiError(404, "Приглашение не найдено.")
    if invite_status(invite) == STATUS_ACTIVE:
        invite.revoked_at = now_utc()
        record_event(actor.company_id, actor.user_id, "invite_revoked", {"invite": invite.public_id, "role": invite.role})
    db.session.commit()
    return invite


def find_invite(token: str) -> Invite:
    """The invite a link points to, or a 404 (a token that never existed says nothing more)."""
    if not token or len(token) > 200:
        raise ApiError(404, "Приглашение не найдено. Проверьте, что ссылка скопирована целиком.")
    invite = db.session.execute(select(Invite).where(Invite.token_hash == token_hash(token))).unique().scalar_one_or_none()
    if invite is None:
        raise ApiError(404, "Приглашение не найдено. Проверьте, что ссылка скопирована целиком.")
    return invite


def check_usable(invite: Invite) -> None:
    """A used, expired or revoked link is refused with a message that says which (410 Gone)."""
    status = invite_status(invite)
    if status != STATUS_ACTIVE:
        raise ApiError(410, REFUSALS[status])


def check_invitee(invite: Invite, user: User) -> None:
    """An invite addressed to an e-mail is for that account only; one company per person.

    A provisional seat (the Работник place a claimant gets in the company their open claim is
    for) is no company yet: the invite is for exactly such a person, and accepting it withdraws
    the claim and frees that place. A director, or anyone seated for real, still gets 409.
    """
    if invite.email and invite.email != user.email:
        raise ApiError(403, f"Это приглашение отправлено на адрес {invite.email}. Войдите под этим адресом.")
    current = staff_of(user)
    if current is not None and provisional_seat(user) is None:
        if current.company_id == invite.company_id:
            raise ApiError(409, "Вы уже работаете в этой компании.")
        raise ApiError(409, "Вы уже состоите в другой компании. Сотрудник может работать только в одной компании.")


def _join(invite: Invite, user: User) -> Staff:
    """Mark the invite used and seat the user (not committed).

    The invite is marked used by a conditional UPDATE, so of two people opening the same
    link at once exactly one gets in.
    """
    now = now_utc()
    claimed = db.session.execute(
        update(Invite)
        .where(Invite.id == invite.id, Invite.used_at.is_(None), Invite.revoked_at.is_(None), Invite.expires_at > now)
        .values(used_at=now, used_by_id=user.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        db.session.refresh(invite)
        check_usable(invite)
        raise ApiError(410, REFUSALS[STATUS_USED])
    # Statements before the new row, so that autoflush cannot raise outside _commit_join.
    cancel_open_requests(user.id)
    leave_claim(user)
    record_event(invite.company_id, user.id, "invite_accepted", {"invite": invite.public_id, "role": invite.role})
    staff = Staff(user=user, company_id=invite.company_id, role=invite.role)
    db.session.add(staff)
    return staff


def _commit_join(invite: Invite) -> None:
    """Commit the join; if the person was seated elsewhere meanwhile, nothing is written."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ApiError(409, "Вы уже состоите в другой компании. Сотрудник может работать только в одной компании.") from None
    db.session.refresh(invite)


def accept_invite(token: str, user: User) -> Staff:
    """A logged-in user uses the link and joins the company in the invite's role (committed)."""
    invite = find_invite(token)
    check_usable(invite)
    check_invitee(invite, user)
    staff = _join(invite, user)
    _commit_join(invite)
    return staff


def register_from_invite(token: str, email: str, password: str, full_name: str, invite_path: str) -> str:
    """An anonymous holder of a link asks for an account to join with (committed); the address.

    Whether the address has an account is not said: a new one gets a registration link that
    leads back to the invite once confirmed, an existing one a note to log in and accept it
    (portal.sessions.signups). Neither path logs anyone in, so the answer is the same.
    """
    invite = find_invite(token)
    check_usable(invite)
    address = normalise_email(email)
    if invite.email and invite.email != address:
        raise field_error("email", f"Приглашение отправлено на адрес {invite.email}.")
    signups.start_signup(address, password, full_name, next_path=invite_path)
    return address
