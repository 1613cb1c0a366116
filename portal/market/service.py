"""Reading market data for the pages, the dashboard and the API (one query per page)."""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.market.freshness import age_words, aware, is_stale
from portal.market.jobs import NBK_SOURCE
from portal.models import ExchangeRate, FetchLog, NewsItem
from portal.timeutil import now_utc

MAIN_CURRENCIES = ("CNY", "USD", "RUB", "EUR")  # the seed's order of keys
DEMO_SOURCE = "demo"
# Real data wins: the recorded demo snapshot is shown only until the first real fetch.
SOURCE_PREFERENCE = (NBK_SOURCE, DEMO_SOURCE)
SOURCE_NAMES = {
    NBK_SOURCE: "Национальный Банк Республики Казахстан, официальный курс",
    DEMO_SOURCE: "Демонстрационный снимок (не официальные данные)",
}
CURRENCY_NAMES = {
    "KZT": "Казахстанский тенге", "USD": "Доллар США", "EUR": "Евро",
    "RUB": "Российский рубль", "CNY": "Китайский юань",
}
CHART_DAYS = 30


def number_text(value: Decimal) -> str:
    """At least two decimal places, a comma as the separator: `68,50`, `3,4567`."""
    normal = value.normalize()
    if normal.as_tuple().exponent > -2:
        normal = normal.quantize(Decimal("0.01"))
    return f"{normal:f}".replace(".", ",")


@dataclass
class RateView:
    """One currency's rate for the page and the API."""

    code: str
    name: str
    rate: Decimal
    change: Decimal | None
    trend: str

    @property
    def rate_text(self) -> str:
        """`512,34` as Russian text writes numbers (more places only where they carry digits)."""
        return number_text(self.rate)

    @property
    def change_text(self) -> str:
        """`+1,07`, `−0,35`, `0,00`; empty when the source gave no change."""
        if self.change is None:
            return ""
        sign = "+" if self.change > 0 else ("−" if self.change < 0 else "")
        return sign + number_text(abs(self.change))

    @property
    def direction(self) -> str:
        """`up`, `down` or `flat`: the sign of the change, else NBK's index."""
        if self.change:
            return "up" if self.change > 0 else "down"
        if self.change is None:
            return {"UP": "up", "DOWN": "down"}.get(self.trend, "flat")
        return "flat"


@dataclass
class RatesSnapshot:
    """The latest stored rates of the preferred source, and how fresh they are."""

    source: str
    as_of: date
    fetched_at: datetime
    stale: bool
    age: str
    main: list[RateView]
    others: list[RateView]
    last_failure: FetchLog | None = None
    history: dict[str, list[tuple[date, Decimal]]] = field(default_factory=dict)
    rate_type: str = "official"

    @property
    def source_name(self) -> str:
        """Where the numbers come from, in words."""
        return SOURCE_NAMES.get(self.source, self.source)

    @property
    def by_code(self) -> dict[str, RateView]:
        """Rates keyed by currency code."""
        return {row.code: row for row in self.main + self.others}


def _session(session: Session | None) -> Session:
    """The given session, else the request's (callers like the dashboard pass none)."""
    return session or db.session


def current_source(session: Session) -> str | None:
    """The first source in order of preference that has any rate stored."""
    for source in SOURCE_PREFERENCE:
        if session.scalar(select(ExchangeRate.id).where(ExchangeRate.source == source).limit(1)):
            return source
    return None


def last_failure(session: Session, kind: str) -> FetchLog | None:
    """The latest attempt of this kind, if it failed (so the page can say the values are older)."""
    latest = session.scalars(
        select(FetchLog).where(FetchLog.kind == kind).order_by(FetchLog.started_at.desc(), FetchLog.id.desc()).limit(1)
    ).first()
    return latest if latest is not None and not latest.ok else None


def rate_history(session: Session, source: str, codes, until: date, days: int = CHART_DAYS) -> dict[str, list]:
    """Each currency's (day, rate) for the `days` days ending at `until`, oldest first."""
    rows = session.execute(
        select(ExchangeRate.currency, ExchangeRate.rate_date, ExchangeRate.rate)
        .where(ExchangeRate.source == source, ExchangeRate.currency.in_(list(codes)),
               ExchangeRate.rate_date > until - timedelta(days=days), ExchangeRate.rate_date <= until)
        .order_by(ExchangeRate.rate_date)
    ).all()
    history: dict[str, list] = {code: [] for code in codes}
    for code, day, rate in rows:
        history[code].append((day, rate))
    return history


def latest_rates(session: Session | None = None, now: datetime | None = None,
                 with_history: bool = False) -> RatesSnapshot | None:
    """The latest day's rates (None when nothing is stored yet), marked stale past the threshold."""
    session, now = _session(session), now or now_utc()
    source = current_source(session)
    if source is None:
        return None
    as_of = session.scalar(select(func.max(ExchangeRate.rate_date)).where(ExchangeRate.source == source))
    rows = session.scalars(
        select(ExchangeRate).where(ExchangeRate.source == source, ExchangeRate.rate_date == as_of)
        .order_by(ExchangeRate.currency)
    ).all()
    views = [RateView(r.currency, CURRENCY_NAMES.get(r.currency) or r.name.capitalize(), r.rate, r.change, r.trend)
             for r in rows]
    fetched_at = aware(max(r.fetched_at for r in rows))
    hours = float(current_app.config.get("RATES_STALE_HOURS", 36))
    snapshot = RatesSnapshot(
        source=source, as_of=as_of, fetched_at=fetched_at,
        stale=is_stale(fetched_at, now, hours), age=age_words(fetched_at, now),
        main=sorted((v for v in views if v.code in MAIN_CURRENCIES), key=lambda v: MAIN_CURRENCIES.index(v.code)),
        others=[v for v in views if v.code not in MAIN_CURRENCIES],
        last_failure=last_failure(session, "rates") if source == NBK_SOURCE else None,
    )
    if with_history:
        snapshot.history = rate_history(session, source, [v.code for v in snapshot.main], as_of)
    return snapshot


def news_query() -> Select:
    """Stored news, newest first."""
    return select(NewsItem).order_by(NewsItem.published.desc(), NewsItem.id.desc())


def news_count(session: Session | None = None) -> int:
    """How many news items are stored (counted apart: a plain count is cheaper than a window count)."""
    return _session(session).scalar(select(func.count(NewsItem.id)))


def latest_news(limit: int = 3, session: Session | None = None) -> list[NewsItem]:
    """The `limit` newest items (the dashboard shows three)."""
    return list(_session(session).scalars(news_query().limit(limit)))


@dataclass
class NewsFreshness:
    """When news was last stored."""

    fetched_at: datetime | None
    stale: bool
    age: str


def news_freshness(session: Session | None = None, now: datetime | None = None) -> NewsFreshness:
    """How old the newest stored news is (by the time we stored it)."""
    session, now = _session(session), now or now_utc()
    latest = session.scalar(select(func.max(NewsItem.fetched_at)))
    if latest is None:
        return NewsFreshness(None, True, "новостей пока нет")
    hours = float(current_app.config.get("NEWS_STALE_HOURS", 24))
    return NewsFreshness(aware(latest), is_stale(latest, now, hours), age_words(latest, now))
