"""Webhook signing secrets at rest: sealed with Fernet (AES-128-CBC and HMAC-SHA256, from the
`cryptography` package), so a copy of the database (a backup, a replica, a leaked dump) cannot
forge deliveries. The secret must be readable again to sign with (a hash cannot sign), hence
encryption rather than hashing.

The Fernet key is derived (HKDF-SHA256, a purpose label of its own) from WEBHOOKS_SECRET_KEY, or
from SECRET_KEY when that is unset, so the same material never serves two purposes as is.
After a change of key the old material goes into WEBHOOKS_OLD_SECRET_KEYS: secrets sealed
under it are still read, and `flask webhooks-reseal` seals them all under the new one.
"""
import base64
from typing import Mapping

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

PURPOSE = b"portal/webhooks/signing-secret/v1"


def derive_key(material: str) -> bytes:
    """A Fernet key (url-safe base64 of 32 bytes) from any secret string."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(material.encode())
    return base64.urlsafe_b64encode(raw)


def _materials(config: Mapping) -> list[str]:
    current = config.get("WEBHOOKS_SECRET_KEY") or config.get("SECRET_KEY")
    if not current:
        raise RuntimeError("SECRET_KEY (or WEBHOOKS_SECRET_KEY) is needed to seal webhook secrets")
    old = config.get("WEBHOOKS_OLD_SECRET_KEYS") or ()
    if isinstance(old, str):  # from the environment: comma-separated
        old = [item.strip() for item in old.split(",")]
    return [current, *[item for item in old if item]]


def box(config: Mapping | None = None) -> MultiFernet:
    """Seals with the current key, opens with the current or any old one."""
    return MultiFernet([Fernet(derive_key(m)) for m in _materials(config or current_app.config)])


def seal(secret: str, config: Mapping | None = None) -> str:
    """What is stored for `secret`."""
    return box(config).encrypt(secret.encode()).decode("ascii")


def reveal(sealed: str, config: Mapping | None = None) -> str:
    """The secret stored as `sealed`; a RuntimeError saying what to check if no key opens it."""
    try:
        return box(config).decrypt(sealed.encode("ascii")).decode()
    except InvalidToken:
        raise RuntimeError("webhook secret sealed under another key: set WEBHOOKS_OLD_SECRET_KEYS "
                           "to the SECRET_KEY/WEBHOOKS_SECRET_KEY it was sealed with") from None


def reseal(sealed: str, config: Mapping | None = None) -> str:
    """`sealed` under the current key (unchanged secret)."""
    return box(config).rotate(sealed.encode("ascii")).decode("ascii")
