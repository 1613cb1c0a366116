"""Time helpers: the portal stores UTC and shows Asia/Almaty."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

ALMATY = ZoneInfo("Asia/Almaty")


def now_utc() -> datetime:
    """Return the current time, timezone-aware, in UTC."""
    return datetime.now(timezone.utc)


def today_almaty() -> date:
    """Return today's date in Kazakhstan."""
    return datetime.now(ALMATY).date()


def to_almaty(value: datetime | None) -> datetime | None:
    """Convert a stored datetime to Asia/Almaty; naive values are UTC (SQLite drops the zone)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(ALMATY)


def iso(value: datetime | None) -> str | None:
    """ISO 8601 with the Almaty offset, as the JSON contract shows times."""
    converted = to_almaty(value)
    return converted.isoformat() if converted else None
