"""Issue a PDF from a document page, open it, and check the file, in a real browser."""
from tests.browser.conftest import DESKTOP, PHONE, browser_login
from tests.test_documents_support import BASE, buyer, headers, sources  # noqa: F401  (fixtures)


def test_issue_share_and_verify_in_the_browser(page, sources, client, headers, screenshot, tmp_path):
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + f"{BASE}/invoices_for_payment/{sources['ip']['id']}/")
    panel = page.locator("#issue-panel")
    assert "Документ ещё не выпускался" in panel.inner_text()
    page.check("input[name=visibility][value=pu]")
    page.click("#issue-panel button[type=submit]")
    page.wait_for_selector("#issue-panel >> text=2026-000001", timeout=30000)
    assert "Выпущен документ № 2026-000001" in page.locator("#issue-panel").inner_text()
    screenshot(page, "documents-issue-panel-desktop", DESKTOP)
    screenshot(page, "documents-issue-panel-phone", PHONE)
    page.set_viewport_size(DESKTOP)

    page.click("#issue-panel table a:has-text(\"2026-000001\")")
    page.wait_for_selector("h1 >> text=Счет на оплату № 2026-000001")
    # The QR image loads after the page; a loaded machine may take a moment.
    page.wait_for_function("() => { const img = document.querySelector('.doc-qr img'); "
                           "return img && img.complete && img.naturalWidth > 100; }", timeout=15000)
    screenshot(page, "documents-detail-desktop", DESKTOP)

    listed = client.get(f"{BASE}/documents/", headers=headers).get_json()["results"][0]
    pdf = tmp_path / "invoice.pdf"
    pdf.write_bytes(client.get(listed["file"], headers=headers).data)
    page.goto(page.base + f"/verify/{listed['doc_id']}/")
    assert "2026-000001" in page.content()
    screenshot(page, "documents-verify-desktop", DESKTOP)
    page.click("text=Проверить файл этого документа")
    page.set_input_files("input[name=document]", str(pdf))
    page.click("form.doc-check button[type=submit]")
    page.wait_for_selector("text=Файл подлинный", timeout=30000)
    screenshot(page, "documents-check-desktop", DESKTOP)
    screenshot(page, "documents-check-phone", PHONE)
    page.set_viewport_size(DESKTOP)
    page.goto(page.base + f"{BASE}/documents/")
    assert "2026-000001" in page.content()
    screenshot(page, "documents-list-desktop", DESKTOP)


def test_tick_documents_in_a_list_and_issue_them_together(page, sources, client, headers, screenshot):
    sample = sources["ip"]
    client.post(f"{BASE}/invoices_for_payment/", json={
        "buyer": sample["buyer"], "product_counts": sample["product_counts"], "beneficiary": sample["beneficiary"],
        "date": "2026-11-02"}, headers=headers)
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + f"{BASE}/invoices_for_payment/")
    boxes = page.locator("input[name=content_ids]")
    assert boxes.count() == 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.select_option("#sd-bulk-visibility", "pu")
    screenshot(page, "documents-bulk-list-desktop", DESKTOP)
    screenshot(page, "documents-bulk-list-phone", PHONE)
    page.set_viewport_size(DESKTOP)
    page.click("text=Выпустить выбранные PDF", timeout=120_000)  # renders inline in unit-test mode
    page.wait_for_url(lambda url: "/smart_doc/documents/" in url, timeout=30000)
    # Unit tests run tasks inside the request, so the run is done already (see test_tasks_browser).
    progress = page.locator(".task-progress[data-state=done]").inner_text()
    assert "Выпущено 2 из 2 (100%)." in progress
    # The older invoice (2 November) took the first number.
    records = client.get(f"{BASE}/documents/?type=ip", headers=headers).get_json()["results"]
    by_number = {record["number"]: record for record in records}
    assert by_number["2026-000001"]["date"] == "2026-11-02" and by_number["2026-000002"]["date"] == "2026-11-26"
    assert {record["form"] for record in records} == {"pu"}
    screenshot(page, "documents-bulk-issued-desktop", DESKTOP)


def test_send_an_issued_pdf_by_email_from_its_page(page, app, sources, client, headers, screenshot, tmp_path):
    app.instance_path = str(tmp_path)  # no MAIL_SERVER: messages go to <instance>/outbox/
    record = client.post(f"{BASE}/documents/", json={"type": "ip", "form": "pu", "content_id": sources["ip"]["id"]},
                         headers=headers).get_json()
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + f"{BASE}/documents/{record['id']}/")
    section = page.locator("#mail")
    assert "Документ ещё не отправляли по e-mail." in section.inner_text()

    page.fill("#mail input[name=email_recipients]", "buh@buyer, ")
    page.click("#mail button[type=submit]")
    page.wait_for_selector("#mail .field__error")
    assert "Неверный адрес электронной почты: buh@buyer" in section.inner_text()
    assert page.input_value("#mail input[name=email_recipients]") == "buh@buyer, "

    page.fill("#mail input[name=email_recipients]", "buh@buyer.kz, director@buyer.kz")
    page.click("#mail button[type=submit]")
    page.wait_for_selector("#mail .doc-mails")
    row = page.locator("#mail .doc-mails tbody tr").first.inner_text()
    assert "buh@buyer.kz, director@buyer.kz" in row and "в папке outbox" in row
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1
    screenshot(page, "documents-mail-desktop", DESKTOP)
    screenshot(page, "documents-mail-phone", PHONE)
