"""Incremental sync of lists: `?updated_after=<ISO 8601>` and `ordering=updated`.

A nightly sync asks for what changed since its last run: `updated_after` (RFC 3339, with its offset) keeps the rows whose
`updated` is at or after that instant (inclusive, so a row written in the same microsecond as
the last one seen is never missed; clients upsert by id) and orders them by (updated, id), so
pages are stable while the sync walks them. Deleted smart-doc objects are listed by
`/smart_doc/deleted/` with the same parameter. No request layer here: views pass the args.
"""
import re
from datetime import datetime, timedelta, timezone
from typing import Mapping

from sqlalchemy import Select

from portal.errors import field_error

SYNC_PARAMS = frozenset({"updated_after", "ordering"})
ORDERINGS = ("id", "updated")
TIME_HINT = "Ожидается время RFC 3339 со смещением, например 2026-03-01T00:00:00+05:00 или 2026-02-28T19:00:00Z."


# RFC 3339's date-time (what OpenAPI's `date-time` means): date, time and offset, all required,
# so the server accepts exactly what the schema allows.
TIME_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))"
)


def parse_time(name: str, raw: str) -> datetime:
    """An RFC 3339 time (`2026-03-01T00:00:00+05:00`, `...Z`) as UTC. A leap second (:60) is
    read as :59, since Python's datetime has none."""
    # An unencoded "+05:00" in a query string arrives as " 05:00".
    text = re.sub(r" (\d{2}:?\d{2})$", r"+\1", raw.strip())
    match = TIME_RE.fullmatch(text) if len(text) <= 64 else None
    if match is None:
        raise field_error(name, TIME_HINT)
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    try:
        if zulu:
            zone = timezone.utc
        else:
            offset = timedelta(hours=int(off_h), minutes=int(off_m))
            zone = timezone(-offset if sign == "-" else offset)
        value = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                         min(int(second or 0), 59), int((fraction or "0")[:6].ljust(6, "0")), tzinfo=zone)
    except ValueError:
        raise field_error(name, TIME_HINT) from None
    try:
        return value.astimezone(timezone.utc)
    except OverflowError:
        # An offset pushing 0001-01-01 or 9999-12-31 out of range: the earliest or latest instant.
        return (datetime.min if value.year == 1 else datetime.max).replace(tzinfo=timezone.utc)


def sync_args(args: Mapping[str, str]) -> tuple[datetime | None, bool]:
    """(updated_after as UTC or None, order by updated?) from the query string; bad values: 400."""
    raw_after = args.get("updated_after")
    after = parse_time("updated_after", raw_after) if raw_after is not None else None
    ordering = args.get("ordering")
    if ordering is not None and ordering not in ORDERINGS:
        raise field_error("ordering", "Допустимы: " + ", ".join(ORDERINGS) + ".")
    return after, ordering == "updated" or (after is not None and ordering != "id")


def apply_sync(query: Select, model, args: Mapping[str, str]) -> Select:
    """`query` narrowed to rows changed at or after `updated_after`, ordered (updated, id) when
    asked or when syncing; the list's own order otherwise."""
    after, by_updated = sync_args(args)
    if after is not None:
        # Stored times are UTC (SQLite keeps them as UTC text without the zone): compare in UTC.
        query = query.where(model.updated >= after)
    if by_updated:
        query = query.order_by(None).order_by(model.updated, model.id)
    return query


def wants_sync(args: Mapping[str, str]) -> bool:
    """Whether the query string asks for a sync (either parameter given)."""
    return any(name in args for name in SYNC_PARAMS)
