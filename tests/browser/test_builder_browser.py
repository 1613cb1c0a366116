"""The invoice builder in Debian's Chromium: from an empty catalogue to a saved invoice."""
import re

import pytest

from tests.browser.conftest import DESKTOP, PHONE, browser_login
from tests.test_smart_docs_support import SEED_BENEFICIARY, make_buyer


@pytest.fixture
def app_config(tmp_path):
    return {"SMART_DOCS_UPLOAD_DIR": str(tmp_path / "uploads")}


def _add_product(page, name: str, price: str) -> None:
    page.fill("#sd-new-name", name)
    page.fill("#sd-new-measure", "шт")
    page.fill("#sd-new-price", price)
    page.click("#sd-catalogue form button[type=submit]")
    page.wait_for_selector(f"text=Добавлено: {name}.")


def _choose_item(page, name: str) -> None:
    """Pick the catalogue entry whose option text starts with `name` (options show name · price)."""
    value = page.eval_on_selector(
        "#sd-new-item", "(s, name) => [...s.options].find(o => o.text.startsWith(name)).value", name
    )
    page.select_option("#sd-new-item", value=value)


def test_build_an_invoice_for_payment_from_scratch(page, director, screenshot, token_headers, client):
    buyer = make_buyer('ТОО "БРАУЗЕРНЫЙ ПОКУПАТЕЛЬ"')
    browser_login(page, "director@test.kz", "director-pass")

    # Two products through the catalogue page (htmx inline add), one invalid try first.
    page.goto(page.base + "/smart_doc/products/")
    page.fill("#sd-new-name", "Ноутбук")
    page.fill("#sd-new-price", "12.345")
    page.click("#sd-catalogue form button[type=submit]")
    page.wait_for_selector("text=Не больше двух знаков после запятой")
    assert page.input_value("#sd-new-name") == "Ноутбук"
    _add_product(page, "Ноутбук", "150000.00")
    _add_product(page, "Мышь", "2500.50")
    screenshot(page, "catalogue-products-desktop", DESKTOP)
    screenshot(page, "catalogue-products-phone", PHONE)
    page.set_viewport_size(DESKTOP)

    # The builder: buyer by BIN through the live search.
    page.goto(page.base + "/smart_doc/invoices_for_payment/new/")
    page.fill("#sd-q", buyer.bin)
    page.click(f"#sd-results button:has-text('{buyer.bin}')")
    page.wait_for_selector("[data-sd-chosen]")
    assert "БРАУЗЕРНЫЙ ПОКУПАТЕЛЬ" in page.inner_text("#sd-counterparty")

    # A beneficiary added inline: a bad IIK first, then the right one.
    page.click("summary:has-text('Добавить бенефициара')")
    for key, value in SEED_BENEFICIARY.items():
        page.fill(f"#sd-nb-{key}", value)
    page.fill("#sd-nb-PIC", "KZ417812870193980013")
    page.click("button:has-text('Добавить бенефициара')")
    page.wait_for_selector("text=Неверные контрольные цифры ИИК")
    page.fill("#sd-nb-PIC", "KZ417812870193980012")
    page.click("button:has-text('Добавить бенефициара')")
    page.wait_for_selector("text=Бенефициар «Азамат1» добавлен.")
    chosen = page.eval_on_selector("#sd-beneficiary-select", "s => [s.selectedOptions[0].text, s.selectedOptions[0].title]")
    assert chosen[0] == "…0012 · Азамат1" and chosen[1].endswith("KZ417812870193980012")

    # Lines: watch the total change as they are added and a quantity edited.
    _choose_item(page, "Ноутбук")
    page.fill("#sd-new-count", "2")
    page.click("#sd-add-line")
    page.wait_for_selector("[data-sd-total]:has-text('300 000,00')")
    _choose_item(page, "Мышь")
    page.fill("#sd-new-count", "3")
    page.click("#sd-add-line")
    page.wait_for_selector("[data-sd-total]:has-text('307 501,50')")
    assert "В том числе НДС (16%)" in page.inner_text("#sd-totals")
    assert page.inner_text("[data-sd-words]") == "Триста семь тысяч пятьсот один тенге 50 тиын"
    page.fill("input[name='line-1-count']", "1")
    page.press("input[name='line-1-count']", "Tab")
    page.wait_for_selector("[data-sd-total]:has-text('302 500,50')")
    page.fill("#sd-delivery_time", "5 рабочих дней")
    page.fill("#sd-payment_condition", "100% предоплата")
    screenshot(page, "builder-desktop", DESKTOP)
    screenshot(page, "builder-phone", PHONE)
    page.set_viewport_size(DESKTOP)

    page.click(".sd-builder__actions button[type=submit]")
    page.wait_for_url(re.compile(r"/smart_doc/invoices_for_payment/[0-9a-f]{8}/$"))
    assert "сохранён" in page.content()
    screenshot(page, "document-desktop", DESKTOP)
    public_id = page.url.rstrip("/").split("/")[-1]

    # The JSON twin of the saved document.
    headers = token_headers("director@test.kz", "director-pass")
    doc = client.get(f"/smart_doc/invoices_for_payment/{public_id}/", headers=headers).get_json()
    assert doc["buyer"] == buyer.public_id and doc["total_sum"] == "302500.50"
    # The VAT column's total, row by row: 150000 / 1.16 = 129310.34 × 2 → VAT 41379.32; 2500.50 / 1.16
    # = 2155.60 → VAT 344.90 (302500.50 × 16 / 116 of the whole would be 41724.21).
    assert doc["nds_percent"] == 16 and doc["nds_sum"] == "41724.22"
    assert len(doc["product_counts"]) == 2 and doc["total_quantity"] == 3
    assert doc["delivery_time"] == "5 рабочих дней" and doc["beneficiary"]


def test_the_waybill_terms_line_their_inputs_up_whatever_their_labels_wrap_to(page, director):
    # «Главный бухгалтер» takes one line and «Доверенность получателя (номер, дата)» three: the
    # inputs of each row of the wrapped line still start at one height.
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + "/smart_doc/waybills/new/")
    row = page.locator(".sd-terms")
    names = ("transport_company", "ttn", "proxy", "proxy_holder", "responsible_actor", "head_actor", "accountant_actor")
    boxes = [row.locator(f"#sd-{name}").bounding_box() for name in names]
    assert max(box["x"] for box in boxes) > boxes[0]["x"] + 500  # several fields side by side at desktop width
    rows: list[list[float]] = []
    for top in sorted(box["y"] for box in boxes):
        if rows and top - rows[-1][0] < 60:  # labels of one row differ by two lines at most
            rows[-1].append(top)
        else:
            rows.append([top])
    assert sum(len(tops) for tops in rows if len(tops) > 1) >= 5, rows
    assert all(max(tops) - min(tops) <= 4 for tops in rows), rows
