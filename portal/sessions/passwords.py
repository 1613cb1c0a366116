"""Changing a password (with the current one) and resetting a forgotten one by an e-mailed link.

Both end the account's other logins: whoever knew the old password is out. A reset link is
random, kept as its SHA-256, works for an hour and only once.
"""
import secrets
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage

from flask import url_for
from sqlalchemy import select, update

from portal.audit.service import record_user_event
from portal.errors import ApiError, field_error
from portal.extensions import db
from portal.models import AccountMail, PasswordReset, User
from portal.sessions import logins, mail, tokens
from portal.staffing.accounts import authenticate, find_user, normalise_email, set_password
from portal.timeutil import now_utc

RESET_TTL = timedelta(hours=1)
INVALID_LINK = "Ссылка для сброса пароля недействительна: она уже использована, устарела или скопирована не целиком. Запросите новую."


@dataclass
class Changed:
    """What a password change ended besides the password itself."""

    logins_ended: int
    tokens_revoked: int


def change_password(user: User, current: str, new: str, keep_key: str | None, revoke_tokens: bool) -> Changed:
    """Replace the password after checking the current one (committed).

    Every other login of the account ends (the one with `keep_key` stays); API tokens are
    revoked too when the owner asks.
    """
    if authenticate(user.email, current or "") is None:
        raise field_error("current_password", "Неверный текущий пароль.")
    set_password(user, new)
    ended = logins.end_other_logins(user, keep_key)
    revoked = tokens.revoke_all(user) if revoke_tokens else 0
    record_user_event(user, "password_changed", {"logins_ended": ended, "tokens_revoked": revoked})
    db.session.commit()
    return Changed(ended, revoked)


def request_reset(email: str) -> None:
    """Queue a reset link if an active account has this address, else a note saying there is
    none (committed): one row and one e-mail either way, so the answer says nothing."""
    user = find_user(email)
    if user is None or not user.is_active:
        queued = mail.queue(mail.RESET_UNKNOWN, normalise_email(email))
    else:
        record_user_event(user, "password_reset_requested")
        queued = mail.queue(mail.RESET, user.email, user.id)
    db.session.commit()
    mail.send(queued)


def reset_message(queued: AccountMail) -> EmailMessage | None:
    """The reset link, made now (not committed): its hour starts when it is sent."""
    user = db.session.get(User, queued.ref_id)
    if user is None or not user.is_active:
        return None
    token = secrets.token_urlsafe(32)
    now = now_utc()
    db.session.add(PasswordReset(user_id=user.id, token_hash=logins.key_hash(token), created=now,
                                 expires_at=now + RESET_TTL))
    link = url_for("account.reset_password", token=token, _external=True)
    return mail.build(user.email, "Сброс пароля в B2B-портале", "sessions/email_reset.txt",
                      user=user, link=link, minutes=int(RESET_TTL.total_seconds() // 60))


def unknown_message(queued: AccountMail) -> EmailMessage:
    """The note to an address without an active account: nothing to reset; register, or ask again."""
    return mail.build(queued.recipient, "Сброс пароля в B2B-портале", "sessions/email_no_account.txt",
                      email=queued.recipient, register=url_for("auth.register", _external=True),
                      forgot=url_for("account.forgot_password", _external=True))


def _live_reset(token: str) -> PasswordReset | None:
    """The unused, unexpired reset a link points to."""
    if not token or len(token) > 200:
        return None
    return db.session.execute(
        select(PasswordReset).where(PasswordReset.token_hash == logins.key_hash(token),
                                    PasswordReset.used_at.is_(None), PasswordReset.expires_at > now_utc())
    ).unique().scalar_one_or_none()


def check_reset_link(token: str) -> User:
    """The account a working link resets, or 404 with a message saying what to do."""
    reset = _live_reset(token)
    if reset is None or not reset.user.is_active:
        raise ApiError(404, INVALID_LINK)
    return reset.user


def reset_password(token: str, new: str) -> User:
    """Set a new password from a link (committed): the link is spent and every login ends.

    The link is marked used by a conditional UPDATE, so of two submissions exactly one works.
    """
    user = check_reset_link(token)
    spent = db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.token_hash == logins.key_hash(token), PasswordReset.used_at.is_(None))
        .values(used_at=now_utc()).execution_options(synchronize_session=False)
    ).rowcount
    if spent != 1:
        db.session.rollback()
        raise ApiError(404, INVALID_LINK)
    set_password(user, new)
    ended = logins.end_other_logins(user)
    record_user_event(user, "password_reset", {"logins_ended": ended})
    db.session.commit()
    return user
