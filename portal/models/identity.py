"""Proven company identity: the proof a company gave, pending claims, one-time challenges and codes.

A company is proven once it has a `CompanyProof` row: how (ЭЦП of the first head or of a person
with the right to sign, a code sent to an address the directory lists, or its director), who
gave it and when. Until then its staff can read and draft but not act in its name.
"""
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import User
from portal.models.base import PublicIdMixin
from portal.models.directory import Company, Email
from portal.timeutil import now_utc

METHOD_EDS_HEAD = "eds_head"
METHOD_EDS_SIGNER = "eds_signer"
METHOD_EMAIL = "email"
METHOD_DIRECTOR = "director"
METHODS = (METHOD_EDS_HEAD, METHOD_EDS_SIGNER, METHOD_EMAIL, METHOD_DIRECTOR)

CLAIM_PENDING = "pending"
CLAIM_PROVEN = "proven"
CLAIM_REQUESTED = "requested"
CLAIM_CANCELLED = "cancelled"
CLAIM_STATUSES = (CLAIM_PENDING, CLAIM_PROVEN, CLAIM_REQUESTED, CLAIM_CANCELLED)

PURPOSE_CLAIM = "claim"
PURPOSE_LINK = "link"
PURPOSE_LOGIN = "login"


class CompanyProof(db.Model):
    """How a company's identity was established: one row per company, the latest proof."""

    __tablename__ = "company_proofs"
    __table_args__ = (CheckConstraint("method IN ('eds_head', 'eds_signer', 'email', 'director')", name="method"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), unique=True)
    method: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Who the proof names: the certificate's holder and serial, or the masked address.
    detail: Mapped[str] = mapped_column(String(300), default="")
    proven_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)

    user: Mapped[User | None] = relationship()


class IdentityClaim(PublicIdMixin, db.Model):
    """A user's claim to act for a company, waiting for a proof («ожидает подтверждения»)."""

    __tablename__ = "identity_claims"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'proven', 'requested', 'cancelled')", name="status"),
        # One open claim per person: a person works for at most one company.
        Index("ix_identity_claims_one_pending", "user_id", unique=True,
              sqlite_where=text("status = 'pending'"), postgresql_where=text("status = 'pending'")),
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=CLAIM_PENDING)
    method: Mapped[str | None] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(String(500), default="")
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship(lazy="joined")
    company: Mapped[Company] = relationship(lazy="joined")


class EdsChallenge(db.Model):
    """A one-time text to sign with ЭЦП; only its SHA-256 is kept, it works once and briefly."""

    __tablename__ = "eds_challenges"
    __table_args__ = (CheckConstraint("purpose IN ('claim', 'link', 'login')", name="purpose"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(10))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("identity_claims.id", ondelete="CASCADE"))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class EmailCode(PublicIdMixin, db.Model):
    """A 6-digit code sent to an address the directory lists for the claimed company (hashed)."""

    __tablename__ = "email_codes"
    claim_id: Mapped[int] = mapped_column(ForeignKey("identity_claims.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    email_id: Mapped[int | None] = mapped_column(ForeignKey("emails.id", ondelete="SET NULL"))
    masked: Mapped[str] = mapped_column(String(300))
    code_hash: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc, index=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    email: Mapped[Email | None] = relationship()


class EdsLink(db.Model):
    """A user's ИИН, linked once by signing with their ЭЦП, so they can log in by signing."""

    __tablename__ = "eds_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    iin: Mapped[str] = mapped_column(String(12), unique=True)
    holder: Mapped[str] = mapped_column(String(300), default="")
    linked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)

    user: Mapped[User] = relationship()
