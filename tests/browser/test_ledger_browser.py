"""The registry's filters in Chromium: htmx swaps the rows and pushes the filters into the URL."""
from tests.browser.conftest import PHONE, browser_login
from tests.test_documents_support import buyer, headers, issue_doc, sources  # noqa: F401  (fixtures)

WIDE = {"width": 1280, "height": 900}


def test_registry_filters_live_in_the_url(page, sources, client, headers, screenshot):
    issued = issue_doc(client, headers, sources["ip"], "ip")
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + "/")
    page.click("nav.nav >> text=Документы")
    page.wait_for_url("**/ledger/")
    assert "Найдено: 6" in page.inner_text("#registry-rows")
    assert issued["number"] in page.inner_text("#registry-rows")
    screenshot(page, "ledger-registry-desktop", WIDE)

    page.select_option("#r-kind", "drafts")
    page.wait_for_function("() => location.search.includes('kind=drafts')")
    page.wait_for_selector("#registry-rows >> text=Найдено: 5")
    page.fill("#r-cp", "қайрат")
    page.wait_for_function("() => location.search.includes('counterparty=')")
    page.select_option("#r-type", "ip")
    page.wait_for_selector("#registry-rows >> text=Найдено: 1")
    assert f"№\u00a0{issued['number']}" in page.inner_text("#registry-rows")  # № kept with its number
    url = page.url
    page.reload()
    assert page.url == url and "Найдено: 1" in page.inner_text("#registry-rows")
    assert page.input_value("#r-cp") == "қайрат"
    screenshot(page, "ledger-registry-filtered-desktop", WIDE)
    screenshot(page, "ledger-registry-filtered-phone", PHONE)
