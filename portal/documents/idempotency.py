"""`Idempotency-Key` on `POST /smart_doc/documents/`: the first answer for a key, for 24 hours.

Kept in the database per company (so every worker process sees it and one tenant's key never
answers another's). The first request claims the key (a committed row), issues, and stores its
answer; a concurrent request with the same key waits for that answer instead of issuing. Only
successful answers are kept: a refused request changed nothing, so the key is freed and the
request may be sent again.
"""
import json
import re
import time
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.errors import field_error
from portal.extensions import db
from portal.models import IdempotencyKey
from portal.timeutil import now_utc

TTL = timedelta(hours=24)
HEADER = "Idempotency-Key"
KEY_RE = re.compile(r"^[\x21-\x7e]{1,200}$")
PENDING = 0
# How long a request waits for a concurrent one with the same key (an issue takes well under a second).
WAIT_SECONDS = 30


def clean_key(raw: str | None) -> str | None:
    """The header's key (1-200 visible ASCII characters), None without one; a 400 naming the header otherwise."""
    if raw is None:
        return None
    key = raw
    if not KEY_RE.match(key):
        raise field_error(HEADER, "Ключ — от 1 до 200 видимых ASCII-символов (например, UUID).")
    return key


def stored_answer(company_id: int, key: str) -> IdempotencyKey | None:
    """The row kept for the key if it is younger than 24 hours (status 0: still being answered)."""
    db.session.expire_all()
    return db.session.execute(
        select(IdempotencyKey).where(IdempotencyKey.company_id == company_id, IdempotencyKey.key == key,
                                     IdempotencyKey.created > now_utc() - TTL)
    ).scalar_one_or_none()


def claim(company_id: int, key: str) -> bool:
    """Take the key for this request (True), or learn that an earlier request holds it (False).

    The row is committed at once with status 0, so a concurrent request with the same key sees
    it and waits for its answer instead of issuing again.
    """
    session = db.session
    session.execute(delete(IdempotencyKey).where(IdempotencyKey.company_id == company_id, IdempotencyKey.key == key,
                                                 IdempotencyKey.created <= now_utc() - TTL))
    insert_for = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    result = session.execute(
        insert_for(IdempotencyKey.__table__)
        .values(company_id=company_id, key=key, status=PENDING, body="", location="", created=now_utc())
        .on_conflict_do_nothing(index_elements=["company_id", "key"])
        .returning(IdempotencyKey.__table__.c.id)
    )
    claimed = result.scalar() is not None  # a row comes back only when this request inserted it
    session.commit()
    return claimed


def fill(company_id: int, key: str, status: int, body: dict, location: str = "") -> IdempotencyKey:
    """Keep the answer of the request that claimed the key."""
    db.session.execute(
        update(IdempotencyKey).where(IdempotencyKey.company_id == company_id, IdempotencyKey.key == key)
        .values(status=status, body=json.dumps(body, ensure_ascii=False), location=location or "")
    )
    db.session.commit()
    return stored_answer(company_id, key)


def release(company_id: int, key: str) -> None:
    """Free the key after a refused or failed request: nothing was issued, so it may be sent again."""
    db.session.rollback()
    db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.company_id == company_id, IdempotencyKey.key == key,
                                                    IdempotencyKey.status == PENDING))
    db.session.commit()


def wait_for_answer(company_id: int, key: str) -> IdempotencyKey | None:
    """The answer of the request holding the key, once it has one (None: it failed or took too long)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        kept = stored_answer(company_id, key)
        db.session.rollback()  # end the read so the next poll sees the other request's commit
        if kept is None or kept.status != PENDING:
            return kept
        time.sleep(0.05)
    return None
