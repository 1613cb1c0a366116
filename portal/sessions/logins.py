"""Logins kept on the server: the cookie holds `<public id>:<key>`, the table the key's hash.

Every cookie request is checked against the table in the same single query that loads the
user (`live_user`), so ending a row ends that login for every copy of its cookies, the
«remember me» one included.
"""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, select, update

from portal.audit.service import record_event, record_user_event
from portal.extensions import db
from portal.models import LoginSession, User
from portal.staffing.accounts import find_user, normalise_email
from portal.timeutil import now_utc

SEPARATOR = ":"
MAX_COOKIE_ID = 120


def key_hash(key: str) -> str:
    """Keys are long and random: SHA-256 is enough to store them."""
    return hashlib.sha256(key.encode()).hexdigest()


def _lifetime(remember: bool) -> timedelta:
    """How long a login may live: the remember-me cookie's duration, or the session's."""
    config = current_app.config
    if remember:
        duration = config.get("REMEMBER_COOKIE_DURATION") or timedelta(days=365)
        return duration if isinstance(duration, timedelta) else timedelta(seconds=int(duration))
    return current_app.permanent_session_lifetime


def start_login(user: User, remember: bool, ip: str = "", user_agent: str = "", method: str = "password") -> str:
    """Open a login for `user` (committed, with its audit event) and return its key, which only the cookie keeps."""
    key = secrets.token_urlsafe(32)
    now = now_utc()
    db.session.add(LoginSession(user_id=user.id, key_hash=key_hash(key), remembered=remember, created=now,
                                expires_at=now + _lifetime(remember), ip=(ip or "")[:45],
                                user_agent=(user_agent or "")[:200]))
    record_user_event(user, "login", {"method": method, "remember": bool(remember)})
    db.session.commit()
    return key


def record_failed_login(email: str, via: str) -> None:
    """A wrong password (or unknown address), filed under the account's company if the account exists (committed)."""
    user = find_user(email or "")
    address = normalise_email(email or "")[:254]
    if user is not None:
        record_user_event(user, "login_failed", {"email": address, "via": via})
    else:
        record_event(None, None, "login_failed", {"email": address, "via": via})
    db.session.commit()


def cookie_id(user: User, key: str) -> str:
    """What Flask-Login keeps in the session and the remember-me cookie."""
    return f"{user.public_id}{SEPARATOR}{key}"


def split_cookie_id(value: str) -> tuple[str, str] | None:
    """(public id, key) from a cookie's id; None for anything else (ids from before this change)."""
    if not value or len(value) > MAX_COOKIE_ID:
        return None
    public_id, sep, key = value.partition(SEPARATOR)
    if not sep or not public_id or not key:
        return None
    return public_id, key


# Run on every cookie request: one indexed lookup by the key's hash, the user joined.
_LIVE = (
    select(User)
    .join(LoginSession, LoginSession.user_id == User.id)
    .where(LoginSession.key_hash == bindparam("key_hash"), User.public_id == bindparam("public_id"),
           LoginSession.ended_at.is_(None), LoginSession.expires_at > bindparam("now"))
)


def live_user(public_id: str, key: str) -> User | None:
    """The user of a login that has not ended nor expired."""
    return db.session.execute(
        _LIVE, {"key_hash": key_hash(key), "public_id": public_id, "now": now_utc()}
    ).unique().scalar_one_or_none()


def end_login(key: str | None) -> None:
    """End one login (committed); an unknown or ended key changes nothing."""
    if key:
        db.session.execute(update(LoginSession).where(LoginSession.key_hash == key_hash(key),
                                                      LoginSession.ended_at.is_(None)).values(ended_at=now_utc()))
    db.session.commit()


def end_other_logins(user: User, keep_key: str | None = None) -> int:
    """End every login of `user` but the one with `keep_key` (not committed); returns how many."""
    query = update(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
    if keep_key:
        query = query.where(LoginSession.key_hash != key_hash(keep_key))
    return db.session.execute(query.values(ended_at=now_utc()).execution_options(synchronize_session=False)).rowcount


@dataclass
class LiveLogin:
    """A login as the «Безопасность» page lists it."""

    row: LoginSession
    current: bool


def live_logins(user: User, current_key: str | None) -> list[LiveLogin]:
    """The user's logins that are still open, newest first, the current one marked."""
    rows = db.session.execute(
        select(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None),
                                   LoginSession.expires_at > now_utc())
        .order_by(LoginSession.created.desc(), LoginSession.id.desc()).limit(50)
    ).unique().scalars()
    current_hash = key_hash(current_key) if current_key else None
    return [LiveLogin(row=row, current=row.key_hash == current_hash) for row in rows]
