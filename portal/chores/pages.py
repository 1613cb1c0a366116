"""What the schedule pages, the rules page and an invoice's reminders show (HTML and JSON alike)."""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from portal.chores import periods, reminders
from portal.chores.schedules import find_schedule
from portal.documents.mail import report
from portal.extensions import db
from portal.ledger.invoices import invoice_by_public_id
from portal.ledger.payments import invoice_state
from portal.models import SmartDocument
from portal.models.chores import (TEMPLATE_TYPES, InvoiceReminder, RecurringSchedule, ReminderRule, ScheduleRun,
                                  ScheduleVersion)
from portal.models.ledger import LedgerInvoice

UPCOMING = 5


@dataclass
class ScheduleView:
    schedule: RecurringSchedule
    upcoming: list[date]
    runs: list[ScheduleRun] = field(default_factory=list)
    versions: list[ScheduleVersion] = field(default_factory=list)
    template: SmartDocument | None = None


def _upcoming(schedule: RecurringSchedule, count: int = UPCOMING) -> list[date]:
    """The next run dates: from `next_run` on (none while paused or after the end date)."""
    if schedule.paused or schedule.next_run is None:
        return []
    return [schedule.next_run] + periods.upcoming(schedule.start_date, schedule.every_months, schedule.day,
                                                  schedule.last_day, schedule.next_run, schedule.end_date, count - 1)


def schedule_list(company_id: int) -> list[ScheduleView]:
    rows = db.session.execute(select(RecurringSchedule).where(RecurringSchedule.company_id == company_id)
                              .order_by(RecurringSchedule.paused, RecurringSchedule.next_run,
                                        RecurringSchedule.id)).scalars().all()
    return [ScheduleView(row, _upcoming(row, 3)) for row in rows]


def schedule_view(company_id: int, public_id: str) -> ScheduleView:
    schedule = find_schedule(company_id, public_id)
    runs = db.session.execute(select(ScheduleRun).where(ScheduleRun.schedule_id == schedule.id)
                              .order_by(ScheduleRun.period_start.desc()).limit(100)).unique().scalars().all()
    template = db.session.execute(select(SmartDocument).where(
        SmartDocument.company_id == company_id, SmartDocument.doc_type == schedule.doc_type,
        SmartDocument.public_id == schedule.source_public_id)).unique().scalar_one_or_none()
    return ScheduleView(schedule, _upcoming(schedule), list(runs), list(schedule.versions), template)


def template_choices(company_id: int, limit: int = 100) -> list[SmartDocument]:
    """Documents that can become a template: the company's newest invoices, acts and offers."""
    return list(db.session.execute(
        select(SmartDocument).where(SmartDocument.company_id == company_id, SmartDocument.doc_type.in_(TEMPLATE_TYPES))
        .order_by(SmartDocument.created.desc(), SmartDocument.id.desc()).limit(limit)).unique().scalars())


@dataclass
class RulesView:
    rules: list[ReminderRule]
    placeholders: tuple = reminders.PLACEHOLDERS
    default_subject: str = reminders.DEFAULT_SUBJECT
    default_text: str = reminders.DEFAULT_TEXT


def rules_view(company_id: int) -> RulesView:
    return RulesView(reminders.rules_of(company_id))


@dataclass
class InvoiceReminders:
    invoice: LedgerInvoice
    state: str
    excluded: bool
    recipients: list[str]
    items: list[InvoiceReminder]
    rules: dict[int, ReminderRule]

    def delivery(self, item: InvoiceReminder):
        return report(item.mail) if item.mail is not None else None


def invoice_reminders(company_id: int, public_id: str, today: date) -> InvoiceReminders:
    inv = invoice_by_public_id(company_id, public_id)
    return InvoiceReminders(inv, invoice_state(inv, today), reminders.is_excluded(inv), reminders.recipients_of(inv),
                            reminders.reminders_of(inv), {rule.id: rule for rule in reminders.rules_of(company_id)})
