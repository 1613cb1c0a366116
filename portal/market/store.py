"""Writing parsed market data: rates upserted per source, currency and day; news once per link."""
import hashlib
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.market.parse import ParsedNews, ParsedRate
from portal.models import ExchangeRate, FetchLog, NewsItem
from portal.timeutil import now_utc


def utc(value: datetime) -> datetime:
    """Store UTC: SQLite keeps no offset, so a +05:00 time would read back five hours off."""
    return value.astimezone(timezone.utc)


def link_hash(link: str) -> str:
    """The key news items are unique by."""
    return hashlib.sha256(link.strip().encode("utf-8")).hexdigest()


def store_rates(session: Session, source: str, rates: list[ParsedRate], fetched_at: datetime) -> int:
    """Insert or refresh each (source, currency, day); a refetch also renews `fetched_at`."""
    if not rates:
        return 0
    fetched_at = utc(fetched_at)
    days = {r.rate_date for r in rates}
    codes = {r.currency for r in rates}
    existing = {
        (row.currency, row.rate_date): row
        for row in session.scalars(
            select(ExchangeRate).where(
                ExchangeRate.source == source,
                ExchangeRate.rate_date.in_(days),
                ExchangeRate.currency.in_(codes),
            )
        )
    }
    for parsed in rates:
        row = existing.get((parsed.currency, parsed.rate_date))
        if row is None:
            row = ExchangeRate(source=source, currency=parsed.currency, rate_date=parsed.rate_date)
            session.add(row)
            existing[(parsed.currency, parsed.rate_date)] = row
        row.name = parsed.name or row.name or ""
        row.rate = parsed.rate
        row.quant = parsed.quant
        row.change = parsed.change
        row.trend = parsed.trend
        row.fetched_at = fetched_at
    return len(rates)


def store_news(session: Session, items: list[ParsedNews], feed_url: str, fetched_at: datetime) -> int:
    """Add the items whose link is new; return how many were added."""
    by_hash: dict[str, ParsedNews] = {}
    for item in items:
        by_hash.setdefault(link_hash(item.link), item)
    if not by_hash:
        return 0
    fetched_at = utc(fetched_at)
    known = set(session.scalars(select(NewsItem.link_hash).where(NewsItem.link_hash.in_(by_hash))))
    added = 0
    for key, item in by_hash.items():
        if key in known:
            continue
        session.add(NewsItem(
            link=item.link, link_hash=key, title=item.title[:500], image=item.image,
            summary=item.summary, source=item.source[:120], feed_url=feed_url[:500],
            # A feed without dates gets the time we first saw the item, so it still sorts.
            published=utc(item.published) if item.published else fetched_at, fetched_at=fetched_at,
        ))
        added += 1
    return added


def record_fetch(session: Session, kind: str, source: str, started_at: datetime, ok: bool,
                 stored: int = 0, skipped: int = 0, error: str = "") -> FetchLog:
    """Keep a row per attempt, so the pages and the operator can see what happened."""
    entry = FetchLog(kind=kind, source=source[:500], started_at=started_at, finished_at=now_utc(),
                     ok=ok, stored=stored, skipped=skipped, error=error)
    session.add(entry)
    return entry
