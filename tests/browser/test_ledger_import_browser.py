"""Bank statements in Chromium: upload (htmx, multipart), the mapping form, the confirm page."""
from tests.browser.conftest import PHONE, browser_login
from tests.test_documents_support import headers  # noqa: F401  (fixture)
from tests.test_ledger_statements import DATA, invoices  # noqa: F401  (fixture)

WIDE = {"width": 1280, "height": 900}


def _no_horizontal_scroll(page):
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def test_upload_map_and_confirm(page, invoices, screenshot):
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + "/ledger/")
    page.click("text=Банковские выписки")
    page.wait_for_url("**/ledger/statements/")
    screenshot(page, "ledger-statements-upload-desktop", WIDE)
    screenshot(page, "ledger-statements-upload-phone", PHONE)
    _no_horizontal_scroll(page)
    page.set_viewport_size(WIDE)

    # A CSV of a bank not seen before: the form comes back with the file's columns to choose.
    page.set_input_files("#s-file", str(DATA / "halyk_statement.csv"))
    page.fill("#s-bank", "HSBKKZKX")
    page.click("#statement-upload button[type=submit]")
    page.wait_for_selector("#s-col-date")
    assert "halyk_statement.csv" in page.inner_text("#statement-upload")
    page.select_option("#s-col-date", "Дата операции")
    page.select_option("#s-col-credit", "Кредит")
    page.select_option("#s-col-debit", "Дебет")
    page.select_option("#s-col-payer_bin", "ИИН/БИН контрагента")
    page.select_option("#s-col-payer_name", "Наименование контрагента")
    page.select_option("#s-col-purpose", "Назначение платежа")
    page.select_option("#s-col-reference", "№ документа")
    screenshot(page, "ledger-statements-mapping-desktop", WIDE)
    screenshot(page, "ledger-statements-mapping-phone", PHONE)
    _no_horizontal_scroll(page)
    page.set_viewport_size(WIDE)
    page.click("#statement-upload button[type=submit]")
    page.wait_for_url("**/ledger/statements/*/")
    assert "Загружено операций: 3 из 3." in page.inner_text("#messages")

    page.goto(page.base + "/ledger/statements/")
    page.set_input_files("#s-file", str(DATA / "kaspi_1c_cp1251.txt"))
    page.click("#statement-upload button[type=submit]")
    page.wait_for_url("**/ledger/statements/*/")
    assert "Загружено операций: 5 из 5." in page.inner_text("#messages")
    rows = page.locator("tr.statement-line")
    assert rows.count() == 5
    screenshot(page, "ledger-statement-confirm-desktop", WIDE)
    screenshot(page, "ledger-statement-confirm-phone", PHONE)
    _no_horizontal_scroll(page)
    page.set_viewport_size(WIDE)
    page.click("text=Подтвердить отмеченные")
    page.wait_for_selector("#statement-lines >> text=Записано платежей")
    screenshot(page, "ledger-statement-confirmed-desktop", WIDE)


def test_reconciliation_form_preview_and_issue(page, invoices, screenshot):
    from tests.test_ledger_statements import B1

    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + "/ledger/")
    page.click("text=Акт сверки")
    page.wait_for_url("**/ledger/reconciliation/")
    page.fill("#rc-bin", B1)
    page.fill("#rc-from", "2026-11-01")
    page.fill("#rc-to", "2026-11-30")
    page.click("#reconciliation-form button[type=submit]")
    page.wait_for_selector("text=Сальдо конечное")
    assert "counterparty=" + B1 in page.url
    assert "187 484,98" in page.inner_text("#reconciliation")  # two invoices of 93 742,49, nothing paid
    screenshot(page, "ledger-reconciliation-desktop", WIDE)
    screenshot(page, "ledger-reconciliation-phone", PHONE)
    _no_horizontal_scroll(page)
    page.set_viewport_size(WIDE)
    page.click("text=Выпустить акт сверки (PDF)")
    page.wait_for_url("**/smart_doc/documents/*/")
    assert "Акт сверки № 2026-000001 выпущен." in page.inner_text("#messages")
    screenshot(page, "ledger-reconciliation-issued-desktop", WIDE)
