"""ЭЦП in the portal's flows: proving a claim, linking one's ИИН, logging in by signing.

Each flow hands out a challenge, then takes the text and the CMS back: the challenge is spent
first (single use), then `verify_signature` checks the CMS and the certificate; only then are
the certificate's facts (БИН, role, ИИН) read. Every refusal is a 400 on `signature` with the
reason in Russian, and nothing is seated or linked.
"""
from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.audit.service import record_event
from portal.extensions import db
from portal.identity.certs import Holder
from portal.identity.challenges import Challenge, issue_challenge, spend_challenge
from portal.identity.claiming import Settled, require_pending, settle
from portal.identity.errors import SignatureRefused
from portal.identity.signature import USAGE_ANY, USAGE_AUTH, verify_signature
from portal.models import User
from portal.models.identity import (
    METHOD_EDS_HEAD,
    METHOD_EDS_SIGNER,
    PURPOSE_CLAIM,
    PURPOSE_LINK,
    PURPOSE_LOGIN,
    EdsLink,
    IdentityClaim,
)
from portal.errors import field_error


def _ttl() -> int:
    """How long a challenge may wait for its signature."""
    return int(current_app.config["EDS_CHALLENGE_TTL_SECONDS"])


def _verified(text, cms, purpose: str, usage: str, user_id=None, claim_id=None) -> Holder:
    """Spend the challenge and verify the signature over it; a 400 on `signature` if anything fails."""
    try:
        expected = spend_challenge(text, purpose, user_id=user_id, claim_id=claim_id)
        return verify_signature(cms, expected, current_app.config, usage=usage)
    except SignatureRefused as exc:
        raise field_error("signature", exc.message) from None


def claim_challenge(claim: IdentityClaim) -> Challenge:
    """A challenge for proving this claim (committed)."""
    require_pending(claim)
    return issue_challenge(PURPOSE_CLAIM, _ttl(), user_id=claim.user_id, claim_id=claim.id)


def _company_role(holder: Holder, bin_value: str) -> str:
    """The proof method a company certificate gives, or a refusal saying what is wrong."""
    if not holder.is_legal_entity:
        raise SignatureRefused("Это сертификат физического лица: нужен сертификат юридического лица (компании).")
    if holder.bin != bin_value:
        raise SignatureRefused(f"Сертификат выдан для БИН {holder.bin or '—'}, а вы подтверждаете компанию с БИН {bin_value}.")
    if holder.is_first_head:
        return METHOD_EDS_HEAD
    if holder.may_sign:
        return METHOD_EDS_SIGNER
    raise SignatureRefused("Владелец сертификата — сотрудник без права подписи: нужен сертификат первого "
                           "руководителя или лица с правом подписи.")


def prove_by_eds(claim: IdentityClaim, text, cms) -> Settled:
    """Settle a claim with a company ЭЦП of its first head or a person with the right to sign."""
    require_pending(claim)
    holder = _verified(text, cms, PURPOSE_CLAIM, USAGE_ANY, user_id=claim.user_id, claim_id=claim.id)
    try:
        method = _company_role(holder, claim.company.bin)
    except SignatureRefused as exc:
        record_event(claim.company_id, claim.user_id, "company_proof_refused", {"reason": exc.message})
        db.session.commit()
        raise field_error("signature", exc.message) from None
    return settle(claim, method, holder.describe(), first_head=method == METHOD_EDS_HEAD)


def link_challenge(user: User) -> Challenge:
    """A challenge for linking the user's ИИН (committed)."""
    return issue_challenge(PURPOSE_LINK, _ttl(), user_id=user.id)


def linked_iin(user: User) -> EdsLink | None:
    """The user's linked ИИН, if any."""
    return db.session.execute(select(EdsLink).where(EdsLink.user_id == user.id)).scalar_one_or_none()


def link_iin(user: User, text, cms) -> EdsLink:
    """Link the ИИН of the AUTH certificate that signed the challenge to this account (committed)."""
    holder = _verified(text, cms, PURPOSE_LINK, USAGE_AUTH, user_id=user.id)
    taken = db.session.execute(select(EdsLink).where(EdsLink.iin == holder.iin)).scalar_one_or_none()
    if taken is not None and taken.user_id != user.id:
        raise field_error("signature", "Этот ИИН уже привязан к другому аккаунту.")
    link = linked_iin(user) or EdsLink(user_id=user.id)
    link.iin, link.holder = holder.iin, holder.describe()
    db.session.add(link)
    record_event(user.staff.company_id if user.staff else None, user.id, "eds_linked", {"iin": holder.iin})
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise field_error("signature", "Этот ИИН уже привязан к другому аккаунту.") from None
    return link


def login_challenge() -> Challenge:
    """A challenge for logging in (committed); bound to nobody until it is signed."""
    return issue_challenge(PURPOSE_LOGIN, _ttl())


def login_by_eds(text, cms) -> User:
    """The active account linked to the ИИН of the AUTH certificate that signed the challenge."""
    holder = _verified(text, cms, PURPOSE_LOGIN, USAGE_AUTH)
    link = db.session.execute(select(EdsLink).where(EdsLink.iin == holder.iin)).scalar_one_or_none()
    if link is None or not link.user.is_active:
        record_event(None, None, "login_failed", {"method": "eds", "iin": holder.iin})
        db.session.commit()
        raise field_error("signature", f"ИИН {holder.iin} не привязан ни к одному аккаунту: войдите с паролем "
                                       "и привяжите ЭЦП на странице «Вход по ЭЦП».")
    # The login itself is logged (and committed) by the session it starts (start_session).
    return link.user
