"""Document settings and a VAT invoice with a fractional quantity, in Debian's Chromium."""
import pytest

from tests.browser.conftest import PHONE, browser_login

WIDE = {"width": 1280, "height": 900}


@pytest.fixture
def app_config(tmp_path):
    return {"SMART_DOCS_UPLOAD_DIR": str(tmp_path / "uploads")}


def test_settings_and_a_vat_invoice_with_a_fractional_quantity(page, director, screenshot, token_headers, client):
    api = token_headers("director@test.kz", "director-pass")
    item = client.post("/smart_doc/products/", json={"name": "Арматура А500С Ø12", "measure": "кг", "price": "415.50",
                                                     "code": "АРМ-12"}, headers=api).get_json()
    browser_login(page, "director@test.kz", "director-pass")

    page.goto(page.base + "/smart_doc/settings/")
    page.fill("#sd-vat_series", "60001")
    page.fill("#sd-vat_number", "0012345")
    page.fill("#sd-vat_date", "2012-05-10")
    page.click("form.sd-settings button[type=submit]")
    page.wait_for_selector("text=Настройки документов сохранены.")
    assert page.input_value("#sd-vat_number") == "0012345"
    screenshot(page, "forms-settings-desktop", WIDE)
    screenshot(page, "forms-settings-phone", PHONE)

    page.set_viewport_size(WIDE)
    page.goto(page.base + "/smart_doc/invoices/new/")
    page.select_option("#sd-new-item", value=item["id"])
    page.fill("#sd-new-count", "12,35")
    page.click("#sd-add-line")
    # 12.35 × 415.50 = 5131.425 → 5 131,43 (half-up), computed on the server.
    page.wait_for_selector("[data-sd-line-sum]:has-text('5\u202f131,43')")
    assert "16%" in page.inner_text("#sd-nds")
    assert "12%" not in page.inner_text("#sd-nds")  # not allowed on a 2026 date
    assert page.is_visible("#sd-consignor") and page.is_visible("#sd-buyer_vat_number")
    screenshot(page, "forms-vat-invoice-builder-desktop", WIDE)
    screenshot(page, "forms-vat-invoice-builder-phone", PHONE)
