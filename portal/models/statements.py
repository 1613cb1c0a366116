"""Bank statements: an uploaded file, its lines, and the column mapping remembered per bank.

A line is kept once per company whatever file it came in: `line_hash` is the SHA-256 of what
identifies a bank operation (date, direction, amount, bank document number, payer and
purpose), unique with the company, so importing the same statement twice (or two overlapping
statements) records nothing twice. A matched line points at the payment it became.
"""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.base import PublicIdMixin
from portal.timeutil import now_utc

FORMATS = {"1c": "1С (1CClientBankExchange)", "csv": "CSV", "xlsx": "XLSX"}
LINE_STATES = {"open": "не разнесена", "paid": "разнесена", "outgoing": "списание"}


class BankStatement(PublicIdMixin, db.Model):
    """One uploaded statement file: who, when, which bank account and period it covers."""

    __tablename__ = "bank_statements"
    __table_args__ = (Index("ix_bank_statements_company_recent", "company_id", "id"),)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    file_format: Mapped[str] = mapped_column(String(8))
    bank: Mapped[str] = mapped_column(String(100), default="")
    account: Mapped[str] = mapped_column(String(34), default="")
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    lines_in_file: Mapped[int] = mapped_column(Integer, default=0)
    lines_new: Mapped[int] = mapped_column(Integer, default=0)

    lines: Mapped[list["StatementLine"]] = relationship(back_populates="statement", order_by="StatementLine.position",
                                                        lazy="select")


class StatementLine(PublicIdMixin, db.Model):
    """One bank operation; incoming ones carry the invoice proposed for them and their confidence."""

    __tablename__ = "bank_statement_lines"
    __table_args__ = (
        UniqueConstraint("company_id", "line_hash", name="uq_bank_statement_lines_company_hash"),
        Index("ix_bank_statement_lines_statement", "statement_id", "position"),
    )
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    statement_id: Mapped[int] = mapped_column(ForeignKey("bank_statements.id"))
    position: Mapped[int] = mapped_column(Integer)  # the line of the file the operation starts on
    line_hash: Mapped[str] = mapped_column(String(64))
    op_date: Mapped[date] = mapped_column(Date)
    direction: Mapped[str] = mapped_column(String(3))  # "in" (credit to our account) or "out"
    amount: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    doc_number: Mapped[str] = mapped_column(String(50), default="")
    payer_name: Mapped[str] = mapped_column(String(500), default="")
    payer_bin: Mapped[str] = mapped_column(String(12), default="")
    payer_account: Mapped[str] = mapped_column(String(34), default="")
    purpose: Mapped[str] = mapped_column(String(1000), default="")
    knp: Mapped[str] = mapped_column(String(3), default="")
    proposed_document_id: Mapped[int | None] = mapped_column(ForeignKey("issued_documents.id"))
    confidence: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(String(200), default="")
    payment_id: Mapped[int | None] = mapped_column(Integer)

    statement: Mapped[BankStatement] = relationship(back_populates="lines", lazy="select")


class StatementMapping(db.Model):
    """Which column of a bank's CSV/XLSX statement holds what, remembered per company and bank."""

    __tablename__ = "bank_statement_mappings"
    __table_args__ = (UniqueConstraint("company_id", "bank_key", name="uq_bank_statement_mappings_company_bank"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    bank_key: Mapped[str] = mapped_column(String(100))  # the BIC or name, folded to upper case
    columns: Mapped[dict] = mapped_column(JSON, default=dict)
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
