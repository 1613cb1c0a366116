"""The directory's pages in a real browser: readable tables, working links, no CSP violations."""
import pytest

from portal.extensions import db
from portal.models import Section
from tests.api_data import build_directory
from tests.browser.conftest import DESKTOP, PHONE, browser_login


@pytest.fixture
def console(page):
    """Browser console errors (a Content-Security-Policy violation shows up here) and failed
    sub-resources; the browser's own favicon request is not the page's."""
    errors: list[str] = []

    def on_message(message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document" \
                and not response.url.endswith("/favicon.ico"):
            errors.append(f"{response.status} {response.url}")

    page.on("console", on_message)
    page.on("response", on_response)
    return errors


def test_sections_to_sub_sections(page, app, console, screenshot):
    directory = build_directory()
    db.session.add_all([Section(section=f"Раздел {n:02d}") for n in range(30)])
    db.session.commit()
    page.goto(page.base + "/clients/sections/")
    assert page.inner_text("h1") == "Разделы"
    assert page.inner_text("table thead th >> nth=0") == "Код"
    page.click("text=Вперёд →")
    page.wait_for_url("**/clients/sections/?page=2")
    assert "Страница 2 из 2" in page.inner_text("main")
    page.goto(page.base + "/clients/sections/")
    screenshot(page, "directory-sections-desktop", DESKTOP)
    screenshot(page, "directory-sections-phone", PHONE)
    page.set_viewport_size(DESKTOP)
    page.click(f'a[href="/clients/sub_sections/?section={directory.sections[0].public_id}"]')
    page.wait_for_url("**/clients/sub_sections/?section=*")
    assert "Юридические услуги" in page.inner_text("table")
    assert "Кондитерские изделия" not in page.inner_text("table")
    screenshot(page, "directory-sub-sections-filtered", DESKTOP)
    assert console == []


def test_companies_and_emails_signed_in(page, director, console, screenshot):
    build_directory()
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + "/clients/emails/")
    screenshot(page, "directory-emails", DESKTOP)
    page.goto(page.base + "/clients/get_user_company/")
    assert director.company.bin in page.content()
    screenshot(page, "directory-user-company", DESKTOP)
    page.goto(page.base + "/clients/staff/")
    assert "director@test.kz" in page.content()
    screenshot(page, "directory-staff", DESKTOP)
    assert console == []


def test_error_page(page, app, console, screenshot):
    response = page.goto(page.base + "/clients/sections/?page=abc")
    assert response.status == 400
    assert "page" in page.inner_text("main")
    screenshot(page, "directory-error-400", DESKTOP)
    assert console == []
