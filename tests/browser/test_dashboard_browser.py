"""The dashboard and the layout in a real browser, at phone and desktop widths."""
from tests.browser.conftest import DESKTOP, PHONE, browser_login
from tests.test_dashboard import add_document, add_market_data
from tests import factories


def test_dashboard_screenshots(page, director, worker, screenshot):
    add_market_data()
    add_document(director.company, factories.make_company(name='ТОО "ПОКУПАТЕЛЬ"'))
    browser_login(page, "director@test.kz", "director-pass")
    assert director.company.bin in page.content()
    assert page.locator(".rates tbody tr").count() == 4
    assert page.locator(".news__item").count() == 3
    screenshot(page, "dashboard-full-desktop", DESKTOP)
    screenshot(page, "dashboard-full-phone", PHONE)
    # On a phone the menu folds behind a button and opens with it.
    assert not page.locator(".nav").is_visible()
    page.click(".nav-toggle__label")
    assert page.locator(".nav").is_visible()
    screenshot(page, "dashboard-menu-phone", PHONE)


def test_empty_dashboard_and_landing(page, director, screenshot):
    page.goto(page.base + "/")
    assert "Зарегистрироваться" in page.content()
    screenshot(page, "landing-desktop", DESKTOP)
    screenshot(page, "landing-phone", PHONE)
    page.set_viewport_size(DESKTOP)
    browser_login(page, "director@test.kz", "director-pass")
    assert "Курсы ещё не загружены" in page.content() and "Документов пока нет" in page.content()
    screenshot(page, "dashboard-empty-desktop", DESKTOP)


def test_staff_page_screenshots(page, director, worker, screenshot):
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + "/staff/")
    screenshot(page, "staff-desktop", DESKTOP)
    screenshot(page, "staff-phone", PHONE)


def test_user_menu_opens_without_script(page, director, screenshot):
    browser_login(page, "director@test.kz", "director-pass")
    assert not page.locator("text=Сменить пароль").is_visible()
    page.click(".usermenu__who")
    assert page.locator("text=Сменить пароль").is_visible()
    screenshot(page, "usermenu-desktop", DESKTOP)
    page.click("text=Сменить пароль")
    page.wait_for_url("**/auth/password/")


def test_error_page_in_the_layout(page, director, screenshot):
    browser_login(page, "director@test.kz", "director-pass")
    response = page.goto(page.base + "/no/such/page/")
    assert response.status == 404
    assert "Страница не найдена" in page.content()
    screenshot(page, "error-404-phone", PHONE)
