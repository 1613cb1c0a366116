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
    assert page.locator(".doc-qr img").evaluate("img => img.naturalWidth") > 100
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
