"""`reminder.sent`: told to a subscribed endpoint (a real local HTTP receiver) once per reminder
e-mail the real SMTP server took, by a rule or by hand; nothing for an e-mail not (yet) sent."""
import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.chores import reminders
from portal.mailing.delivery import retry_due
from portal.extensions import db
from portal.models import MailDelivery, WebhookDelivery
from portal.models.chores import ReminderRule
from portal.timeutil import iso, now_utc, today_almaty
from portal.webhooks import service as webhooks
from tests.mailbox import SMTP_CONFIG, inbox  # noqa: F401  (fixture)
from tests.test_chores_reminders import _invoice, _rules, buyer  # noqa: F401  (fixture)
from tests.test_documents_support import staff_of_user
from tests.test_integrators_webhooks import receiver, verify  # noqa: F401  (fixture)

CONFIG = {**SMTP_CONFIG, "WEBHOOKS_ALLOW_PRIVATE": True, "WEBHOOKS_TIMEOUT": 5}
pytestmark = pytest.mark.parametrize("app_config", [CONFIG])


def _subscribe(director, receiver, events=("reminder.sent",)) -> str:
    new = webhooks.register(staff_of_user(director), {"url": receiver["url"], "events": list(events)})
    return new.secret


def _told(receiver) -> list[dict]:
    return [json.loads(seen["body"]) for seen in receiver["seen"]]


def test_a_rule_reminder_sent_is_told_once_signed(company, director, buyer, inbox, receiver):
    secret = _subscribe(director, receiver)
    _rules(director, 1)
    rule = db.session.execute(select(ReminderRule)).scalar_one()
    due = date(2026, 12, 10)
    invoice = _invoice(company, buyer, due)
    before = now_utc()
    reminders.plan_reminders(due + timedelta(days=1))
    inbox.wait(1)
    (event,) = _told(receiver)
    assert event["event"] == "reminder.sent"
    data = event["data"]
    assert data["invoice"] == {"id": invoice.document.public_id, "number": invoice.number, "date": "2026-11-30"}
    assert (data["rule"], data["days"], data["by_hand"]) == (rule.public_id, 1, False)
    assert data["recipients"] == ["buh@kairat.kz"]
    assert data["subject"] == f"Напоминание: счёт № {invoice.number}"
    mail = db.session.execute(select(MailDelivery)).scalar_one()
    assert mail.status == "sent" and data["sent_at"] == iso(mail.sent_at)
    assert datetime.fromisoformat(data["sent_at"]) >= before and data["sent_at"].endswith("+05:00")
    seen = receiver["seen"][0]
    assert seen["headers"]["X-Portal-Event"] == "reminder.sent"
    assert verify(secret, seen["headers"]["X-Portal-Signature"], seen["body"])
    # A second pass writes no second reminder for the rule, so nothing more is told.
    reminders.plan_reminders(due + timedelta(days=1))
    assert len(receiver["seen"]) == 1


def test_a_reminder_by_hand_is_told_with_no_rule(company, director, buyer, inbox, receiver):
    _subscribe(director, receiver)
    invoice = _invoice(company, buyer, today_almaty() - timedelta(days=3))
    reminders.remind_now(staff_of_user(director), invoice)
    inbox.wait(1)
    (event,) = _told(receiver)
    assert (event["data"]["rule"], event["data"]["days"], event["data"]["by_hand"]) == (None, None, True)
    assert event["data"]["invoice"]["number"] == invoice.number


def test_an_unsent_reminder_tells_nothing_until_a_retry_sends_it(company, director, buyer, receiver):
    """No SMTP server at first: the e-mail stays pending and nothing is told; the retry that the
    server takes tells once."""
    from tests.mailbox import Controller, Inbox

    _subscribe(director, receiver)
    _rules(director, 1)
    due = date(2026, 12, 10)
    _invoice(company, buyer, due)
    reminders.plan_reminders(due + timedelta(days=1))
    mail = db.session.execute(select(MailDelivery)).scalar_one()
    assert mail.status == "pending" and mail.attempts == 1
    assert receiver["seen"] == []
    assert db.session.execute(select(func.count()).select_from(WebhookDelivery)).scalar() == 0
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=SMTP_CONFIG["MAIL_PORT"])
    controller.start()
    try:
        retry_due(now_utc() + timedelta(days=1))
        handler.wait(1)
    finally:
        controller.stop()
    assert [e["event"] for e in _told(receiver)] == ["reminder.sent"]
    retry_due(now_utc() + timedelta(days=2))
    assert len(receiver["seen"]) == 1


def test_endpoints_not_subscribed_hear_nothing_and_other_mail_tells_nothing(
        company, director, buyer, inbox, receiver):
    _subscribe(director, receiver, events=("document.issued",))
    _rules(director, 1)
    due = date(2026, 12, 10)
    _invoice(company, buyer, due)
    reminders.plan_reminders(due + timedelta(days=1))
    inbox.wait(1)
    assert receiver["seen"] == []
    assert "reminder.sent" in webhooks.EVENTS
