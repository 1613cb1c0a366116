"""Proof by a code sent to an address the directory lists for the company.

The claimant picks one of the company's listed addresses (shown masked) and never types one.
The code has 6 digits, is kept as an HMAC under the secret key, works for 15 minutes and
for 5 tries; codes per user and per company per hour are counted in the database, so the limits
hold across workers without Redis.

The e-mail goes through the queue and its retries like every account e-mail (an `AccountMail`
of kind `claim_code`, portal.sessions.mail). The code itself is made when the message is
composed, at each attempt: the row keeps only the HMAC of the code last composed, so no plain
code ever reaches the database and a retry needs none. A retry makes a new code with a fresh
lifetime; a code already retired (a newer one asked for), spent or out of tries is not sent.
"""
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import func, select, update

from portal.audit.service import record_event
from portal.extensions import db
from portal.identity.claiming import Settled, require_pending, settle
from portal.models import AccountMail, Email
from portal.sessions import mail
from portal.models.identity import CLAIM_PENDING, METHOD_EMAIL, EmailCode, IdentityClaim
from portal.timeutil import now_utc, to_almaty
from portal.errors import ApiError, field_error


def mask(address: str) -> str:
    """`buh@evrazia.kz` → `b**@evrazia.kz`: enough to recognise, not to harvest."""
    local, _, domain = address.strip().partition("@")
    if not domain:
        return local[:1] + "***"
    return f"{local[:1]}{'*' * max(2, len(local) - 1)}@{domain}"


def listed_addresses(company_id: int) -> list[Email]:
    """The directory's addresses of the company that look like e-mail addresses."""
    rows = db.session.execute(select(Email).where(Email.company_id == company_id).order_by(Email.id)).unique().scalars()
    return [row for row in rows if "@" in (row.email or "")]


@dataclass(frozen=True)
class Choice:
    """A listed address as the claimant sees it: its id to pick and its masked form."""

    public_id: str
    masked: str


def address_choices(company_id: int) -> list[Choice]:
    """The addresses a claimant may have a code sent to, masked."""
    return [Choice(row.public_id, mask(row.email)) for row in listed_addresses(company_id)]


def _digest(claim: IdentityClaim, code: str) -> str:
    """The stored form of a code: bound to the claim, useless without the secret key."""
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    return hmac.new(key, f"{claim.public_id}:{code}".encode(), hashlib.sha256).hexdigest()


def _sent_since(column, value, since) -> int:
    """Codes sent in the last hour for this user or company."""
    return db.session.execute(
        select(func.count()).select_from(EmailCode).where(column == value, EmailCode.created >= since)
    ).scalar_one()


def _check_limits(claim: IdentityClaim, now) -> None:
    """429 when this person, or anyone for this company, asked for too many codes this hour."""
    config = current_app.config
    since = now - timedelta(hours=1)
    if _sent_since(EmailCode.user_id, claim.user_id, since) >= int(config["CLAIM_CODES_PER_USER_HOUR"]):
        raise ApiError(429, "Слишком много кодов за час: попробуйте позже.")
    if _sent_since(EmailCode.company_id, claim.company_id, since) >= int(config["CLAIM_CODES_PER_COMPANY_HOUR"]):
        raise ApiError(429, "Для этой компании запрошено слишком много кодов за час: попробуйте позже.")


def _ttl() -> timedelta:
    return timedelta(minutes=int(current_app.config["CLAIM_CODE_TTL_MINUTES"]))


def code_message(queued: AccountMail) -> EmailMessage | None:
    """The e-mail of an attempt with a code made now (not committed): its HMAC replaces the one
    before, and it works CLAIM_CODE_TTL_MINUTES from now. None when the code no longer may be."""
    row = db.session.get(EmailCode, queued.ref_id)
    if row is None or row.used_at is not None or row.attempts >= int(current_app.config["CLAIM_CODE_TRIES"]):
        return None
    claim = db.session.get(IdentityClaim, row.claim_id)
    if claim is None or claim.status != CLAIM_PENDING:
        return None
    code = f"{secrets.randbelow(10 ** 6):06d}"
    row.code_hash, row.expires_at = _digest(claim, code), now_utc() + _ttl()
    return mail.build(queued.recipient, f"Код подтверждения компании: {code}", "identity/code_email.txt",
                      claim=claim, code=code, expires=to_almaty(row.expires_at))


def send_code(claim: IdentityClaim, email_public_id: str | None) -> EmailCode:
    """Queue the e-mail of a new code to one of the claimed company's listed addresses (committed);
    the queue's worker makes the code when it sends (`code_message`)."""
    require_pending(claim)
    listed = {row.public_id: row for row in listed_addresses(claim.company_id)}
    if not listed:
        raise field_error("email", "В справочнике нет адреса этой компании: подтвердите её ЭЦП.")
    target = listed.get(email_public_id or "")
    if target is None:
        raise field_error("email", "Выберите адрес из списка.")
    now = now_utc()
    _check_limits(claim, now)
    # A new code retires the ones before it: only the latest e-mail's code works.
    db.session.execute(update(EmailCode).where(EmailCode.claim_id == claim.id, EmailCode.used_at.is_(None))
                       .values(used_at=now).execution_options(synchronize_session=False))
    # Until the first attempt composes the e-mail, the row's HMAC is of a code nobody has.
    row = EmailCode(claim_id=claim.id, user_id=claim.user_id, company_id=claim.company_id, email_id=target.id,
                    masked=mask(target.email), code_hash=_digest(claim, secrets.token_hex(16)), attempts=0,
                    created=now, expires_at=now + _ttl())
    db.session.add(row)
    db.session.flush()
    queued = mail.queue(mail.CLAIM_CODE, target.email, row.id)
    record_event(claim.company_id, claim.user_id, "company_code_sent", {"to": row.masked})
    db.session.commit()
    mail.send(queued)
    return row


def latest_code(claim: IdentityClaim) -> EmailCode | None:
    """The code that works now, if any."""
    return db.session.execute(
        select(EmailCode).where(EmailCode.claim_id == claim.id, EmailCode.used_at.is_(None))
        .order_by(EmailCode.id.desc()).limit(1)
    ).unique().scalar_one_or_none()


def check_code(claim: IdentityClaim, raw: str | None) -> Settled:
    """Settle the claim with the right code; count a wrong one (committed either way)."""
    require_pending(claim)
    code = "".join((raw or "").split())
    if not (code.isascii() and code.isdigit() and len(code) == 6):
        raise field_error("code", "Код — 6 цифр из письма.")
    row = latest_code(claim)
    now = now_utc()
    tries = int(current_app.config["CLAIM_CODE_TRIES"])
    if row is None or to_almaty(row.expires_at) < now or row.attempts >= tries:
        raise field_error("code", "Код устарел или попытки кончились: запросите новый код.")
    # Count the try before comparing, in its own UPDATE, so parallel guesses cannot exceed the limit.
    counted = db.session.execute(
        update(EmailCode).where(EmailCode.id == row.id, EmailCode.attempts < tries, EmailCode.used_at.is_(None))
        .values(attempts=EmailCode.attempts + 1).execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if counted != 1:
        raise field_error("code", "Код устарел или попытки кончились: запросите новый код.")
    if not hmac.compare_digest(row.code_hash, _digest(claim, code)):
        db.session.refresh(row)
        left = tries - row.attempts
        record_event(claim.company_id, claim.user_id, "company_proof_refused", {"method": METHOD_EMAIL})
        db.session.commit()
        if left <= 0:
            raise field_error("code", "Неверный код. Попытки кончились: запросите новый код.")
        raise field_error("code", f"Неверный код. Осталось попыток: {left}.")
    row.used_at = now
    return settle(claim, METHOD_EMAIL, f"код на {row.masked}")
