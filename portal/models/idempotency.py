"""The first answer to a POST sent with an `Idempotency-Key` header (kept 24 hours)."""
import datetime as dt

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.timeutil import now_utc


class IdempotencyKey(db.Model):
    """One key of one caller: `scope` is `c<company id>` for staff, `u<user id>` for a user of
    no company, so one tenant's key never answers another's. `fingerprint` is the SHA-256 of
    the method, path, query, content type and body the key was first sent with; `status` 0
    means the first request is still running."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("scope", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(24))
    key: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    content_type: Mapped[str] = mapped_column(String(100), default="")
    location: Mapped[str] = mapped_column(String(500), default="")
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now_utc, index=True)
