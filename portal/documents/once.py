"""Issuing once: a double click, a retried request or two tabs get one number.

An issue remembers the SHA-256 of what it printed (the print context before the number is
stamped in, and the visibility). Issuing a source whose print is unchanged answers the record
already issued instead of taking a new number, unless the caller asks for a new copy
(`"reissue": true`). The check runs once before rendering (the common case costs no render)
and again inside the numbering lock, so concurrent identical issues cannot both pass it.
"""
import hashlib
import json

from sqlalchemy import select

from portal.extensions import db
from portal.models.issued import IssuedDocument


def source_hash(context: dict, form: str) -> str:
    """The fingerprint of a print: every value the PDF shows (dates, Decimals as text) and its form."""
    text = json.dumps({"context": context, "form": form}, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def already_issued(company_id: int, doc_type: str, content_id: str, fingerprint: str) -> IssuedDocument | None:
    """The latest record the company issued from this source with the same print, if any."""
    return db.session.execute(
        select(IssuedDocument)
        .where(IssuedDocument.company_sender_id == company_id, IssuedDocument.type == doc_type,
               IssuedDocument.content_id == content_id, IssuedDocument.source_hash == fingerprint)
        .order_by(IssuedDocument.id.desc()).limit(1)
    ).unique().scalar_one_or_none()


def as_repeat(record: IssuedDocument) -> IssuedDocument:
    """Mark a record as the answer to a repeated issue (the view answers 200 instead of 201)."""
    record.repeated = True
    return record


def is_repeat(record: IssuedDocument) -> bool:
    """Whether `issue` answered an earlier record instead of issuing a new one."""
    return bool(getattr(record, "repeated", False))


def wants_reissue(raw) -> bool | None:
    """`reissue` from JSON (true/false) or the panel's button ("1"); None for anything else."""
    if raw in (None, "", False, 0, "0", "false"):
        return False
    if raw in (True, 1, "1", "true", "on"):
        return True
    return None
