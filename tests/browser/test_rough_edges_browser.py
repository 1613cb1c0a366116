"""What a new user hit first (#21), in Chromium: typing quantities in the builder, phone widths,
a typo in the search, the check page."""
import pytest

from tests.browser.conftest import DESKTOP, PHONE, browser_login
from tests.test_documents_support import buyer, headers, issue_doc, sources  # noqa: F401  (fixtures)
from tests.test_search import make_company
from tests.test_smart_docs_support import invoice_setup, post


@pytest.fixture
def app_config(tmp_path):
    return {"SMART_DOCS_UPLOAD_DIR": str(tmp_path / "uploads")}


@pytest.fixture
def invoice(client, headers, buyer):  # noqa: F811
    """A saved invoice: 2 × 1 500,00 + 3 × 250,50 = 3 751,50 ₸."""
    body = invoice_setup(client, headers, buyer)
    body["date"] = "2026-11-26"
    return post(client, headers, "invoices_for_payment/", body)


def _no_sideways_scroll(page) -> tuple[int, int]:
    return tuple(page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"))


def test_totals_follow_the_typing_and_focus_stays_where_the_person_types(page, director, invoice, screenshot):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + f"/smart_doc/invoices_for_payment/{invoice['id']}/edit/")
    page.wait_for_selector("[data-sd-total]:has-text('3 751,50')")
    first, second = "input[name='line-0-count']", "input[name='line-1-count']"

    # Typing, no blur: the line's sum and the totals follow within the debounce.
    page.click(first)
    page.keyboard.press("End")
    page.keyboard.type("0")  # 2 → 20
    page.wait_for_selector("#sd-line-0-sum:has-text('30 000,00')")
    page.wait_for_selector("[data-sd-total]:has-text('30 751,50')")
    assert page.evaluate("document.activeElement.name") == "line-0-count"
    assert page.input_value(first) == "20"
    assert page.evaluate("document.activeElement.selectionStart") == 2  # the caret stayed after what was typed

    # Keep typing while the answer lands: nothing typed is lost, the caret stays.
    page.keyboard.type("0")  # 200
    page.wait_for_selector("[data-sd-total]:has-text('300 751,50')")
    assert page.input_value(first) == "200" and page.evaluate("document.activeElement.name") == "line-0-count"

    # Tab moves straight on to the next quantity (the line's ✕ takes no Tab stop); what is typed lands there.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "line-1-count"
    page.keyboard.type("4")  # the field's text was selected by Tab: 3 → 4
    page.wait_for_selector("#sd-line-1-sum:has-text('1 002,00')")
    page.wait_for_selector("[data-sd-total]:has-text('301 002,00')")
    assert page.evaluate("document.activeElement.name") == "line-1-count" and page.input_value(second) == "4"
    assert page.input_value(first) == "200"

    # A bad quantity says so beside the field, still without taking the field away.
    page.keyboard.type(",1234")
    page.wait_for_selector("#sd-line-1-count-errors .field__error")
    assert page.evaluate("document.activeElement.name") == "line-1-count"
    screenshot(page, "rough-builder-typing-desktop", DESKTOP)
    screenshot(page, "rough-builder-typing-phone", PHONE)
    assert errors == []


def test_a_line_is_removed_from_the_keyboard(page, director, invoice):
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + f"/smart_doc/invoices_for_payment/{invoice['id']}/edit/")
    page.click("input[name='line-1-count']")
    # After the last quantity, Tab reaches the «Удалить строку…» list: open it, pick line 1.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Удалить строку…"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()").startswith("✕ 1.")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('tr.sd-line').length === 1")
    assert page.inner_text("[data-sd-total]").startswith("751,50")
    # Focus goes back to the list once htmx has settled the new lines (not to <body>).
    page.wait_for_function("() => document.activeElement.matches('#sd-lines .sd-remove summary')", timeout=5000)
    # The row's own ✕ still answers a click.
    page.click("tr.sd-line button[title='Удалить строку']")
    page.wait_for_selector("text=Строк пока нет")


def test_phone_pages_of_documents_and_dashboard_never_scroll_sideways(page, director, invoice, client, headers, sources):  # noqa: F811
    record = issue_doc(client, headers, sources["ip"], "ip")
    browser_login(page, "director@test.kz", "director-pass")
    page.set_viewport_size(PHONE)
    paths = ["/", "/smart_doc/", "/smart_doc/documents/", f"/smart_doc/documents/{record['id']}/",
             "/smart_doc/documents/numbering/", "/smart_doc/check_file/", "/smart_doc/settings/",
             f"/smart_doc/invoices_for_payment/{invoice['id']}/", f"/smart_doc/invoices_for_payment/{invoice['id']}/edit/"]
    for path in ("invoices_for_payment", "act_of_works", "waybills", "commercial_offers", "invoices"):
        paths += [f"/smart_doc/{path}/", f"/smart_doc/{path}/new/"]
    for path in ("products", "works", "actors", "beneficiaries", "product_count", "work_counts", "waybills_products"):
        paths.append(f"/smart_doc/{path}/")
    wide = {}
    for path in paths:
        answer = page.goto(page.base + path)
        assert answer.status < 400, (path, answer.status)
        scroll, inner = _no_sideways_scroll(page)
        if scroll > inner:
            wide[path] = scroll
    assert wide == {}
    # The issued list keeps Сумма and Дата in view on a phone.
    page.goto(page.base + "/smart_doc/documents/")
    for label in ("Дата", "Сумма"):
        cell = page.locator(f"td[data-label='{label}']").first
        box = cell.bounding_box()
        assert cell.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_a_typo_in_the_search_still_finds_the_company(page, director, screenshot):
    make_company(name='ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"')
    make_company(name='ТОО "АЛМАТЫ СТРОЙ"')
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + "/clients/clients/")
    page.fill("#q", "транзт")
    page.wait_for_selector("text=Возможно, вы искали:")
    assert "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС" in page.inner_text(".results-similar")
    assert "Найдено: 0" not in page.inner_text("#results")
    page.fill("#q", "стрй")
    page.wait_for_selector(".results-similar >> text=АЛМАТЫ СТРОЙ")
    # A link from another site (`?q=`, a tracking parameter) opens the search, the common word
    # a person meant before a rare one the typo is nearer to by trigrams.
    make_company(name='ТОО "СТР-76"')
    make_company(name='ТОО "СТРОЙ ИНВЕСТ"')
    page.goto(page.base + "/clients/clients/?q=стрй&utm_source=mail")
    assert page.input_value("#q") == "стрй" and "Неизвестный параметр" not in page.inner_text("main")
    first = page.locator(".results-similar__list li a")
    assert "СТРОЙ" in first.nth(0).inner_text() and "СТРОЙ" in first.nth(1).inner_text()
    # On a phone the filters fold behind one button and the results come first.
    page.set_viewport_size(PHONE)
    assert not page.is_visible(".search-filters")
    page.click("label[for=filters-toggle]")
    assert page.is_visible(".search-filters")
    screenshot(page, "rough-search-typo-phone", PHONE)
    page.set_viewport_size(DESKTOP)
    assert page.is_visible(".search-filters")


def test_the_check_page_speaks_russian_and_reads_the_code_itself(page, client, headers, sources, tmp_path, screenshot):  # noqa: F811
    record = issue_doc(client, headers, sources["ip"], "ip")
    pdf = tmp_path / "document.pdf"
    pdf.write_bytes(client.get(record["file"], headers=headers).data)
    page.goto(page.base + "/smart_doc/check_file/")
    page.set_input_files("#document", str(pdf))
    page.click("form.doc-check button[type=submit]")
    page.wait_for_selector("text=Файл подлинный")
    assert page.input_value("#document_id") == record["doc_id"]
    altered = tmp_path / "altered.pdf"
    altered.write_bytes(pdf.read_bytes() + b"\n%")
    page.set_input_files("#document", str(altered))
    page.click("form.doc-check button[type=submit]")
    page.wait_for_selector("text=Файл не совпадает с выпущенным документом")
    assert "Not valid" not in page.content()
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    page.fill("#document_id", record["doc_id"])
    page.set_input_files("#document", str(photo))
    page.click("form.doc-check button[type=submit]")
    page.wait_for_selector("text=Это не PDF-файл")
    screenshot(page, "rough-check-desktop", DESKTOP)
    screenshot(page, "rough-check-phone", PHONE)
