"""`Idempotency-Key` on `POST /smart_doc/documents/`: the first answer for a key, for 24 hours.

Kept in the database per company (so every worker process sees it and one tenant's key never
answers another's). Only successful answers are kept: a refused request changed nothing, so
sending it again with the same key is tried again. Two requests racing with one key both issue
through portal.documents.once (one number), and both answer the body stored first.
"""
import json
import re
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.extensions import db
from portal.models import IdempotencyKey
from portal.timeutil import now_utc
from portal.web.errors import field_error

TTL = timedelta(hours=24)
HEADER = "Idempotency-Key"
KEY_RE = re.compile(r"^[\x21-\x7e]{1,200}$")


def clean_key(raw: str | None) -> str | None:
    """The header's key (1-200 visible ASCII characters), None without one; a 400 naming the header otherwise."""
    if raw is None:
        return None
    key = raw.strip()
    if not KEY_RE.match(key):
        raise field_error(HEADER, "Ключ — от 1 до 200 видимых ASCII-символов (например, UUID).")
    return key


def stored_answer(company_id: int, key: str) -> IdempotencyKey | None:
    """The answer kept for the key if it is younger than 24 hours."""
    return db.session.execute(
        select(IdempotencyKey).where(IdempotencyKey.company_id == company_id, IdempotencyKey.key == key,
                                     IdempotencyKey.created > now_utc() - TTL)
    ).scalar_one_or_none()


def remember(company_id: int, key: str, status: int, body: dict, location: str = "") -> IdempotencyKey:
    """Keep an answer unless one is already kept for the key; returns the one kept (the first)."""
    session = db.session
    session.execute(delete(IdempotencyKey).where(IdempotencyKey.company_id == company_id, IdempotencyKey.key == key,
                                                 IdempotencyKey.created <= now_utc() - TTL))
    insert_for = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert_for(IdempotencyKey.__table__)
        .values(company_id=company_id, key=key, status=status, body=json.dumps(body, ensure_ascii=False),
                location=location or "", created=now_utc())
        .on_conflict_do_nothing(index_elements=["company_id", "key"])
    )
    session.commit()
    return stored_answer(company_id, key)
