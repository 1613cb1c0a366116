"""Payment reminders: a company's rules, the scheduler's pass, sending, by hand, exclusions.

A rule says «N days after the due date» (negative N: before it). The pass (`plan_reminders`,
the clock's `reminders` job) writes, with one INSERT … SELECT per distinct N, a pending
reminder for every open invoice (neither paid nor annulled, not excluded) whose due date plus N
fell within the last REMINDERS_CATCHUP_DAYS days and that has none for that rule yet; the
unique (invoice, rule) makes a second pass or a second scheduler write nothing. A worker
(`send_pending`) then turns each into an e-mail: a `MailDelivery` of the invoice's PDF with the
rule's text, linked to the reminder in the same commit by a compare-and-set, so a reminder
gets at most one e-mail; that e-mail has the same attempts, retries and lease as every other.

Text placeholders: {номер} {дата} {сумма} {остаток} {срок} {ссылка} {контрагент} {компания} {дней}.
"""
import logging
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import and_, exists, insert, literal, select, update

from portal.errors import ApiError, ValidationFailed
from portal.extensions import db
from portal.ledger.payments import invoice_state, remaining
from portal.models import Email, MailDelivery, Staff
from portal.models.base import PUBLIC_ID_RE
from portal.models.chores import InvoiceReminder, ReminderExclusion, ReminderRule
from portal.models.ledger import LedgerInvoice
from portal.documents.mail import enqueue, queue_mail
from portal.tasks import ledger
from portal.timeutil import now_utc, today_almaty
from portal.web.templating import format_money

log = logging.getLogger(__name__)
JOB_KIND = "reminders_send"
PLACEHOLDERS = ("{номер}", "{дата}", "{сумма}", "{остаток}", "{срок}", "{ссылка}", "{контрагент}", "{компания}",
                "{дней}")
DEFAULT_SUBJECT = "Напоминание об оплате счёта № {номер} от {дата}"
DEFAULT_TEXT = ("Здравствуйте!\n\nНапоминаем об оплате счёта № {номер} от {дата} на сумму {сумма} ₸. "
                "Осталось оплатить {остаток} ₸, срок оплаты — {срок}.\n"
                "Подлинность счёта можно проверить по ссылке: {ссылка}\n\nС уважением, {компания}")
MAX_TEXT = 4000
STATE_TEXTS = {"pending": "готовится", "mailed": "письмо создано", "skipped": "не отправлено (оплачен или аннулирован)",
               "no_address": "нет адреса получателя"}


def days_text(days: int) -> str:
    """«за 3 дн. до срока», «в день срока», «через 7 дн. после срока»."""
    if days < 0:
        return f"за {-days} дн. до срока"
    if days == 0:
        return "в день срока"
    return f"через {days} дн. после срока"


def _require_director(staff: Staff) -> None:
    if not staff.is_director:
        raise ApiError(403, "Правила напоминаний меняет только директор компании.")


def clean_rule(data: dict, base: ReminderRule | None = None) -> dict:
    """A rule's values from a form or JSON; fields not sent keep `base`'s."""
    errors: dict[str, list[str]] = {}
    values: dict = {}
    raw = data.get("days", base.days if base else None)
    try:
        if isinstance(raw, (bool, float)) or raw in (None, ""):
            raise ValueError
        values["days"] = int(str(raw).strip())
        if not -60 <= values["days"] <= 365:
            errors["days"] = ["От -60 (за 60 дней до срока) до 365 (через год после)."]
    except ValueError:
        errors["days"] = ["Целое число дней: отрицательное — до срока, положительное — после."]
    for name, default, limit in (("subject", DEFAULT_SUBJECT, 200), ("text", DEFAULT_TEXT, MAX_TEXT)):
        value = data.get(name, getattr(base, name) if base else default)
        value = value.strip() if isinstance(value, str) else ""
        if not value:
            errors[name] = ["Обязательное поле."]
        elif len(value) > limit:
            errors[name] = [f"Не больше {limit} символов."]
        values[name] = value
    active = data.get("active", base.active if base else True)
    values["active"] = active in (True, "1", "true", "on", 1)
    if errors:
        raise ValidationFailed(errors)
    return values


def rules_of(company_id: int) -> list[ReminderRule]:
    return list(db.session.execute(select(ReminderRule).where(ReminderRule.company_id == company_id)
                                   .order_by(ReminderRule.days)).scalars())


def find_rule(company_id: int, public_id: str) -> ReminderRule:
    if not isinstance(public_id, str) or not PUBLIC_ID_RE.match(public_id):
        raise ApiError(404, "Правило не найдено.")
    rule = db.session.execute(select(ReminderRule).where(ReminderRule.company_id == company_id,
                                                         ReminderRule.public_id == public_id)).scalar_one_or_none()
    if rule is None:
        raise ApiError(404, "Правило не найдено.")
    return rule


def _unique_days(company_id: int, days: int, rule_id: int | None) -> None:
    clash = db.session.execute(select(ReminderRule.id).where(ReminderRule.company_id == company_id,
                                                             ReminderRule.days == days)).scalar()
    if clash is not None and clash != rule_id:
        raise ValidationFailed({"days": ["Правило на этот день уже есть."]})


def create_rule(staff: Staff, data: dict) -> ReminderRule:
    _require_director(staff)
    values = clean_rule(data)
    _unique_days(staff.company_id, values["days"], None)
    rule = ReminderRule(company_id=staff.company_id, **values)
    db.session.add(rule)
    db.session.flush()
    return rule


def update_rule(staff: Staff, rule: ReminderRule, data: dict) -> ReminderRule:
    _require_director(staff)
    values = clean_rule(data, rule)
    _unique_days(staff.company_id, values["days"], rule.id)
    for key, value in values.items():
        setattr(rule, key, value)
    db.session.flush()
    return rule


def delete_rule(staff: Staff, rule: ReminderRule) -> None:
    """Remove a rule; the reminders it sent stay listed on their invoices."""
    _require_director(staff)
    db.session.delete(rule)
    db.session.flush()


def render_text(template: str, inv: LedgerInvoice, today: date) -> str:
    """The rule's text with the invoice's values (Kazakh letters and any Unicode pass through)."""
    record = inv.document
    values = {
        "{номер}": inv.number, "{дата}": f"{inv.doc_date:%d.%m.%Y}", "{сумма}": format_money(inv.amount),
        "{остаток}": format_money(remaining(inv)), "{срок}": f"{inv.due_date:%d.%m.%Y}" if inv.due_date else "—",
        "{ссылка}": record.verify_url or "", "{контрагент}": inv.counterparty_name or "",
        "{компания}": record.sender_name or "",
        "{дней}": str((today - inv.due_date).days) if inv.due_date else "",
    }
    for key, value in values.items():
        template = template.replace(key, value)
    return template


def recipients_of(inv: LedgerInvoice) -> list[str]:
    """The addresses chosen when the invoice was issued, else the counterparty's in the directory."""
    chosen = [address for address in (inv.document.email_recipients or []) if address]
    if chosen:
        return list(dict.fromkeys(chosen))
    if inv.counterparty_id is None:
        return []
    found = db.session.execute(select(Email.email).where(Email.company_id == inv.counterparty_id)
                               .order_by(Email.id)).scalars().all()
    return list(dict.fromkeys(address.strip().lower() for address in found if address and "@" in address))[:10]


def plan_reminders(today: date | None = None, now: datetime | None = None) -> int | None:
    """Write the reminders due today (by every company's rules) and one job to send them."""
    written = write_due(today, now)
    if not written:
        return None
    job = ledger.new_job(JOB_KIND, {}, title="Напоминания об оплате", total=written)
    db.session.commit()
    ledger.enqueue([job.id])
    return job.id


def write_due(today: date | None = None, now: datetime | None = None) -> int:
    """The pass's decision: a pending reminder per (open invoice, rule) due today; committed. How many."""
    today = today or today_almaty()
    now = now or now_utc()
    catchup = max(int(current_app.config["REMINDERS_CATCHUP_DAYS"]), 0)
    inv, rule = LedgerInvoice, ReminderRule
    written = 0
    for days in db.session.execute(select(rule.days).where(rule.active.is_(True)).distinct()).scalars().all():
        latest = today - timedelta(days=days)
        query = (
            select(inv.company_id, inv.document_id, rule.id, rule.days, literal("pending"), literal(now))
            .join(rule, and_(rule.company_id == inv.company_id, rule.days == days, rule.active.is_(True)))
            .where(inv.annulled_at.is_(None), inv.paid_at.is_(None),
                   inv.due_date.between(latest - timedelta(days=catchup), latest),
                   ~exists().where(InvoiceReminder.document_id == inv.document_id, InvoiceReminder.rule_id == rule.id),
                   ~exists().where(ReminderExclusion.document_id == inv.document_id))
        )
        # RETURNING counts what was written on both databases (psycopg reports no rowcount here).
        result = db.session.execute(insert(InvoiceReminder.__table__).from_select(
            ["company_id", "document_id", "rule_id", "days", "state", "created"], query)
            .returning(InvoiceReminder.__table__.c.id))
        written += len(result.all())
    db.session.commit()
    return written


def _make_mail(reminder: InvoiceReminder, subject: str, text: str, today: date) -> MailDelivery | None:
    """Turn a pending reminder into its e-mail; None when it is not to be sent (state says why)."""
    inv = db.session.get(LedgerInvoice, reminder.document_id)
    state = invoice_state(inv, today)
    excluded = reminder.rule_id is not None and db.session.get(ReminderExclusion, inv.document_id) is not None
    target = None
    if state in ("paid", "annulled") or excluded:
        target = "skipped"
    addresses = recipients_of(inv) if target is None else []
    if target is None and not addresses:
        target = "no_address"
    mail = None
    if target is None:
        mail = queue_mail(inv.document, addresses, reminder.user_id)
        mail.subject = render_text(subject, inv, today)[:300]
        mail.body = render_text(text, inv, today)
        db.session.flush()
        target = "mailed"
    claimed = db.session.execute(
        update(InvoiceReminder).where(InvoiceReminder.id == reminder.id, InvoiceReminder.state == "pending")
        .values(state=target, mail_id=mail.id if mail else None).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        db.session.rollback()  # another worker made this reminder's e-mail
        return None
    db.session.commit()
    return mail


def send_pending(limit: int = 500, today: date | None = None) -> int:
    """Make the e-mails of pending reminders (oldest first) and hand them to the queue."""
    today = today or today_almaty()
    ids = db.session.execute(select(InvoiceReminder.id).where(InvoiceReminder.state == "pending")
                             .order_by(InvoiceReminder.id).limit(limit)).scalars().all()
    sent = 0
    for reminder_id in ids:
        reminder = db.session.get(InvoiceReminder, reminder_id, populate_existing=True)
        if reminder is None or reminder.state != "pending":
            continue
        rule = db.session.get(ReminderRule, reminder.rule_id) if reminder.rule_id else None
        mail = _make_mail(reminder, rule.subject if rule else DEFAULT_SUBJECT, rule.text if rule else DEFAULT_TEXT,
                          today)
        if mail is not None:
            enqueue(mail)
            sent += 1
    return sent


def remind_now(staff: Staff, inv: LedgerInvoice) -> InvoiceReminder:
    """«Напомнить сейчас»: one reminder by hand with the company's first rule's text (or the default)."""
    state = invoice_state(inv, today_almaty())
    if state in ("paid", "annulled"):
        raise ApiError(409, "Счёт оплачен или аннулирован: напоминать не о чем.")
    if not recipients_of(inv):
        raise ApiError(409, "Некому напомнить: у счёта нет адресов, у контрагента в справочнике — тоже.")
    reminder = InvoiceReminder(company_id=inv.company_id, document_id=inv.document_id, rule_id=None, days=None,
                               state="pending", user_id=staff.user_id)
    db.session.add(reminder)
    db.session.commit()
    rules = rules_of(inv.company_id)
    rule = rules[0] if rules else None
    mail = _make_mail(reminder, rule.subject if rule else DEFAULT_SUBJECT, rule.text if rule else DEFAULT_TEXT,
                      today_almaty())
    if mail is not None:
        enqueue(mail)
    db.session.refresh(reminder)
    return reminder


def set_excluded(staff: Staff, inv: LedgerInvoice, excluded: bool) -> bool:
    """Switch automatic reminders off (or on again) for one invoice (director only)."""
    _require_director(staff)
    row = db.session.get(ReminderExclusion, inv.document_id)
    if excluded and row is None:
        db.session.add(ReminderExclusion(document_id=inv.document_id, company_id=inv.company_id, user_id=staff.user_id))
    elif not excluded and row is not None:
        db.session.delete(row)
    db.session.flush()
    return excluded


def is_excluded(inv: LedgerInvoice) -> bool:
    return db.session.get(ReminderExclusion, inv.document_id) is not None


def reminders_of(inv: LedgerInvoice) -> list[InvoiceReminder]:
    """Every reminder of the invoice, newest first, with its e-mail's delivery state."""
    return list(db.session.execute(select(InvoiceReminder).where(InvoiceReminder.company_id == inv.company_id,
                                                                 InvoiceReminder.document_id == inv.document_id)
                                   .order_by(InvoiceReminder.id.desc())).unique().scalars())
