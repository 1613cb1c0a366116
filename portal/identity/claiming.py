"""Claims to act for a company, and what a proof does with them.

Typing a BIN opens a claim «ожидает подтверждения»; it seats nobody as director. The first
claimant of a company nobody works for gets a provisional seat (Работник of an unproven
company) so they can build drafts. A proof settles the claim:
- ЭЦП of the first head: Директор, always;
- ЭЦП of a person with the right to sign, or a code sent to a listed address: Директор when the
  proven company has no director, else a request to that director;
- the director's approval of such a request (as before) seats a Работник.
When a company becomes proven, directors seated before any proof existed (legacy seats)
become Работник, and other claimants' provisional seats turn into requests to the new director:
an unproven seat must not outrank a proven one.
"""
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.audit.service import record_event
from portal.extensions import db
from portal.identity.proofs import is_proven, record_proof
from portal.models import ROLE_DIRECTOR, ROLE_WORKER, Company, JoinRequest, Staff, User
from portal.models.identity import CLAIM_CANCELLED, CLAIM_PENDING, CLAIM_PROVEN, CLAIM_REQUESTED, IdentityClaim
from portal.models.staffing import REQUEST_PENDING
from portal.staffing.claims import cancel_open_requests, clean_bin, company_by_bin
from portal.timeutil import now_utc
from portal.errors import ApiError, field_error

PROOF_NOTES = {
    "eds_signer": "Подтверждено ЭЦП лица с правом подписи.",
    "email": "Подтверждено кодом с адреса компании из справочника.",
}
OUTCOME_DIRECTOR = "director"
OUTCOME_REQUESTED = "requested"
CLAIM_LABELS = {
    CLAIM_PENDING: "Ожидает подтверждения",
    CLAIM_PROVEN: "Подтверждена",
    CLAIM_REQUESTED: "Передана директору",
    CLAIM_CANCELLED: "Отменена",
}


@dataclass
class Settled:
    """What a proof led to: a director's seat, or a request waiting for the director."""

    outcome: str
    claim: IdentityClaim
    staff: Staff | None = None
    request: JoinRequest | None = None


def _staff(user_id: int) -> Staff | None:
    """The user's position, if any."""
    return db.session.execute(select(Staff).where(Staff.user_id == user_id)).unique().scalar_one_or_none()


def pending_claim(user: User) -> IdentityClaim | None:
    """The user's open claim, if any."""
    return db.session.execute(
        select(IdentityClaim).where(IdentityClaim.user_id == user.id, IdentityClaim.status == CLAIM_PENDING)
    ).unique().scalar_one_or_none()


def open_claim(user: User, company: Company, message: str = "") -> IdentityClaim:
    """Claim `company` for `user` (committed); their earlier open claim elsewhere is withdrawn."""
    current = _staff(user.id)
    if current is not None and current.company_id != company.id:
        raise field_error("bin", f"Вы уже состоите в компании «{current.company.company_name}». "
                                 "Сотрудник может работать только в одной компании.")
    if current is not None and is_proven(company.id):
        raise field_error("bin", "Вы уже в этой компании, и она подтверждена.")
    existing = pending_claim(user)
    if existing is not None and existing.company_id == company.id:
        return existing
    if existing is not None:
        existing.status, existing.decided_at = CLAIM_CANCELLED, now_utc()
        db.session.flush()
    claim = IdentityClaim(user_id=user.id, company_id=company.id, status=CLAIM_PENDING,
                          message=(message or "").strip()[:500])
    db.session.add(claim)
    nobody_there = db.session.execute(select(Staff.id).where(Staff.company_id == company.id).limit(1)).first() is None
    if current is None and nobody_there:
        db.session.add(Staff(user_id=user.id, company_id=company.id, role=ROLE_WORKER))
    record_event(company.id, user.id, "company_claimed", {"bin": company.bin})
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ApiError(409, "Заявка уже отправлена: обновите страницу.") from None
    return claim


def start_claim(user: User, raw_bin: str | None, message: str = "") -> IdentityClaim:
    """Claim the company a typed BIN names (committed): 400 on `bin` for a bad or unknown BIN."""
    return open_claim(user, company_by_bin(clean_bin(raw_bin)), message)


def find_claim(user: User, public_id: str) -> IdentityClaim:
    """The user's own claim by its id; anyone else's is a 404."""
    claim = db.session.execute(
        select(IdentityClaim).where(IdentityClaim.public_id == (public_id or ""), IdentityClaim.user_id == user.id)
    ).unique().scalar_one_or_none()
    if claim is None:
        raise ApiError(404, "Заявка не найдена.")
    return claim


def require_pending(claim: IdentityClaim) -> IdentityClaim:
    """A claim still waiting for its proof."""
    if claim.status != CLAIM_PENDING:
        raise ApiError(409, f"Заявка уже закрыта: {CLAIM_LABELS[claim.status].lower()}.")
    return claim


def proven_directors(company_id: int) -> list[Staff]:
    """The company's directors, if the company is proven (an unproven seat does not count)."""
    if not is_proven(company_id):
        return []
    return list(db.session.execute(
        select(Staff).where(Staff.company_id == company_id, Staff.role == ROLE_DIRECTOR)
    ).unique().scalars())


def _lock_company(company_id: int) -> None:
    """PostgreSQL: two proofs of one company at once settle one after the other."""
    db.session.execute(select(Company.id).where(Company.id == company_id).with_for_update()).all()


def settle(claim: IdentityClaim, method: str, detail: str, first_head: bool = False) -> Settled:
    """Apply a verified proof to a pending claim (committed)."""
    _lock_company(claim.company_id)
    require_pending(claim)
    user = claim.user
    seat = _staff(user.id)
    directors = proven_directors(claim.company_id)
    already_director = seat is not None and seat.company_id == claim.company_id and seat.is_director
    if directors and not first_head and not already_director:
        return _hand_to_director(claim, method, seat)
    if seat is not None and seat.company_id != claim.company_id:
        raise ApiError(409, "Вы уже состоите в другой компании.")
    if not directors:
        _displace_unproven(claim)
    if seat is None:
        seat = Staff(user_id=user.id, company_id=claim.company_id, role=ROLE_DIRECTOR)
        db.session.add(seat)
    seat.role = ROLE_DIRECTOR
    record_proof(claim.company_id, method, user.id, detail)
    claim.status, claim.method, claim.decided_at = CLAIM_PROVEN, method, now_utc()
    cancel_open_requests(user.id)
    record_event(claim.company_id, user.id, "company_proven", {"method": method, "detail": detail})
    db.session.commit()
    return Settled(OUTCOME_DIRECTOR, claim, staff=seat)


def _hand_to_director(claim: IdentityClaim, method: str, seat: Staff | None) -> Settled:
    """A proven company with a director: the proof becomes a request the director decides."""
    if seat is not None and seat.company_id != claim.company_id:
        raise ApiError(409, "Вы уже состоите в другой компании.")
    claim.status, claim.method, claim.decided_at = CLAIM_REQUESTED, method, now_utc()
    request = _join_request(claim.user_id, claim.company_id, claim.message or PROOF_NOTES.get(method, ""))
    record_event(claim.company_id, claim.user_id, "company_claim_requested", {"method": method})
    db.session.commit()
    return Settled(OUTCOME_REQUESTED, claim, request=request)


def _join_request(user_id: int, company_id: int, message: str) -> JoinRequest:
    """The open request of this person to this company, made if missing (not committed)."""
    request = db.session.execute(
        select(JoinRequest).where(JoinRequest.user_id == user_id, JoinRequest.company_id == company_id,
                                  JoinRequest.status == REQUEST_PENDING)
    ).unique().scalar_one_or_none()
    if request is None:
        request = JoinRequest(user_id=user_id, company_id=company_id, message=message[:500])
        db.session.add(request)
        db.session.flush()
    return request


def _displace_unproven(claim: IdentityClaim) -> None:
    """Seats taken before the company was proven give way to the proven claimant (not committed)."""
    others = db.session.execute(
        select(Staff).where(Staff.company_id == claim.company_id, Staff.user_id != claim.user_id)
    ).unique().scalars()
    for seat in list(others):
        if seat.is_director:
            seat.role = ROLE_WORKER
            record_event(claim.company_id, seat.user_id, "role_changed",
                         {"role": ROLE_WORKER, "reason": "компания подтверждена другим человеком"})
            continue
        rival = db.session.execute(
            select(IdentityClaim).where(IdentityClaim.user_id == seat.user_id, IdentityClaim.company_id == claim.company_id,
                                        IdentityClaim.status == CLAIM_PENDING)
        ).unique().scalar_one_or_none()
        if rival is not None:
            rival.status, rival.decided_at = CLAIM_REQUESTED, now_utc()
            db.session.delete(seat)
            db.session.flush()
            _join_request(seat.user_id, claim.company_id, "Заявка до подтверждения компании")


def ask_director(claim: IdentityClaim, message: str = "") -> Settled:
    """Proof by the company's director: the claim becomes a join request to them (committed)."""
    require_pending(claim)
    if not proven_directors(claim.company_id):
        raise ApiError(409, "У компании нет подтверждённого директора на портале: подтвердите её ЭЦП или кодом.")
    seat = _staff(claim.user_id)
    claim.status, claim.method, claim.decided_at = CLAIM_REQUESTED, "director", now_utc()
    if seat is not None and seat.company_id != claim.company_id:
        raise ApiError(409, "Вы уже состоите в другой компании.")
    request = _join_request(claim.user_id, claim.company_id, message or claim.message)
    db.session.commit()
    return Settled(OUTCOME_REQUESTED, claim, request=request)


def provisional_seat(user: User) -> Staff | None:
    """A Работник seat in the company the user's open claim is for: the place a claimant gets to
    build drafts while the claim waits for its proof (open_claim), not a job elsewhere."""
    claim = pending_claim(user)
    seat = _staff(user.id)
    if seat is None or claim is None or seat.company_id != claim.company_id or seat.is_director:
        return None
    return seat


def leave_claim(user: User) -> None:
    """The claimant goes elsewhere (an invite): the open claim is withdrawn and its provisional
    seat freed (not committed; flushed, so that the new seat can be added next)."""
    claim, seat = pending_claim(user), provisional_seat(user)
    if claim is None:
        return
    claim.status, claim.decided_at = CLAIM_CANCELLED, now_utc()
    record_event(claim.company_id, user.id, "company_claim_cancelled", {"reason": "принято приглашение в другую компанию"})
    if seat is not None:
        db.session.delete(seat)
    db.session.flush()


def cancel_claim(claim: IdentityClaim) -> IdentityClaim:
    """The claimant withdraws; a provisional seat of an unproven company goes with the claim (committed)."""
    require_pending(claim)
    claim.status, claim.decided_at = CLAIM_CANCELLED, now_utc()
    seat = _staff(claim.user_id)
    if seat is not None and seat.company_id == claim.company_id and not seat.is_director and not is_proven(claim.company_id):
        db.session.delete(seat)
    db.session.commit()
    return claim
