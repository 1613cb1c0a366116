"""Market data benchmark: page and API latency over a year of rates and 5,000 news items.

Usage: .venv/bin/python bench/market.py   (SQLite under /tmp/market/; set DATABASE_URL for PostgreSQL)
Prints one table: median and 95th percentile per operation, in milliseconds.
"""
import os
import statistics
import sys
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import text  # noqa: E402

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.market.jobs import NBK_SOURCE  # noqa: E402
from portal.market.parse import ParsedNews, parse_nbk_rates, parse_news_feed  # noqa: E402
from portal.market.scheduler import claim  # noqa: E402
from portal.market.store import store_news, store_rates  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "market"
DAYS, NEWS = 365, 5000


def database_url() -> str:
    """The benchmark's own database, never the portal's."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    Path("/tmp/market").mkdir(parents=True, exist_ok=True)
    path = Path("/tmp/market/bench.db")
    path.unlink(missing_ok=True)
    return f"sqlite:///{path}"


def fill(app) -> None:
    """A year of NBK rates (39 currencies a day) and NEWS news items."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
        upgrade(revision="heads")
        base = parse_nbk_rates((DATA / "rates_all.xml").read_bytes()).items
        last = base[0].rate_date
        now = datetime.now(timezone.utc)
        for back in range(DAYS):
            day = last - timedelta(days=back)
            store_rates(db.session, NBK_SOURCE, [replace(r, rate_date=day) for r in base], now)
        db.session.commit()
        template = parse_news_feed((DATA / "news_forbes.xml").read_bytes(), "https://forbes.kz/rss/").items[0]
        items = [
            ParsedNews(title=f"{template.title} #{i}", link=f"https://forbes.kz/news/{i}/", image=template.image,
                       summary=template.summary, source="Forbes.kz", published=now - timedelta(minutes=i))
            for i in range(NEWS)
        ]
        for start in range(0, NEWS, 1000):
            store_news(db.session, items[start:start + 1000], "https://forbes.kz/rss/", now)
            db.session.commit()


def timed(fn, runs: int) -> list[float]:
    """Milliseconds per call, after one warm-up call."""
    fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def get(client, path: str, accept: str = "application/json"):
    """A GET that must succeed."""
    def call():
        """One request."""
        response = client.get(path, headers={"Accept": accept})
        assert response.status_code == 200, (path, response.status_code)
    return call


def main() -> None:
    """Fill the database, time each operation, print the table."""
    app = create_app({"DATABASE_URL": database_url(), "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})
    started = time.perf_counter()
    fill(app)
    print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}, {DAYS} days x 39 rates, "
          f"{NEWS} news, filled in {time.perf_counter() - started:.1f} s\n")
    client = app.test_client()
    rates_xml = (DATA / "rates_all.xml").read_bytes()
    feed_xml = (DATA / "news_forbes.xml").read_bytes()
    cases = [
        ("GET /clients/currencies/ JSON", get(client, "/clients/currencies/"), 200),
        ("GET /clients/currencies/ HTML (4 charts)", get(client, "/clients/currencies/", "text/html"), 100),
        ("GET /market/convert/ JSON", get(client, "/market/convert/?amount=1000&from=USD&to=EUR"), 200),
        ("GET /clients/news/ JSON", get(client, "/clients/news/"), 200),
        ("GET /news/ JSON page 1", get(client, "/news/"), 200),
        ("GET /news/?page=200 HTML", get(client, "/news/?page=200", "text/html"), 100),
        ("parse rates_all.xml (39 items)", lambda: parse_nbk_rates(rates_xml), 300),
        ("parse RSS feed (3 items)", lambda: parse_news_feed(feed_xml, "https://forbes.kz/rss/"), 300),
    ]
    with app.app_context():
        tick = iter(range(10**9))
        cases.append(("scheduler lease claim (UPDATE)",
                      lambda: claim(db.engine, "bench", timedelta(seconds=1), "bench",
                                    now=datetime(2030, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=next(tick))), 200))
        print(f"{'operation':44} {'runs':>5} {'median ms':>10} {'p95 ms':>8}")
        for name, fn, runs in cases:
            samples = sorted(timed(fn, runs))
            p95 = samples[int(len(samples) * 0.95) - 1]
            print(f"{name:44} {runs:>5} {statistics.median(samples):>10.2f} {p95:>8.2f}")


if __name__ == "__main__":
    main()
