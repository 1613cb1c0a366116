"""Accounts: passwords, registration and API tokens."""
import hashlib
import secrets

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from sqlalchemy import bindparam, select

from portal.extensions import db
from portal.models import ApiToken, User
from portal.timeutil import now_utc

# Argon2id with RFC 9106's low-memory profile (argon2-cffi's default: 64 MiB, 3 passes).
# Test runs use argon2-cffi's CHEAPEST profile, made for that purpose, so each of the
# hundreds of logins in the suite costs microseconds instead of a fifth of a second;
# `PASSWORD_HASH_PROFILE` ("default" or "cheapest") overrides the choice.
_HASHERS = {
    "default": PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY),
    "cheapest": PasswordHasher.from_parameters(profiles.CHEAPEST),
}
# Per profile, a hash to verify against when the account does not exist, so that the time
# an answer takes does not reveal which e-mails have accounts. Made on first use.
_DUMMY_HASHES: dict[str, str] = {}


def _profile() -> str:
    """Which Argon2 parameters this application uses."""
    if not has_app_context():
        return "default"
    config = current_app.config
    return config.get("PASSWORD_HASH_PROFILE") or ("cheapest" if config.get("TESTING") else "default")


def _hasher() -> PasswordHasher:
    """The Argon2 hasher of the current profile."""
    return _HASHERS[_profile()]


def _dummy_hash() -> str:
    """The stand-in hash for unknown accounts."""
    profile = _profile()
    if profile not in _DUMMY_HASHES:
        _DUMMY_HASHES[profile] = _HASHERS[profile].hash(secrets.token_hex(16))
    return _DUMMY_HASHES[profile]


def hash_password(password: str) -> str:
    """Hash a password with Argon2id."""
    return _hasher().hash(password)


def normalise_email(email: str) -> str:
    """E-mail addresses are compared case-insensitively."""
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    """The account with this e-mail, if any."""
    return db.session.execute(select(User).where(User.email == normalise_email(email))).scalar_one_or_none()


def authenticate(email: str, password: str) -> User | None:
    """Return the active user whose password matches, else None."""
    user = find_user(email)
    hasher = _hasher()
    try:
        hasher.verify(user.password_hash if user else _dummy_hash(), password or "")
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.is_active:
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def create_user(email: str, password: str, full_name: str = "", must_change_password: bool = False) -> User:
    """Add a user (the caller commits)."""
    user = User(
        email=normalise_email(email),
        full_name=full_name.strip(),
        password_hash=hash_password(password),
        must_change_password=must_change_password,
    )
    db.session.add(user)
    return user


def set_password(user: User, password: str) -> None:
    """Change a password and clear the must-change flag (the caller commits)."""
    user.password_hash = hash_password(password)
    user.must_change_password = False


def _token_hash(key: str) -> str:
    """Keys are long random strings, so a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(key.encode()).hexdigest()


def issue_token(user: User, name: str = "") -> str:
    """Create an API token for `user` and return the key (shown once, stored hashed)."""
    key = secrets.token_hex(20)
    db.session.add(ApiToken(user=user, key_hash=_token_hash(key), name=name))
    db.session.commit()
    return key


# Every API request runs this lookup: one indexed query (the user comes joined), built once.
_LIVE_TOKEN = select(ApiToken).where(ApiToken.key_hash == bindparam("key_hash"), ApiToken.revoked_at.is_(None))


def token_record(key: str) -> ApiToken | None:
    """The live token for a key, if any."""
    if not key or len(key) > 200:
        return None
    return db.session.execute(_LIVE_TOKEN, {"key_hash": _token_hash(key)}).scalar_one_or_none()


def revoke_token(key: str) -> bool:
    """Revoke a key; True when there was a live one."""
    token = token_record(key)
    if token is None:
        return False
    token.revoked_at = now_utc()
    db.session.commit()
    return True
