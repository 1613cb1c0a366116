"""API tokens as their owner manages them: named, listed with their last use, revoked one by one.

Keys are made and looked up by `portal.staffing.accounts` (stored as SHA-256); this module
adds what the «API-токены» page and the request check need.
"""
from datetime import timedelta

from sqlalchemy import select, update

from portal.audit.service import record_user_event
from portal.errors import ApiError, field_error
from portal.extensions import db
from portal.models import ApiToken, User
from portal.staffing.accounts import issue_token, token_record
from portal.timeutil import now_utc

MAX_NAME = 100
# The last use is recorded to the minute: one UPDATE a minute per busy token, not one per call.
LAST_USE_STEP = timedelta(minutes=1)


def live_token(key: str) -> ApiToken | None:
    """The live token for a key, its last use brought up to date (committed when changed)."""
    token = token_record(key)
    if token is None:
        return None
    now = now_utc()
    last = token.last_used_at
    if last is None or (last if last.tzinfo else last.replace(tzinfo=now.tzinfo)) <= now - LAST_USE_STEP:
        db.session.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now)
                           .execution_options(synchronize_session=False))
        db.session.commit()
        token.last_used_at = now
    return token


def check_name(name) -> str:
    """A token's name: what the owner will recognise it by (required, up to 100 characters)."""
    if not isinstance(name, str) or not name.strip():
        raise field_error("name", "Обязательное поле.")
    if len(name.strip()) > MAX_NAME:
        raise field_error("name", f"Не длиннее {MAX_NAME} символов.")
    return name.strip()


def create_token(user: User, name) -> tuple[ApiToken, str]:
    """A new named token of `user` (committed); the key is returned once and never again."""
    name = check_name(name)
    key = issue_token(user, name)
    token = token_record(key)
    record_user_event(user, "token_created", {"name": name, "token": token.public_id})
    db.session.commit()
    return token, key


def user_tokens(user: User) -> list[ApiToken]:
    """The user's live tokens, newest first."""
    return list(db.session.execute(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.created.desc(), ApiToken.id.desc())
    ).unique().scalars())


def revoke_by_id(user: User, public_id: str) -> ApiToken:
    """Revoke one of the user's own tokens (committed); anyone else's is a 404."""
    token = db.session.execute(
        select(ApiToken).where(ApiToken.public_id == (public_id or ""), ApiToken.user_id == user.id,
                               ApiToken.revoked_at.is_(None))
    ).unique().scalar_one_or_none()
    if token is None:
        raise ApiError(404, "Токен не найден.")
    token.revoked_at = now_utc()
    record_user_event(user, "token_revoked", {"name": token.name, "token": token.public_id})
    db.session.commit()
    return token


def revoke_all(user: User) -> int:
    """Revoke every live token of the user (not committed); returns how many."""
    return db.session.execute(
        update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now_utc()).execution_options(synchronize_session=False)
    ).rowcount
