"""Document numbers per company, per document type, per year: `2026-000123`.

Two ways to take a number, both inside the issuing transaction:
- `take_next`: the counter row is incremented with an UPDATE as the first write. PostgreSQL
  keeps that row locked until commit, so concurrent issues of the same counter queue behind it;
  SQLite takes its database write lock at the same moment.
- `peek_next` + `take_if_next`: read the next number, render, then take it only if the counter
  has not moved (compare-and-set). SQLite uses this first, so its one write lock is not held
  through the render; see portal.documents.issue.
Either way the number is visible to others only when the issue commits, and a rollback (a
failed render) gives it back: numbers are consecutive, gap-free and never reused.
"""
import secrets

from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from portal.errors import field_error
from portal.models.base import new_public_id
from portal.models.issued import DocumentCounter, IssuedDocument

MAX_SEQ = 999_999
DOC_ID_DIGITS = 13
_counters = DocumentCounter.__table__


def format_number(year: int, seq: int) -> str:
    """`2026-000123`: the year, then the sequence padded to six digits."""
    return f"{year}-{seq:06d}"


def _ensure_counter(session: Session, company_id: int, doc_type: str, year: int) -> None:
    """Create the counter row on first use; if a concurrent issue created it first, keep theirs.

    `INSERT ... ON CONFLICT DO NOTHING` (both SQLite and PostgreSQL have it) waits for the
    other transaction instead of failing, so the first issue of a year cannot collide.
    """
    dialect = session.get_bind().dialect.name
    insert_for = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert_for(_counters).values(company_id=company_id, type=doc_type, year=year, last_number=0)
    session.execute(statement.on_conflict_do_nothing(index_elements=["company_id", "type", "year"]))


def _increment(session: Session, company_id: int, doc_type: str, year: int, by: int = 1) -> int | None:
    """Add `by` to the counter and return the new value (None when the row does not exist)."""
    statement = (
        update(_counters)
        .where(_counters.c.company_id == company_id, _counters.c.type == doc_type, _counters.c.year == year)
        .values(last_number=_counters.c.last_number + by)
        .returning(_counters.c.last_number)
    )
    return session.execute(statement).scalar_one_or_none()


def take_block(session: Session, company_id: int, doc_type: str, year: int, count: int = 1) -> int:
    """Take `count` consecutive numbers inside the caller's transaction; returns the first.

    Commit keeps them, rollback gives them back; until then the counter row stays locked.
    """
    last = _increment(session, company_id, doc_type, year, by=count)
    if last is None:
        _ensure_counter(session, company_id, doc_type, year)
        last = _increment(session, company_id, doc_type, year, by=count)
    _refuse_past_max(year, last)
    return last - count + 1


def _refuse_past_max(year: int, seq: int) -> None:
    """A 400 on `type` when a year's six-digit numbers have run out."""
    if seq > MAX_SEQ:
        raise field_error("type", f"Номера за {year} год исчерпаны ({MAX_SEQ}).")


def take_next(session: Session, company_id: int, doc_type: str, year: int) -> int:
    """Take the next number inside the caller's transaction (commit keeps it, rollback frees it)."""
    return take_block(session, company_id, doc_type, year, 1)


def peek_next(session: Session, company_id: int, doc_type: str, year: int) -> int:
    """The number the counter would give next, without taking it (see `take_if_next`)."""
    seq = counter_value(session, company_id, doc_type, year) + 1
    _refuse_past_max(year, seq)
    return seq


def take_if_next(session: Session, company_id: int, doc_type: str, year: int, seq: int) -> bool:
    """Take `seq` inside the caller's transaction if it is still the next number; False if another
    issue took it since `peek_next` (compare-and-set on the counter: nothing is changed then)."""
    if seq == 1:
        _ensure_counter(session, company_id, doc_type, year)
    result = session.execute(
        update(_counters)
        .where(_counters.c.company_id == company_id, _counters.c.type == doc_type, _counters.c.year == year,
               _counters.c.last_number == seq - 1)
        .values(last_number=seq)
    )
    return result.rowcount == 1


def highest_issued(session: Session, company_id: int, doc_type: str, year: int) -> int:
    """The largest sequence number actually used by an issued document (0 if none)."""
    return session.execute(
        select(func.coalesce(func.max(IssuedDocument.seq), 0)).where(
            IssuedDocument.company_sender_id == company_id,
            IssuedDocument.type == doc_type,
            IssuedDocument.year == year,
        )
    ).scalar_one()


def counter_value(session: Session, company_id: int, doc_type: str, year: int) -> int:
    """The last number given out (0 before the first document)."""
    value = session.execute(
        select(_counters.c.last_number).where(
            _counters.c.company_id == company_id, _counters.c.type == doc_type, _counters.c.year == year
        )
    ).scalar_one_or_none()
    return value or 0


def continue_from(session: Session, company_id: int, doc_type: str, year: int, next_number: int) -> int:
    """Make `next_number` the next one given out (a company moving over from another tool).

    A number already on an issued document can never be given again, so the next number
    must be above the highest one issued; going back down to it corrects a typo safely.
    The caller commits. Returns the new `last_number`.
    """
    if not 1 <= next_number <= MAX_SEQ:
        raise field_error("next_number", f"Укажите номер от 1 до {MAX_SEQ}.")
    _ensure_counter(session, company_id, doc_type, year)
    # Lock the row first so a concurrent issue cannot slip a number in between the check and the set.
    _increment(session, company_id, doc_type, year, by=0)
    issued = highest_issued(session, company_id, doc_type, year)
    if next_number <= issued:
        raise field_error(
            "next_number",
            f"Номер {format_number(year, issued)} уже выдан: следующий номер должен быть больше {issued}.",
        )
    session.execute(
        update(_counters)
        .where(_counters.c.company_id == company_id, _counters.c.type == doc_type, _counters.c.year == year)
        .values(last_number=next_number - 1)
    )
    return next_number - 1


def _random_doc_id() -> str:
    """13 random digits, the first not zero."""
    return str(10 ** (DOC_ID_DIGITS - 1) + secrets.randbelow(9 * 10 ** (DOC_ID_DIGITS - 1)))


def new_doc_id(session: Session) -> str:
    """A random 13-digit `doc_id` (first digit not zero), retried while it is taken."""
    for _ in range(20):
        candidate = _random_doc_id()
        taken = session.execute(select(IssuedDocument.id).where(IssuedDocument.doc_id == candidate)).first()
        if taken is None:
            return candidate
    raise RuntimeError("could not find a free doc_id")


def new_identifiers(session: Session) -> tuple[str, str]:
    """A free `doc_id` and a free public id for one issued document, both checked in one query.

    The public id would otherwise be checked on its own at flush: one round trip fewer per issue.
    """
    for _ in range(20):
        doc_id, public_id = _random_doc_id(), new_public_id()
        clash = session.execute(
            select(IssuedDocument.id)
            .where(or_(IssuedDocument.doc_id == doc_id, IssuedDocument.public_id == public_id))
            .limit(1)
        ).first()
        if clash is None:
            return doc_id, public_id
    raise RuntimeError("could not find a free doc_id and public id")


def settings_rows(session: Session, company_id: int, year: int, titles: dict[str, str]) -> list[dict]:
    """The numbering page: for each document type, the last number given and the next one."""
    rows = []
    for doc_type, title in titles.items():
        last = counter_value(session, company_id, doc_type, year)
        rows.append({
            "type": doc_type,
            "title": title,
            "year": year,
            "last_number": last,
            "highest_issued": highest_issued(session, company_id, doc_type, year),
            "next_number": last + 1,
            "next": format_number(year, last + 1),
        })
    return rows
