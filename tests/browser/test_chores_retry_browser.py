"""«Повторить» on a failed run of the schedule page in Chromium: the htmx row turns «готово» with
its document; screenshots at 1280 and 390 px (tests/artifacts/screenshots/chores-retry-*)."""
import pytest

from portal.chores import runs, schedules
from portal.extensions import db
from portal.models.accounts import ROLE_DIRECTOR, ROLE_WORKER
from portal.timeutil import today_almaty
from tests.browser.conftest import PHONE, browser_login
from tests.chores_support import schedule_body, template_invoice
from tests.test_documents_support import buyer, headers, staff_of_user  # noqa: F401  (fixtures)

WIDE = {"width": 1280, "height": 900}
NO_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def app_config():
    return {"TASKS_RETRIES": 0}


def test_retry_a_failed_run_from_its_row(page, client, headers, buyer, director, screenshot):
    source = template_invoice(client, headers, buyer)
    staff = staff_of_user(director)
    schedule = schedules.create_schedule(staff, schedule_body(source, today_almaty(), name="Аренда склада"),
                                         "http://portal.test/")
    schedule.staff_id, staff.role = None, ROLE_WORKER  # when it runs, there is no director to act as
    db.session.commit()
    runs.plan_due()
    staff.role = ROLE_DIRECTOR
    db.session.commit()
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + f"/recurring/{schedule.public_id}/")
    assert "нет директора" in page.inner_text("main")
    screenshot(page, "chores-retry-failed-desktop", WIDE)
    screenshot(page, "chores-retry-failed-phone", PHONE)
    assert page.evaluate(NO_SCROLL)
    page.set_viewport_size(WIDE)
    page.click("button:has-text('Повторить')")
    page.wait_for_selector("text=Запуск поставлен в очередь.")
    row = page.inner_text("tbody tr")
    assert "готово" in row and "№\xa02026-000001" in row and "Повторить" not in row
    screenshot(page, "chores-retry-done-desktop", WIDE)
    screenshot(page, "chores-retry-done-phone", PHONE)
    assert page.evaluate(NO_SCROLL)
