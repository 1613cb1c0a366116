"""One-time texts to sign with ЭЦП: random, stored as a SHA-256, short-lived, single use.

A challenge is bound to what it is for (`claim`, `link`, `login`), to the user who asked for it
(none for a login) and to the claim it proves. Using it, successfully or not, spends it: a
signature sent twice, or a captured one replayed, is refused.
"""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from portal.extensions import db
from portal.identity.errors import SignatureRefused
from portal.models.identity import EdsChallenge
from portal.timeutil import now_utc, to_almaty

PREFIX = "b2b-portal:"


@dataclass
class Challenge:
    """The text to sign (what NCALayer gets, Base64-encoded by the page) and until when."""

    text: str
    expires_at: datetime


def _hash(text: str) -> str:
    """What the database keeps of a challenge."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def issue_challenge(purpose: str, ttl_seconds: int, user_id: int | None = None, claim_id: int | None = None) -> Challenge:
    """A new challenge (committed)."""
    text = f"{PREFIX}{purpose}:{secrets.token_urlsafe(32)}"
    expires = now_utc() + timedelta(seconds=ttl_seconds)
    db.session.add(EdsChallenge(token_hash=_hash(text), purpose=purpose, user_id=user_id, claim_id=claim_id,
                                expires_at=expires))
    db.session.commit()
    return Challenge(text, expires)


def spend_challenge(text: str | None, purpose: str, user_id: int | None = None, claim_id: int | None = None) -> bytes:
    """Spend a challenge issued for this purpose, user and claim; its bytes, to compare with the signed ones.

    The UPDATE … WHERE used_at IS NULL lets exactly one of two simultaneous uses through.
    """
    if not text or not isinstance(text, str) or not text.startswith(PREFIX):
        raise SignatureRefused("Нет запроса на подпись: получите новый запрос на этой странице.")
    row = db.session.execute(select(EdsChallenge).where(EdsChallenge.token_hash == _hash(text))).scalar_one_or_none()
    if row is None or row.purpose != purpose or row.user_id != user_id or row.claim_id != claim_id:
        raise SignatureRefused("Запрос на подпись выдан не для этого действия: получите новый.")
    now = now_utc()
    spent = db.session.execute(
        update(EdsChallenge).where(EdsChallenge.id == row.id, EdsChallenge.used_at.is_(None)).values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if spent != 1:
        raise SignatureRefused("Этот запрос на подпись уже использован: получите новый.")
    if to_almaty(row.expires_at) < now:
        raise SignatureRefused("Запрос на подпись устарел: получите новый.")
    return text.encode("utf-8")
