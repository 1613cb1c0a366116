"""Background work seen in Chromium, with a real worker: a bulk issue's progress bar reaches 100%,
and an e-mail «в очереди» turns into «отправлено» on its own (htmx polling)."""
import pytest
from aiosmtpd.controller import Controller

from tests.browser.conftest import DESKTOP, PHONE, browser_login
from tests.tasks_support import free_port, queue_settings, workers  # noqa: F401  (fixture)
from tests.test_documents_support import BASE, buyer, headers, sources  # noqa: F401  (fixtures)

SMTP_PORT = free_port()


@pytest.fixture
def app_config():
    return queue_settings(MAIL_SERVER="127.0.0.1", MAIL_PORT=SMTP_PORT, MAIL_USE_TLS=False, ISSUE_CHUNK=3)


def test_a_bulk_issue_shows_its_progress_until_done(page, app, sources, client, headers, workers, screenshot):
    sample = sources["ip"]
    for day in range(1, 12):
        client.post(f"{BASE}/invoices_for_payment/", json={
            "buyer": sample["buyer"], "product_counts": sample["product_counts"],
            "beneficiary": sample["beneficiary"], "date": f"2026-11-{day:02d}"}, headers=headers)
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + f"{BASE}/invoices_for_payment/")
    boxes = page.locator("input[name=content_ids]")
    assert boxes.count() == 12
    for i in range(12):
        boxes.nth(i).check()
    page.click("text=Выпустить выбранные PDF", timeout=120_000)
    page.wait_for_url(lambda url: "job=" in url, timeout=30000)
    # No worker yet: the run waits in the queue and the page says so.
    bar = page.locator(".task-progress")
    assert bar.get_attribute("data-state") == "queued" and "Выпущено 0 из 12 (0%)." in bar.inner_text()
    screenshot(page, "tasks-bulk-queued-desktop", DESKTOP)
    workers()
    seen = set()
    for _ in range(600):
        seen.add(page.locator(".task-progress").get_attribute("data-percent"))
        if page.locator(".task-progress").get_attribute("data-state") == "done":
            break
        page.wait_for_timeout(100)
    bar = page.locator(".task-progress")
    assert bar.get_attribute("data-state") == "done" and "Выпущено 12 из 12 (100%)." in bar.inner_text()
    assert page.locator("progress.task-progress__bar").evaluate("p => p.value === p.max")
    assert len(seen) >= 2, seen  # the bar moved while the page stayed open
    screenshot(page, "tasks-bulk-done-desktop", DESKTOP)
    screenshot(page, "tasks-bulk-done-phone", PHONE)
    page.set_viewport_size(DESKTOP)
    with page.expect_navigation():
        page.click("text=Обновить список")
    assert page.locator("table tbody tr").count() == 12


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        self.messages.append(envelope.content)
        return "250 Message accepted for delivery"


def test_an_e_mail_in_the_queue_updates_itself_on_the_page(page, app, sources, client, headers, workers, screenshot):
    record = client.post(f"{BASE}/documents/", json={"type": "ip", "form": "pu", "content_id": sources["ip"]["id"]},
                         headers=headers).get_json()
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + f"{BASE}/documents/{record['id']}/")
    page.fill("#mail input[name=email_recipients]", "buh@buyer.kz")
    page.click("#mail button[type=submit]")
    page.wait_for_selector("#mail .doc-mails")
    assert "в очереди" in page.locator("#mail .doc-mails tbody tr").first.inner_text()
    screenshot(page, "tasks-mail-queued-desktop", DESKTOP)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    try:
        workers()
        page.wait_for_selector("#mail .doc-mails .badge--ok", timeout=60000)
        assert "отправлено" in page.locator("#mail .doc-mails tbody tr").first.inner_text()
        assert len(inbox.messages) == 1
    finally:
        controller.stop()
    screenshot(page, "tasks-mail-sent-phone", PHONE)
