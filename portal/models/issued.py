"""Issued documents: the numbered, immutable PDFs made from smart documents.

A smart document (part 1: invoice for payment, act, waybill, offer, VAT invoice) can be issued
any number of times; every issue is a new record with its own number, `doc_id` and frozen PDF.
Source documents are referenced by their type code and public id (`type` + `content_id`), as
the seed's contract does, so this table does not depend on part 1's tables.
"""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import Staff, User
from portal.models.base import PublicIdMixin
from portal.models.directory import Company
from portal.timeutil import now_utc

FORMS = ("pu", "pr")

issued_document_viewers = Table(
    "issued_document_viewers",
    db.metadata,
    Column("document_id", ForeignKey("issued_documents.id", ondelete="CASCADE"), primary_key=True),
    # A viewer is a position in a company: when the person leaves, the sharing goes with it.
    Column("staff_id", ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class DocumentCounter(db.Model):
    """The last number given to a company's documents of one type in one year.

    The row is incremented inside the issuing transaction, so its lock serialises concurrent
    issues and a rollback gives the number back: numbers are gap-free and never reused.
    """

    __tablename__ = "document_counters"
    __table_args__ = (
        UniqueConstraint("company_id", "type", "year"),
        CheckConstraint("last_number >= 0", name="last_number_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(2))
    year: Mapped[int] = mapped_column(Integer)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class IssuedDocument(PublicIdMixin, db.Model):
    """One issued PDF: its number, `doc_id`, parties at issue time, hash and sharing."""

    __tablename__ = "issued_documents"
    __table_args__ = (
        UniqueConstraint("company_sender_id", "type", "year", "seq"),
        Index("ix_issued_documents_sender_created", "company_sender_id", "created"),
        Index("ix_issued_documents_source", "company_sender_id", "type", "content_id"),
        # The ledger's registry: a company's documents in each of its orders and by its filters.
        Index("ix_issued_documents_sender_date", "company_sender_id", "doc_date", "id"),
        Index("ix_issued_documents_sender_type_date", "company_sender_id", "type", "doc_date", "id"),
        Index("ix_issued_documents_sender_bin_date", "company_sender_id", "recipient_bin", "doc_date", "id"),
        Index("ix_issued_documents_sender_recipient_date", "company_sender_id", "company_recipient_id", "doc_date", "id"),
        Index("ix_issued_documents_sender_total", "company_sender_id", "total_sum", "id"),
        Index("ix_issued_documents_sender_number", "company_sender_id", "number", "id"),
    )
    doc_id: Mapped[str] = mapped_column(String(13), unique=True)
    type: Mapped[str] = mapped_column(String(2))
    form: Mapped[str] = mapped_column(String(2))
    content_id: Mapped[str] = mapped_column(String(8))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(120))
    doc_date: Mapped[date] = mapped_column(Date)
    total_sum: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    nds_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    nds_sum: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    company_sender_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    company_recipient_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    # Names and BINs as printed: the directory may rename a company later, the PDF does not change.
    sender_name: Mapped[str] = mapped_column(String(500))
    sender_bin: Mapped[str] = mapped_column(String(12))
    recipient_name: Mapped[str | None] = mapped_column(String(500))
    recipient_bin: Mapped[str | None] = mapped_column(String(12))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    email_recipients: Mapped[list] = mapped_column(JSON, default=list)
    verify_url: Mapped[str] = mapped_column(String(500))
    # How the issuer's company had proven its identity when this was issued (None: issued before
    # proofs were recorded, «способ подтверждения не записан»).
    authority_method: Mapped[str | None] = mapped_column(String(20))
    authority_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    # SHA-256 of what was printed (the print context and visibility): an unchanged source issued
    # again answers this record instead of taking a new number (portal.documents.once).
    source_hash: Mapped[str | None] = mapped_column(String(64))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)

    company_sender: Mapped[Company] = relationship(foreign_keys=[company_sender_id], lazy="joined")
    company_recipient: Mapped[Company | None] = relationship(foreign_keys=[company_recipient_id], lazy="joined")
    user: Mapped[User | None] = relationship(lazy="joined")
    viewers: Mapped[list[Staff]] = relationship(secondary=issued_document_viewers, lazy="selectin")
    file: Mapped["IssuedFile"] = relationship(
        back_populates="document", uselist=False, cascade="all, delete-orphan", lazy="select"
    )
    mails: Mapped[list["MailDelivery"]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="MailDelivery.id", lazy="select"
    )


class IssuedFile(db.Model):
    """The PDF bytes, kept apart so that lists and checks never load them."""

    __tablename__ = "issued_document_files"
    document_id: Mapped[int] = mapped_column(
        ForeignKey("issued_documents.id", ondelete="CASCADE"), primary_key=True
    )
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    document: Mapped[IssuedDocument] = relationship(back_populates="file")


MAIL_STATUSES = ("pending", "sent", "outbox", "failed")


class MailDelivery(db.Model):
    """One e-mail of an issued PDF to a list of addresses, and how its attempts went.

    The row is written in the transaction that issues the document (or that asks to send it
    again), so a message cannot be lost between the commit and the SMTP call: a worker of the
    task queue makes the first attempt, the scheduler retries what is still `pending` when
    `next_attempt_at` comes.
    `sent`, `outbox` (written to instance/outbox/ without an SMTP server) and `failed` (given up
    after the last retry) are final.
    """

    __tablename__ = "document_mails"
    __table_args__ = (
        Index("ix_document_mails_due", "status", "next_attempt_at"),
        CheckConstraint("status IN ('pending', 'sent', 'outbox', 'failed')", name="mail_status_known"),
        CheckConstraint("attempts >= 0", name="mail_attempts_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("issued_documents.id", ondelete="CASCADE"), index=True)
    recipients: Mapped[list] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Until when the attempt in flight holds the row (portal.documents.mail._claim).
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    # A payment reminder's own subject and text (portal.chores.reminders); empty for the e-mail.
    subject: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(Text)

    document: Mapped[IssuedDocument] = relationship(back_populates="mails")


class ImmutableDocumentError(Exception):
    """Raised when code tries to change or delete what was issued."""


@event.listens_for(IssuedDocument, "before_update")
@event.listens_for(IssuedFile, "before_update")
def _refuse_update(mapper, connection, target) -> None:
    """An issued document and its PDF never change: a correction is a new document.

    Viewers live in their own table, so sharing still works; any column change is refused.
    """
    state = inspect(target)
    for attr in mapper.column_attrs:
        if state.attrs[attr.key].history.has_changes():
            raise ImmutableDocumentError(f"{type(target).__name__}.{attr.key} cannot change once issued")


@event.listens_for(IssuedFile, "before_delete")
def _refuse_file_delete(mapper, connection, target) -> None:
    """The stored PDF is the proof a check compares against; it is never deleted alone."""
    raise ImmutableDocumentError("an issued PDF cannot be deleted")
