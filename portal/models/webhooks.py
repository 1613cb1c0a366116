"""Webhooks: a company's endpoints, the events owed to them, and every attempt at sending one."""
import datetime as dt

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.base import PublicIdMixin
from portal.timeutil import now_utc


class WebhookEndpoint(PublicIdMixin, db.Model):
    """A URL a director registered for some events. Its secret signs every delivery (HMAC-SHA256);
    it is shown once, when the endpoint is made, and kept to sign with (a hash cannot sign), sealed:
    `secret_sealed` is its Fernet token (portal.webhooks.vault), never the secret itself."""

    __tablename__ = "webhook_endpoints"
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(200), default="")
    events: Mapped[list] = mapped_column(JSON)
    secret_sealed: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Failed attempts in a row (any delivery); a success sets it back to 0.
    failures_in_row: Mapped[int] = mapped_column(Integer, default=0)
    disabled_reason: Mapped[str] = mapped_column(String(500), default="")
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now_utc)


class WebhookDelivery(PublicIdMixin, db.Model):
    """One event owed to one endpoint: its exact body, and where its sending stands.

    state: `pending` (due at `next_attempt`), `sending` (claimed until `lease_until`),
    `delivered`, `failed` (attempts used up, or the endpoint was disabled)."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_due", "state", "next_attempt"),
        Index("ix_webhook_deliveries_endpoint", "endpoint_id", "id"),
        # Housekeeping finds the old ones by it.
        Index("ix_webhook_deliveries_created", "created"),
    )
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id", ondelete="CASCADE"))
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[str] = mapped_column(String(40))
    event: Mapped[str] = mapped_column(String(50))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    lease_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    delivered: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    endpoint: Mapped[WebhookEndpoint] = relationship()
    log: Mapped[list["WebhookAttempt"]] = relationship(order_by="WebhookAttempt.id", cascade="all, delete-orphan",
                                                       back_populates="delivery")


class WebhookAttempt(db.Model):
    """One try at sending a delivery: what the endpoint answered, how fast, or what went wrong."""

    __tablename__ = "webhook_attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    status_code: Mapped[int | None] = mapped_column(Integer)
    response_ms: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(String(500), default="")
    manual: Mapped[bool] = mapped_column(Boolean, default=False)
    delivery: Mapped[WebhookDelivery] = relationship(back_populates="log")
