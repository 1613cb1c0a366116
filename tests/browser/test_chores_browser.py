"""The schedule page, the rules page and the invoice's reminders in Chromium, at 1280 and 390 px
(screenshots under tests/artifacts/screenshots/chores-*); no horizontal scroll on a phone."""
from datetime import timedelta

from portal.chores import reminders, runs, schedules
from portal.extensions import db
from portal.models import Email, IssuedDocument
from portal.timeutil import today_almaty
from tests.browser.conftest import PHONE, browser_login
from tests.chores_support import schedule_body, template_invoice
from tests.test_documents_support import buyer, headers, staff_of_user  # noqa: F401  (fixtures)

WIDE = {"width": 1280, "height": 900}
NO_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def test_schedule_and_rules_pages(page, client, headers, buyer, director, screenshot):
    db.session.add(Email(email="buh@kairat.kz", company_id=buyer.id))
    db.session.commit()
    source = template_invoice(client, headers, buyer)
    staff = staff_of_user(director)
    today = today_almaty()
    schedule = schedules.create_schedule(staff, schedule_body(source, today - timedelta(days=65), day=31,
                                                              name="Аренда офиса «Бәйтерек»",
                                                              email_recipients="buh@kairat.kz"), "http://portal.test/")
    for days in (-3, 1, 7, 14):
        reminders.create_rule(staff, {"days": days, "subject": "Напоминание: счёт № {номер}",
                                      "text": "Құрметті серіктес! Счёт № {номер} от {дата}: осталось {остаток} ₸, срок {срок}.\n{ссылка}"})
    db.session.commit()
    runs.plan_due(today)
    browser_login(page, "director@test.kz", "director-pass")

    page.goto(page.base + "/recurring/")
    assert "Аренда офиса «Бәйтерек»" in page.inner_text("main")
    screenshot(page, "chores-schedules-desktop", WIDE)
    screenshot(page, "chores-schedules-phone", PHONE)
    assert page.evaluate(NO_SCROLL)

    page.set_viewport_size(WIDE)
    page.click("text=Аренда офиса «Бәйтерек»")
    page.wait_for_url("**/recurring/*/")
    text = page.inner_text("main")
    assert "Ближайшие запуски" in text and "Запуски и документы" in text and "№\u00a0" in text  # № kept with its number
    screenshot(page, "chores-schedule-desktop", WIDE)
    screenshot(page, "chores-schedule-phone", PHONE)
    assert page.evaluate(NO_SCROLL)
    page.set_viewport_size(WIDE)
    page.click("button:has-text('Приостановить')")
    page.wait_for_selector("text=Расписание приостановлено.")
    assert page.is_visible("button:has-text('Возобновить')")

    page.goto(page.base + "/reminders/")
    assert "за 3 дн. до срока" in page.inner_text("main")
    screenshot(page, "chores-rules-desktop", WIDE)
    screenshot(page, "chores-rules-phone", PHONE)
    assert page.evaluate(NO_SCROLL)

    record = db.session.execute(db.select(IssuedDocument).order_by(IssuedDocument.id)).scalars().first()
    page.set_viewport_size(WIDE)
    page.goto(page.base + f"/ledger/invoices/{record.public_id}/")
    page.click("button:has-text('Напомнить сейчас')")
    page.wait_for_selector("#invoice-reminders >> text=Напоминание поставлено в очередь.")
    assert "вручную" in page.inner_text("#invoice-reminders")
    screenshot(page, "chores-invoice-desktop", WIDE)
    screenshot(page, "chores-invoice-phone", PHONE)
    assert page.evaluate(NO_SCROLL)
