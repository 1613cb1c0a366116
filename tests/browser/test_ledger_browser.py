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


def test_receivables_pages_its_counterparties_through_htmx(page, company, director, screenshot):
    """25 debtors, 20 a page: the second page comes by htmx into the list and into the URL."""
    from datetime import date

    from tests import factories
    from tests.ledger_support import make_invoice

    for n in range(25):
        buyer_ = factories.make_company(name=f'ТОО "ДОЛЖНИК {n:02d}"')
        make_invoice(company, buyer_, f"{1000 + n}.00", date(2026, 11, 1), date(2026, 11, 10))
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + "/ledger/receivables/")
    rows = page.locator("#receivable-rows")
    assert "Страница 1 из 2" in rows.inner_text() and "ДОЛЖНИК 24" in rows.inner_text()
    page.click("#receivable-rows >> text=Вперёд →")
    page.wait_for_function("() => location.search.includes('page=2')")
    page.wait_for_selector("#receivable-rows >> text=Страница 2 из 2")
    assert "ДОЛЖНИК 00" in rows.inner_text() and "ДОЛЖНИК 24" not in rows.inner_text()
    assert page.locator("h1").count() == 1  # the rows were swapped, not the whole page nested
    screenshot(page, "ledger-receivables-page2-desktop", WIDE)
    screenshot(page, "ledger-receivables-page2-phone", PHONE)
