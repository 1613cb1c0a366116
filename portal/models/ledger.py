"""The ledger: who owes what on issued invoices for payment, and the payments that settle them.

An issued document never changes (portal.models.issued), so what changes after issue (paid
sums, annulment, payments) lives here, keyed by the issued document. A `LedgerInvoice` row is
written in the same flush as its invoice (the listener at the bottom), so every issue path
(single, repeat-free, batch) gets one, and a rollback takes both away.

Overpayment is not a table of its own: an invoice may be paid above its amount (after the
user confirms), and its `credit` column keeps the excess (or, once annulled, all it was paid);
a counterparty's credit is the sum over its invoices (`portal.ledger.receivables.counterparty_credits`).

The columns the running totals add up (portal.models.ledger_totals) are mapped with
`active_history`, so a flush always knows the value a change replaced, even on an expired row.
"""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    event,
    select,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import User
from portal.models.base import PublicIdMixin
from portal.models.issued import IssuedDocument
from portal.models.smart_docs import SmartDocument
from portal.timeutil import now_utc

INVOICE_TYPE = "ip"  # the invoice for payment (portal.smart_docs.types.DOC_TYPES)
# Issued documents that an invoice can be closed by: Р-1 acts and З-2 waybills.
CLOSING_TYPES = ("aw", "wb")
PAYMENT_METHODS = {"transfer": "безналичный", "cash": "наличные", "card": "карта", "kaspi": "Kaspi"}
PAYMENT_ACTIONS = ("created", "edited", "deleted")
OPEN_SQL = "payment_status IN ('unpaid', 'partial')"


class LedgerInvoice(db.Model):
    """The payable side of one issued invoice: amount as issued, paid so far, annulment."""

    __tablename__ = "ledger_invoices"
    __table_args__ = (
        # The registry's state filters, newest first, read from this table alone.
        Index("ix_ledger_invoices_company_status_date", "company_id", "payment_status", "doc_date", "document_id"),
        # Receivables and the statement import: open invoices by due date, covering what they sum.
        Index("ix_ledger_invoices_company_status_due", "company_id", "payment_status", "due_date",
              "counterparty_bin", "counterparty_name", "amount", "paid"),
        Index("ix_ledger_invoices_company_status_bin", "company_id", "payment_status", "counterparty_bin",
              "due_date", "counterparty_name", "amount", "paid"),
        Index("ix_ledger_invoices_company_month", "company_id", "doc_date", "payment_status", "amount"),
        # The registry's «просрочен» (and the open states) newest first: only open invoices, in page
        # order, so the first page is the index's first entries whatever share of invoices is late.
        Index("ix_ledger_invoices_open_by_date", "company_id", "doc_date", "document_id", "due_date",
              postgresql_where=text(OPEN_SQL), sqlite_where=text(OPEN_SQL)),
        Index("ix_ledger_invoices_company_credit", "company_id", "credit", "counterparty_bin", "counterparty_name"),
        CheckConstraint("paid >= 0", name="ledger_paid_not_negative"),
        CheckConstraint("credit >= 0", name="ledger_credit_not_negative"),
        CheckConstraint("payment_status IN ('unpaid', 'partial', 'paid', 'annulled')", name="ledger_status_known"),
    )
    document_id: Mapped[int] = mapped_column(ForeignKey("issued_documents.id"), primary_key=True)
    # Indexed by the composite indexes above, which all lead with it: a lone index on it would
    # tempt SQLite's planner (one company has no selectivity) away from the covering ones.
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), active_history=True)
    counterparty_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    counterparty_bin: Mapped[str] = mapped_column(String(12), default="", active_history=True)
    counterparty_name: Mapped[str] = mapped_column(String(500), default="", active_history=True)
    number: Mapped[str] = mapped_column(String(20), default="")
    amount: Mapped[Decimal] = mapped_column(Numeric(16, 2), active_history=True)
    paid: Mapped[Decimal] = mapped_column(Numeric(16, 2), default=Decimal("0.00"), active_history=True)
    # What the payments say, without the date: unpaid, partial, paid or annulled (overdue is
    # unpaid/partial past due_date, see portal.ledger.payments.invoice_state). Kept by every write
    # of portal.ledger so lists and sums filter by an index instead of comparing columns row by row.
    payment_status: Mapped[str] = mapped_column(String(8), default="unpaid", active_history=True)
    # Paid above the amount, or everything paid on an annulled invoice: the counterparty's credit.
    credit: Mapped[Decimal] = mapped_column(Numeric(16, 2), default=Decimal("0.00"), active_history=True)
    doc_date: Mapped[date] = mapped_column(Date, active_history=True)
    due_date: Mapped[date | None] = mapped_column(Date, active_history=True)
    # When the payments first reached the amount; None again if a payment is edited or deleted below it.
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    annulled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    annul_reason: Mapped[str] = mapped_column(String(500), default="")
    annulled_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # When `invoice.overdue` was owed to the company's webhooks (portal.ledger.events): once per invoice.
    overdue_notified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)

    document: Mapped[IssuedDocument] = relationship(lazy="joined")
    annulled_by_user: Mapped[User | None] = relationship(foreign_keys=[annulled_by], lazy="select")
    payments: Mapped[list["Payment"]] = relationship(
        back_populates="invoice", order_by="Payment.paid_on, Payment.id", lazy="select"
    )


class Payment(PublicIdMixin, db.Model):
    """Money received against one invoice. Deleting only marks it, so history and exports keep it.

    `id` stays on the server (history, the statement import); pages and the API name a payment
    by its `public_id`.
    """

    __tablename__ = "ledger_payments"
    __table_args__ = (
        Index("ix_ledger_payments_company_paid_on", "company_id", "paid_on", "id"),
        # The receivables' payments by month: live payments of a period, covering the amount.
        Index("ix_ledger_payments_company_live", "company_id", "deleted_at", "paid_on", "amount"),
        CheckConstraint("amount > 0", name="ledger_payment_amount_positive"),
        CheckConstraint("method IN ('transfer', 'cash', 'card', 'kaspi')", name="ledger_payment_method_known"),
    )
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), active_history=True)  # led by the indexes above
    document_id: Mapped[int] = mapped_column(ForeignKey("ledger_invoices.document_id"), index=True)
    paid_on: Mapped[date] = mapped_column(Date, active_history=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(16, 2), active_history=True)
    method: Mapped[str] = mapped_column(String(10), default="transfer")
    reference: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    # The bank statement line this payment came from (the import adds that table and its key).
    statement_line_id: Mapped[int | None] = mapped_column(Integer, index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), active_history=True)

    invoice: Mapped[LedgerInvoice] = relationship(back_populates="payments", lazy="select")
    author: Mapped[User | None] = relationship(foreign_keys=[created_by], lazy="select")
    changes: Mapped[list["PaymentChange"]] = relationship(
        back_populates="payment", order_by="PaymentChange.id", lazy="select"
    )


class PaymentChange(db.Model):
    """One line of a payment's history: who created, edited or deleted it, and the values before and after."""

    __tablename__ = "ledger_payment_changes"
    __table_args__ = (
        CheckConstraint("action IN ('created', 'edited', 'deleted')", name="ledger_change_action_known"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("ledger_payments.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    document_id: Mapped[int] = mapped_column(ForeignKey("ledger_invoices.document_id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    action: Mapped[str] = mapped_column(String(10))
    old_values: Mapped[dict | None] = mapped_column(JSON)
    new_values: Mapped[dict | None] = mapped_column(JSON)

    payment: Mapped[Payment] = relationship(back_populates="changes", lazy="select")
    user: Mapped[User | None] = relationship(lazy="joined")


class InvoiceClosing(db.Model):
    """An issued act (Р-1) or waybill (З-2) that closes an invoice: one invoice per closing document."""

    __tablename__ = "ledger_invoice_closings"
    closing_document_id: Mapped[int] = mapped_column(ForeignKey("issued_documents.id"), primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("ledger_invoices.document_id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)

    closing_document: Mapped[IssuedDocument] = relationship(foreign_keys=[closing_document_id], lazy="joined")
    invoice: Mapped[LedgerInvoice] = relationship(foreign_keys=[invoice_id], lazy="joined")


def invoice_for(record: IssuedDocument, due_date: date | None) -> LedgerInvoice:
    """The ledger row of a newly issued invoice (amount and counterparty as printed)."""
    amount = Decimal(record.total_sum)
    return LedgerInvoice(
        document=record, company_id=record.company_sender_id, counterparty_id=record.company_recipient_id,
        counterparty_bin=record.recipient_bin or "", counterparty_name=record.recipient_name or "",
        number=record.number, amount=amount, paid=Decimal("0.00"), credit=Decimal("0.00"),
        payment_status="paid" if amount <= 0 else "unpaid", doc_date=record.doc_date, due_date=due_date,
        # An invoice for nothing owes nothing: it is paid from the start.
        paid_at=record.created if amount <= 0 else None,
    )


@event.listens_for(Session, "before_flush")
def _open_ledger_rows(session: Session, flush_context, instances) -> None:
    """Every invoice for payment issued gets its ledger row in the same flush (and transaction)."""
    invoices = [obj for obj in session.new if isinstance(obj, IssuedDocument) and obj.type == INVOICE_TYPE]
    if not invoices:
        return
    wanted = {(obj.company_sender_id, obj.content_id) for obj in invoices}
    with session.no_autoflush:
        rows = session.execute(
            select(SmartDocument.company_id, SmartDocument.public_id, SmartDocument.date_of_expire).where(
                SmartDocument.doc_type == INVOICE_TYPE,
                SmartDocument.public_id.in_([content_id for _, content_id in wanted]),
            )
        ).all()
    due = {(company_id, public_id): expire for company_id, public_id, expire in rows}
    for record in invoices:
        session.add(invoice_for(record, due.get((record.company_sender_id, record.content_id))))
