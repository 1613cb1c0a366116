"""Market data: exchange rates with history, business news, fetch log and the scheduler lease."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, DateTime, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.base import PublicIdMixin
from portal.timeutil import now_utc

# Rates per one unit of currency after dividing by NBK's `quant`: six places keep
# e.g. 100 units of a small currency quoted as 3.45 KZT exact.
RATE = Numeric(18, 6)


class ExchangeRate(db.Model):
    """KZT for one unit of `currency` on `rate_date` from `source`; one row per day and source."""

    __tablename__ = "market_rates"
    __table_args__ = (
        UniqueConstraint("source", "currency", "rate_date"),
        # The latest day of a source and its 30-day window are read on every page view.
        Index("ix_market_rates_source_date", "source", "rate_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(40))
    currency: Mapped[str] = mapped_column(String(3))
    name: Mapped[str] = mapped_column(String(120), default="")
    rate_date: Mapped[date] = mapped_column(Date)
    rate: Mapped[Decimal] = mapped_column(RATE)
    quant: Mapped[int] = mapped_column(Integer, default=1)
    change: Mapped[Decimal | None] = mapped_column(RATE)
    trend: Mapped[str] = mapped_column(String(8), default="")
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)


class NewsItem(PublicIdMixin, db.Model):
    """A business news item; unique by link (its SHA-256, since URLs can outgrow an index)."""

    __tablename__ = "market_news"

    link: Mapped[str] = mapped_column(Text)
    link_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    image: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(120))
    feed_url: Mapped[str] = mapped_column(String(500), default="")
    published: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc, index=True)


class FetchLog(db.Model):
    """One attempt to fetch a source: what was stored, or why nothing was."""

    __tablename__ = "market_fetch_log"
    __table_args__ = (Index("ix_market_fetch_log_kind_started", "kind", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(500))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    finished_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    ok: Mapped[bool] = mapped_column(Boolean, default=False)
    stored: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")


class SchedulerLease(db.Model):
    """Who ran a scheduled job last and when it may run again; claimed by one atomic UPDATE."""

    __tablename__ = "market_scheduler_leases"

    job: Mapped[str] = mapped_column(String(40), primary_key=True)
    next_due: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    holder: Mapped[str] = mapped_column(String(120), default="")
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
