"""The audit log: what happened to a company's accounts, kept for its director to read.

Rows are only ever inserted: the application has no code path that changes or deletes one,
and on PostgreSQL a trigger (migration 0131) refuses UPDATE and DELETE outright.
"""
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import User
from portal.timeutil import now_utc


class AuditEvent(db.Model):
    """One event: who (if known), in which company (if any), what, from where, when."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_company_recent", "company_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    event: Mapped[str] = mapped_column(String(50))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    ip: Mapped[str] = mapped_column(String(45), default="")
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    user: Mapped[User | None] = relationship(lazy="joined")
