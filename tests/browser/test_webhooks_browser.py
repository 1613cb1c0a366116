"""Webhooks pages in Chromium: a director registers an endpoint through the form (CSRF on),
sees its secret once, opens its delivery log; screenshots at 1280 and 390 px, no sideways scroll."""
import pytest

from portal.extensions import db
from portal.webhooks import emit
from tests.browser.conftest import PHONE, browser_login

WIDE = {"width": 1280, "height": 900}


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True, "WEBHOOKS_ALLOW_PRIVATE": True, "WEBHOOKS_TIMEOUT": 1}


def test_director_registers_an_endpoint_and_reads_its_log(page, director, screenshot):
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + "/webhooks/")
    page.fill("#wh-url", "http://127.0.0.1:9/portal-hooks/very/long/path/for/the/phone/layout")
    page.check("input[value='document.issued']")
    page.check("input[value='invoice.paid']")
    page.fill("#wh-description", "1С: бухгалтерия")
    page.click("text=Добавить адрес")
    secret = page.locator("input[aria-label='Секрет вебхука']")
    secret.wait_for()
    first_secret = secret.input_value()
    assert first_secret.startswith("whsec_")
    screenshot(page, "webhooks-list-1280", WIDE)
    screenshot(page, "webhooks-list-390", PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(WIDE)
    # A refused form keeps what was typed and says why.
    page.goto(page.base + "/webhooks/")
    page.fill("#wh-url", "ftp://example.com/")
    page.click("text=Добавить адрес")
    page.wait_for_selector(".field__error")
    assert page.input_value("#wh-url") == "ftp://example.com/"
    # An event nobody could take (port 9 is closed): the log shows the failed attempt.
    emit(director.staff.company_id, "invoice.paid", {"id": "demo"})
    db.session.commit()
    page.goto(page.base + "/webhooks/")
    page.click("a.wh-url")
    page.wait_for_selector("text=invoice.paid")
    assert page.locator("text=Отправить ещё раз").count() == 1
    screenshot(page, "webhooks-endpoint-1280", WIDE)
    screenshot(page, "webhooks-endpoint-390", PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(WIDE)
    page.click("text=Отправить ещё раз")
    page.wait_for_selector("text=Доставка поставлена в очередь")
    # «Сменить секрет» (confirmed): the new secret is shown on the endpoint's page, once.
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("text=Сменить секрет")
    rotated = page.locator("input[aria-label='Новый секрет вебхука']")
    rotated.wait_for()
    assert rotated.input_value().startswith("whsec_") and rotated.input_value() != first_secret
    screenshot(page, "webhooks-rotated-1280", WIDE)
    screenshot(page, "webhooks-rotated-390", PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
