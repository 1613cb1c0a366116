"""Signatures of webhook deliveries: `X-Portal-Signature: t=<unix time>,v1=<hex>` where the hex is
HMAC-SHA256(secret, f"{t}.{body}"). The time inside the signed text lets a receiver refuse a
replayed delivery (older than a few minutes); the receiver's side is VERIFY_SNIPPET, which the
documentation prints and a test runs as it is printed."""
import hashlib
import hmac
import secrets
import time

HEADER = "X-Portal-Signature"


def new_secret() -> str:
    """A fresh endpoint secret (`whsec_` and 32 random bytes in hex)."""
    return "whsec_" + secrets.token_hex(32)


def signature(secret: str, timestamp: int, body: str) -> str:
    """The header's value for this body at this time."""
    digest = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def sign_now(secret: str, body: str) -> str:
    """The header's value for a delivery sent now."""
    return signature(secret, int(time.time()), body)


VERIFY_SNIPPET = '''\
import hashlib, hmac, time

def verify(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """True if `header` (X-Portal-Signature) signs `body` (the raw request body) with `secret`."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    timestamp, received = parts.get("t", ""), parts.get("v1", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
        return False
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, received)
'''
