"""Joining a company: invites, claims of a company by BIN, and requests to join."""
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import ROLE_WORKER, User
from portal.models.base import PublicIdMixin
from portal.models.directory import Company
from portal.timeutil import now_utc

REQUEST_PENDING = "pending"
REQUEST_APPROVED = "approved"
REQUEST_DECLINED = "declined"
REQUEST_CANCELLED = "cancelled"
REQUEST_STATUSES = (REQUEST_PENDING, REQUEST_APPROVED, REQUEST_DECLINED, REQUEST_CANCELLED)

ROLE_CHECK = "role IN ('Директор', 'Работник')"
STATUS_CHECK = "status IN ('pending', 'approved', 'declined', 'cancelled')"


class Invite(PublicIdMixin, db.Model):
    """A one-time link to join a company; only the SHA-256 of its token is stored."""

    __tablename__ = "invites"
    __table_args__ = (CheckConstraint(ROLE_CHECK, name="role"),)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    email: Mapped[str | None] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(20), default=ROLE_WORKER)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    company: Mapped[Company] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    used_by: Mapped[User | None] = relationship(foreign_keys=[used_by_id])


class CompanyClaim(db.Model):
    """Who first claimed a company by its BIN.

    One row per company (a unique key): when two people claim the same company at once the
    database lets exactly one insert through, so the company gets exactly one first director.
    """

    __tablename__ = "company_claims"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)


class JoinRequest(PublicIdMixin, db.Model):
    """A user's request to join a company that already has a director, who decides on it."""

    __tablename__ = "join_requests"
    __table_args__ = (
        CheckConstraint(STATUS_CHECK, name="status"),
        # At most one open request per person and company, even when the form is sent twice at once.
        Index(
            "ix_join_requests_one_pending", "user_id", "company_id", unique=True,
            sqlite_where=text("status = 'pending'"), postgresql_where=text("status = 'pending'"),
        ),
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=REQUEST_PENDING)
    message: Mapped[str] = mapped_column(String(500), default="")
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    company: Mapped[Company] = relationship(lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
