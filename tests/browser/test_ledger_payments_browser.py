"""Recording payments on an invoice's ledger card in Chromium (htmx swaps the card in place),
the overpayment confirmation, and the receivables page; no horizontal scroll on a phone."""
from decimal import Decimal

from tests.browser.conftest import PHONE, browser_login
from tests.test_documents_support import buyer, headers, issue_doc, sources  # noqa: F401  (fixtures)

WIDE = {"width": 1280, "height": 900}
NO_SIDE_SCROLL = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def _money(value: Decimal) -> str:
    whole, frac = f"{value:.2f}".split(".")
    return f"{int(whole):,}".replace(",", "\u202f") + "," + frac


def test_recording_payments_on_the_card(page, sources, client, headers, screenshot):
    issued = issue_doc(client, headers, sources["ip"], "ip")
    total = Decimal(issued["total_sum"])
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + f"/smart_doc/documents/{issued['id']}/")
    page.click("text=карточка оплаты счёта")
    page.wait_for_url(f"**/ledger/invoices/{issued['id']}/")
    assert "не оплачен" in page.inner_text("#invoice-card")

    page.fill("#p-amount", "1000,50")
    page.select_option("#p-method", "kaspi")
    page.fill("#p-ref", "ПП 17")
    page.click("#invoice-card button:has-text('Записать платёж')")
    page.wait_for_selector("#invoice-card >> text=Платёж записан.")
    card = page.inner_text("#invoice-card")
    assert "частично оплачен" in card and "1\u202f000,50" in card and "ПП 17" in card
    assert page.url.endswith(f"/ledger/invoices/{issued['id']}/")  # swapped in place, no reload

    rest = total - Decimal("1000.50")
    page.fill("#p-amount", f"{rest + 5:.2f}")
    page.click("#invoice-card button:has-text('Записать платёж')")
    page.wait_for_selector("#invoice-card >> text=Подтвердите переплату")
    assert page.input_value("#p-amount") == f"{rest + 5:.2f}"  # the form keeps what was typed
    assert _money(rest) in page.inner_text("#invoice-card .field__error")
    page.check("input[name=confirm_overpayment]")
    page.click("#invoice-card button:has-text('Записать с переплатой')")
    page.wait_for_selector("#invoice-card >> text=Аванс контрагента")
    assert "оплачен" in page.inner_text("#invoice-card h2")
    screenshot(page, "ledger-card-desktop", WIDE)
    screenshot(page, "ledger-card-phone", PHONE)
    assert page.evaluate(NO_SIDE_SCROLL)

    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#invoice-card tr:has-text('ПП 17') button:has-text('Удалить')")
    page.wait_for_selector("#invoice-card >> text=Платёж удалён.")
    assert "удалил платёж" in page.inner_text("#invoice-card")

    page.set_viewport_size(WIDE)
    page.goto(page.base + "/ledger/receivables/")
    assert page.locator("svg.ledger-chart__svg--wide rect.ledger-chart__issued").count() == 12
    assert page.locator("svg.ledger-chart__svg--wide").is_visible()
    screenshot(page, "ledger-receivables-desktop", WIDE)
    screenshot(page, "ledger-receivables-phone", PHONE)
    assert page.locator("svg.ledger-chart__svg--compact").is_visible()
    assert page.evaluate(NO_SIDE_SCROLL)
    page.goto(page.base + "/ledger/payments/")
    screenshot(page, "ledger-payments-phone", PHONE)
    assert page.evaluate(NO_SIDE_SCROLL)
