"""Payment reminders: rules on dates around the due date, once per rule and invoice, stop on payment
and annulment, exclusion, «Напомнить сейчас», Kazakh letters, e-mails read back from real SMTP."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from portal.chores import reminders
from portal.extensions import db
from portal.ledger import payments
from portal.models import Email, InvoiceReminder, IssuedDocument, IssuedFile, MailDelivery
from portal.timeutil import today_almaty
from tests import factories
from tests.ledger_support import make_invoice
from tests.mailbox import SMTP_CONFIG, inbox  # noqa: F401  (fixture)
from tests.test_documents_support import staff_of_user

pytestmark = pytest.mark.parametrize("app_config", [SMTP_CONFIG])
KAZAKH_TEXT = "Құрметті серіктес! Шот № {номер} ({дата}) бойынша {остаток} ₸ қалды, мерзімі {срок}. Тексеру: {ссылка}"


@pytest.fixture
def buyer(app):
    company = factories.make_company(name='ТОО "ҚАЙРАТ ӨРКЕН"')
    db.session.add(Email(email="buh@kairat.kz", company_id=company.id))
    db.session.commit()
    return company


def _invoice(company, buyer, due, amount="1000.00"):
    invoice = make_invoice(company, buyer, amount, due - timedelta(days=10), due)
    db.session.add(IssuedFile(document_id=invoice.document_id, pdf=b"%PDF-1.4 test"))
    db.session.commit()
    return invoice


def _rules(director, *days, text=reminders.DEFAULT_TEXT):
    staff = staff_of_user(director)
    for day in days:
        reminders.create_rule(staff, {"days": day, "subject": "Напоминание: счёт № {номер}", "text": text})
    db.session.commit()


def _count(**where):
    query = select(func.count()).select_from(InvoiceReminder)
    for key, value in where.items():
        query = query.where(getattr(InvoiceReminder, key) == value)
    return db.session.execute(query).scalar()


def test_rules_fire_on_their_days_around_the_due_date_and_never_twice(app, company, director, buyer, inbox):
    app.config["REMINDERS_CATCHUP_DAYS"] = 0
    _rules(director, -3, 1, 7, 14)
    due = date(2026, 12, 10)
    invoice = _invoice(company, buyer, due)
    fired = {}
    for offset in range(-5, 17):
        today = due + timedelta(days=offset)
        before = _count()
        reminders.plan_reminders(today)
        reminders.plan_reminders(today)  # a second scheduler: nothing more
        fired[offset] = _count() - before
    assert {offset for offset, n in fired.items() if n} == {-3, 1, 7, 14}
    assert all(n in (0, 1) for n in fired.values())
    messages = inbox.wait(4)
    assert all(rcpts == ["buh@kairat.kz"] for rcpts, _ in messages)
    assert messages[0][1]["Subject"] == f"Напоминание: счёт № {invoice.number}"
    assert len(messages) == 4


def test_catch_up_sends_a_missed_reminder_once_within_the_window(app, company, director, buyer, inbox):
    _rules(director, 1)
    due = date(2026, 12, 10)
    _invoice(company, buyer, due)
    reminders.plan_reminders(due + timedelta(days=3))  # down from day 0 to day 3; window is 3 days
    reminders.plan_reminders(due + timedelta(days=4))
    assert _count(state="mailed") == 1
    other = _invoice(company, buyer, date(2026, 11, 1))
    reminders.plan_reminders(date(2026, 12, 14))  # a month late: too late to remind by this rule
    assert _count(document_id=other.document_id) == 0


def test_payment_and_annulment_stop_reminders(company, director, buyer, inbox):
    _rules(director, 1, 7)
    due = date(2026, 12, 10)
    paid = _invoice(company, buyer, due)
    annulled = _invoice(company, buyer, due)
    reminders.plan_reminders(due + timedelta(days=1))
    assert _count(state="mailed") == 2
    payments.record_payment(company.id, paid.document_id, paid_on=date(2026, 12, 1), amount=Decimal("1000.00"), method="transfer")
    annulled.annulled_at = annulled.created
    db.session.commit()
    reminders.plan_reminders(due + timedelta(days=7))
    assert _count(state="mailed") == 2
    assert _count() == 2
    inbox.wait(2)


def test_paid_between_planning_and_sending_is_skipped(company, director, buyer):
    _rules(director, 1)
    due = date(2026, 12, 10)
    invoice = _invoice(company, buyer, due)
    # The pass writes the pending reminder; the invoice is paid before a worker takes it.
    assert reminders.write_due(due + timedelta(days=1)) == 1
    payments.record_payment(company.id, invoice.document_id, paid_on=date(2026, 12, 1), amount=Decimal("1000.00"), method="transfer")
    db.session.commit()
    reminders.send_pending(today=due + timedelta(days=1))
    assert _count(state="skipped") == 1
    assert db.session.execute(select(func.count()).select_from(MailDelivery)).scalar() == 0


def test_excluded_invoice_gets_no_automatic_reminder_but_can_be_reminded_by_hand(company, director, buyer, inbox):
    _rules(director, 1)
    due = today_almaty() - timedelta(days=1)
    invoice = _invoice(company, buyer, due)
    staff = staff_of_user(director)
    reminders.set_excluded(staff, invoice, True)
    db.session.commit()
    reminders.plan_reminders(today_almaty())
    assert _count() == 0
    reminder = reminders.remind_now(staff, invoice)
    assert reminder.state == "mailed" and reminder.rule_id is None
    inbox.wait(1)
    reminders.remind_now(staff, invoice)
    inbox.wait(2)  # by hand, as often as asked


def test_invoice_e_mails_win_over_directory_addresses_and_kazakh_text_reads_back(company, director, buyer, inbox):
    _rules(director, 1, text=KAZAKH_TEXT)
    due = date(2026, 12, 10)
    invoice = _invoice(company, buyer, due, amount="1500.50")
    # The addresses chosen when it was issued (written as the issue writes them: in the record's row).
    db.session.execute(update(IssuedDocument.__table__).where(IssuedDocument.id == invoice.document_id)
                       .values(email_recipients=["ceo@kairat.kz"]))
    db.session.commit()
    db.session.expire_all()
    reminders.plan_reminders(due + timedelta(days=1))
    (rcpts, message), = inbox.wait(1)
    assert rcpts == ["ceo@kairat.kz"]
    body = message.get_body(("plain",)).get_content()
    assert f"Құрметті серіктес! Шот № {invoice.number} (30.11.2026) бойынша 1\u202f500,50 ₸ қалды, мерзімі 10.12.2026" in body
    assert invoice.document.verify_url in body
    attachment = next(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf" and attachment.get_content() == b"%PDF-1.4 test"


def test_no_address_is_recorded_and_remind_now_refuses(company, director, inbox):
    _rules(director, 1)
    nobody = factories.make_company(name='ТОО "БЕЗ ПОЧТЫ"')
    due = date(2026, 12, 10)
    invoice = _invoice(company, nobody, due)
    reminders.plan_reminders(due + timedelta(days=1))
    assert _count(state="no_address") == 1
    with pytest.raises(Exception) as caught:
        reminders.remind_now(staff_of_user(director), invoice)
    assert caught.value.status == 409


def test_rules_refuse_bad_values_and_workers(company, director, worker):
    staff = staff_of_user(director)
    with pytest.raises(Exception) as caught:
        reminders.create_rule(staff, {"days": "abc", "subject": "", "text": ""})
    assert set(caught.value.errors) == {"days", "subject", "text"}
    reminders.create_rule(staff, {"days": 3})
    with pytest.raises(Exception) as caught:
        reminders.create_rule(staff, {"days": 3})
    assert "days" in caught.value.errors
    with pytest.raises(Exception) as caught:
        reminders.create_rule(staff_of_user(worker), {"days": 5})
    assert caught.value.status == 403
