"""Fetch operations shared by the scheduler and the CLI: fetch, parse, store, record.

A failure at any step (network, HTTP status, unsafe or malformed XML, the database) leaves
the stored values untouched, is logged with its reason and recorded in the fetch log.
"""
import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable, Mapping

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from portal.market.fetch import FetchError, FetchSettings, http_get
from portal.market.parse import FeedError, parse_nbk_rates, parse_news_feed
from portal.market.store import record_fetch, store_news, store_rates
from portal.timeutil import now_utc, today_almaty

log = logging.getLogger(__name__)

NBK_SOURCE = "nbk"


@dataclass
class FetchOutcome:
    """What one fetch did, for the CLI's output and the tests."""

    kind: str
    source: str
    ok: bool
    stored: int = 0
    skipped: int = 0
    error: str = ""
    details: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One human-readable line."""
        if not self.ok:
            return f"[ошибка] {self.source}: {self.error} (сохранённые данные не изменены)"
        extra = f", пропущено {self.skipped}" if self.skipped else ""
        summary = f"; {', '.join(self.details)}" if self.details else ""
        why = "".join(f"\n    {problem}" for problem in self.problems)
        return f"[ok] {self.source}: сохранено {self.stored}{extra}{summary}{why}"


def feed_urls(config: Mapping) -> list[str]:
    """`NEWS_FEEDS` as a list: the env gives a comma-separated string or a JSON list."""
    raw = config.get("NEWS_FEEDS") or []
    if isinstance(raw, str):
        raw = raw.split(",")
    return [url.strip() for url in raw if url and url.strip()]


def _run(session: Session, kind: str, url: str, work: Callable[[], FetchOutcome]) -> FetchOutcome:
    """Run `work` in a transaction; on any failure roll back, log and record why."""
    started = now_utc()
    try:
        outcome = work()
        record_fetch(session, kind, url, started, True, outcome.stored, outcome.skipped,
                     "; ".join(outcome.problems)[:2000])
        session.commit()
        return outcome
    except (FetchError, FeedError, SQLAlchemyError) as exc:
        session.rollback()
        reason = str(exc) if not isinstance(exc, SQLAlchemyError) else f"ошибка базы данных: {type(exc).__name__}"
        log.warning("market %s fetch from %s failed: %s; keeping the last good values", kind, url, reason)
        try:
            record_fetch(session, kind, url, started, False, error=reason[:2000])
            session.commit()
        except SQLAlchemyError:
            session.rollback()
            log.exception("could not record the failed %s fetch", kind)
        return FetchOutcome(kind=kind, source=url, ok=False, error=reason)


def fetch_rates(session: Session, config: Mapping, url: str | None = None) -> FetchOutcome:
    """Fetch the official NBK rates (rates_all.xml, or a by-date URL) and store them."""
    url = url or config["RATES_URL"]

    def work() -> FetchOutcome:
        """Fetch, parse, store; any failure propagates to `_run`."""
        parsed = parse_nbk_rates(http_get(url, FetchSettings.from_config(config)))
        stored = store_rates(session, NBK_SOURCE, parsed.items, now_utc())
        for problem in parsed.problems:
            log.warning("market rates from %s: %s", url, problem)
        days = sorted({r.rate_date for r in parsed.items})
        main = {r.currency: r.rate for r in parsed.items}
        shown = [f"{code} {main[code].normalize():f}" for code in ("USD", "EUR", "RUB", "CNY") if code in main]
        details = [f"курсы на {', '.join(d.strftime('%d.%m.%Y') for d in days)}"] + shown
        return FetchOutcome("rates", url, True, stored, len(parsed.problems), details=details, problems=parsed.problems)

    return _run(session, "rates", url, work)


def backfill_rates(session: Session, config: Mapping, days: int, today: date | None = None) -> list[FetchOutcome]:
    """Fill the last `days` days from the by-date feed (for the 30-day chart of a new install)."""
    today = today or today_almaty()
    template = config["RATES_BY_DATE_URL"]
    return [
        fetch_rates(session, config, template.format(date=(today - timedelta(days=back)).strftime("%d.%m.%Y")))
        for back in range(days - 1, -1, -1)
    ]


def fetch_news(session: Session, config: Mapping) -> list[FetchOutcome]:
    """Fetch every configured feed independently: one broken feed never blocks the others."""
    settings = FetchSettings.from_config(config)
    limit = int(config.get("NEWS_ITEMS_PER_FEED", 30))
    outcomes = []
    for url in feed_urls(config):
        def work(url: str = url) -> FetchOutcome:
            """One feed: fetch, parse, store the new items."""
            parsed = parse_news_feed(http_get(url, settings), url, limit)
            added = store_news(session, parsed.items, url, now_utc())
            for problem in parsed.problems:
                log.warning("market news from %s: %s", url, problem)
            details = [f"новых {added} из {len(parsed.items)}"]
            return FetchOutcome("news", url, True, added, len(parsed.problems), details=details, problems=parsed.problems)

        outcomes.append(_run(session, "news", url, work))
    return outcomes
