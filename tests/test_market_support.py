"""Shared pieces of the market tests: recorded files, a local HTTP server on 127.0.0.1, data builders.

Other market test modules import these fixtures; this module holds no tests itself.
"""
import logging
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import update

from portal.extensions import db
from portal.market.demo import SNAPSHOT
from portal.market.jobs import NBK_SOURCE
from portal.market.parse import parse_nbk_rates, parse_news_feed
from portal.market.store import store_news, store_rates
from portal.models import ExchangeRate

DATA = Path(__file__).parent / "data" / "market"
FEEDS = ("/forbes/rss", "/kapital/rss", "/kursiv/rss")
FEED_FILES = {"/forbes/rss": "news_forbes.xml", "/kapital/rss": "news_kapital.xml", "/kursiv/rss": "news_kursiv.xml"}


def recorded(name: str) -> bytes:
    """A recorded file from tests/data/market/."""
    return (DATA / name).read_bytes()


@pytest.fixture(scope="module")
def market_server_module():
    """A threaded HTTP server on 127.0.0.1 (threaded so a slow handler does not block the next test)."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def market_server(market_server_module):
    """The server with no handlers and an empty log."""
    market_server_module.clear()
    yield market_server_module
    market_server_module.clear()


@pytest.fixture
def market_logs(caplog):
    """caplog for the market loggers.

    migrations/env.py calls logging's fileConfig, which disables every logger that existed
    before `flask db upgrade` ran in this process (the test session migrates in-process).
    """
    for name in ("portal.market.jobs", "portal.market.fetch", "portal.market.scheduler"):
        logging.getLogger(name).disabled = False
    caplog.set_level(logging.INFO, logger="portal.market")
    return caplog


def server_config(server: HTTPServer) -> dict:
    """Point every market source at the local server; short timeouts and backoff for tests."""
    return {
        "RATES_URL": server.url_for("/rss/rates_all.xml"),
        "RATES_BY_DATE_URL": server.url_for("/rss/get_rates.cfm") + "?fdate={date}",
        "NEWS_FEEDS": ",".join(server.url_for(path) for path in FEEDS),
        "MARKET_HTTP_TIMEOUT": 0.3,
        "MARKET_HTTP_RETRIES": 1,
        "MARKET_HTTP_BACKOFF": 0.01,
    }


def serve_good_data(server: HTTPServer) -> None:
    """Permanent handlers: the recorded rates and three feeds."""
    server.expect_request("/rss/rates_all.xml").respond_with_data(recorded("rates_all.xml"), content_type="application/xml")
    for path, name in FEED_FILES.items():
        server.expect_request(path).respond_with_data(recorded(name), content_type="application/rss+xml")


def store_history(source: str = NBK_SOURCE, fetched_at: datetime | None = None) -> int:
    """30 days of rates from the snapshot files (get_rates.cfm format), stored under `source`."""
    fetched_at = fetched_at or datetime.now(timezone.utc)
    count = 0
    for path in sorted((SNAPSHOT / "rates").glob("*.xml")):
        count += store_rates(db.session, source, parse_nbk_rates(path.read_bytes()).items, fetched_at)
    db.session.commit()
    return count


def store_recorded_news() -> int:
    """The three recorded feeds, stored as a fetch would."""
    added = 0
    for path, name in FEED_FILES.items():
        parsed = parse_news_feed(recorded(name), "https://example.kz" + path)
        added += store_news(db.session, parsed.items, "https://example.kz" + path, datetime.now(timezone.utc))
    db.session.commit()
    return added


def age_rates(hours: float) -> None:
    """Pretend the stored rates were last confirmed `hours` ago."""
    db.session.execute(update(ExchangeRate).values(fetched_at=datetime.now(timezone.utc) - timedelta(hours=hours)))
    db.session.commit()
