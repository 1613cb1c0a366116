"""Recurring documents and payment reminders (#20): the monthly chores the portal does itself.

A `RecurringSchedule` turns a company's invoice for payment, act or commercial offer into a
template: what the template printed is snapshotted per version (`ScheduleVersion.content`), so
changing it only affects later runs and a document already made never changes. A
`ScheduleRun` is one period of a schedule; (schedule_id, period_start) is unique and the row is
written before any work, so two schedulers, a re-delivered task or a catch-up after downtime
make each period at most once.

Reminders: a company's `ReminderRule`s (days relative to the due date: -3 is three days before,
7 is a week after); `InvoiceReminder` is one reminder of one invoice, unique per (invoice, rule)
so none is sent twice for the same rule; its e-mail is an ordinary `MailDelivery` of the
invoice's PDF (same retries, leases and outbox). `ReminderExclusion` switches reminders off for
one invoice.
"""
from datetime import date, datetime

from sqlalchemy import (JSON, Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.base import PublicIdMixin
from portal.models.issued import IssuedDocument, MailDelivery
from portal.timeutil import now_utc

TEMPLATE_TYPES = ("ip", "aw", "co")
ACTIONS = ("draft", "issue")
RUN_STATES = ("pending", "running", "done", "failed")
REMINDER_STATES = ("pending", "mailed", "skipped", "no_address")


class RecurringSchedule(PublicIdMixin, db.Model):
    """When and how a template document is made again: every `every_months` months on `day`."""

    __tablename__ = "recurring_schedules"
    __table_args__ = (
        # The scheduler's pass reads only what is due: active schedules by their next run date.
        Index("ix_recurring_due", "paused", "next_run"),
        CheckConstraint("every_months BETWEEN 1 AND 12", name="recurring_every_known"),
        CheckConstraint("day BETWEEN 1 AND 31", name="recurring_day_known"),
        CheckConstraint("action IN ('draft', 'issue')", name="recurring_action_known"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    doc_type: Mapped[str] = mapped_column(String(2))
    source_public_id: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(200))
    every_months: Mapped[int] = mapped_column(Integer, default=1)
    day: Mapped[int] = mapped_column(Integer, default=1)
    last_day: Mapped[bool] = mapped_column(Boolean, default=False)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    action: Mapped[str] = mapped_column(String(10), default="draft")
    form: Mapped[str] = mapped_column(String(2), default="pr")
    email_recipients: Mapped[list] = mapped_column(JSON, default=list)
    # Where verification pages live, taken from the request that made the schedule (the worker has none).
    base_url: Mapped[str] = mapped_column(String(300), default="")
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    # The first period not yet written as a run (None once the end date is passed).
    next_run: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)

    versions: Mapped[list["ScheduleVersion"]] = relationship(order_by="ScheduleVersion.version", lazy="select")


class ScheduleVersion(db.Model):
    """What the template held when this version was saved (fields and lines, as plain JSON)."""

    __tablename__ = "recurring_versions"
    __table_args__ = (UniqueConstraint("schedule_id", "version", name="uq_recurring_versions_schedule_version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("recurring_schedules.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column(JSON)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)


class ScheduleRun(db.Model):
    """One period of a schedule: claimed before any work, then the draft and the issued document it made."""

    __tablename__ = "recurring_runs"
    __table_args__ = (
        UniqueConstraint("schedule_id", "period_start", name="uq_recurring_runs_schedule_period"),
        Index("ix_recurring_runs_state", "state", "schedule_id", "period_start"),
        CheckConstraint("state IN ('pending', 'running', 'done', 'failed')", name="recurring_run_state_known"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("recurring_schedules.id", ondelete="CASCADE"))
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    version: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    draft_public_id: Mapped[str | None] = mapped_column(String(8))
    issued_document_id: Mapped[int | None] = mapped_column(ForeignKey("issued_documents.id", ondelete="SET NULL"))
    last_error: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    issued: Mapped[IssuedDocument | None] = relationship(lazy="joined")


class ReminderRule(PublicIdMixin, db.Model):
    """Remind `days` after the due date (negative: before it) with this text."""

    __tablename__ = "reminder_rules"
    __table_args__ = (
        UniqueConstraint("company_id", "days", name="uq_reminder_rules_company_days"),
        CheckConstraint("days BETWEEN -60 AND 365", name="reminder_days_range"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    days: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)


class InvoiceReminder(db.Model):
    """One reminder of one invoice: by a rule (once per rule) or by hand (`rule_id` empty)."""

    __tablename__ = "invoice_reminders"
    __table_args__ = (
        UniqueConstraint("document_id", "rule_id", name="uq_invoice_reminders_invoice_rule"),
        Index("ix_invoice_reminders_state", "state", "id"),
        CheckConstraint("state IN ('pending', 'mailed', 'skipped', 'no_address')", name="reminder_state_known"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("ledger_invoices.document_id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("reminder_rules.id", ondelete="SET NULL"))
    days: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10), default="pending")
    mail_id: Mapped[int | None] = mapped_column(ForeignKey("document_mails.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)

    mail: Mapped[MailDelivery | None] = relationship(lazy="joined")


class ReminderExclusion(db.Model):
    """This invoice gets no automatic reminders (a hand-sent one still goes)."""

    __tablename__ = "reminder_exclusions"
    document_id: Mapped[int] = mapped_column(ForeignKey("ledger_invoices.document_id", ondelete="CASCADE"),
                                             primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
