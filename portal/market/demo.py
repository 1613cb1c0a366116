"""The demo snapshot: 30 days of rates and a set of news, committed under `snapshot/`.

A fresh portal without internet shows them; they go through the same parsers as live data
and are stored under the source `demo`, which the pages label as not official. Loading
twice changes nothing (rates are upserted, news is unique by link).
"""
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models.market import ExchangeRate
from portal.market.parse import parse_nbk_rates, parse_news_feed
from portal.market.service import DEMO_SOURCE
from portal.market.store import store_news, store_rates

SNAPSHOT = Path(__file__).with_name("snapshot")


@dataclass(frozen=True)
class DemoLoaded:
    """What the snapshot added."""

    rates: int
    days: int
    news: int

    def line(self) -> str:
        """For the demo-data command's output."""
        return f"Рыночные данные (демо): курсов {self.rates} за {self.days} дн., новостей {self.news}"


def load_demo_snapshot(session: Session, snapshot: Path = SNAPSHOT) -> DemoLoaded:
    """Store the snapshot's rates and news and commit; returns the counts."""
    manifest = json.loads((snapshot / "manifest.json").read_text(encoding="utf-8"))
    recorded_at = datetime.fromisoformat(manifest["recorded_at"])
    files = sorted((snapshot / manifest["rates_dir"]).glob("*.xml"))
    rates = 0
    for path in files:
        rates += store_rates(session, DEMO_SOURCE, parse_nbk_rates(path.read_bytes()).items, recorded_at)
    news = 0
    for feed in manifest["news"]:
        parsed = parse_news_feed((snapshot / feed["file"]).read_bytes(), feed["feed_url"])
        news += store_news(session, parsed.items, feed["feed_url"], recorded_at)
    session.commit()
    return DemoLoaded(rates=rates, days=len(files), news=news)


def demo_step(run) -> str:
    """The snapshot as a step of the demo loader; once loaded, later runs leave it alone."""
    loaded = run.session.execute(
        select(ExchangeRate.source).where(ExchangeRate.source == DEMO_SOURCE).limit(1)
    ).first()
    if loaded:
        return "Рыночные данные (демо): уже загружены, ничего не изменено"
    return load_demo_snapshot(run.session).line()
