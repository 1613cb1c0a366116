"""Log in and out in a real browser."""
from tests.browser.conftest import DESKTOP, PHONE, browser_login


def test_login_and_logout(page, director, screenshot):
    browser_login(page, "director@test.kz", "director-pass")
    assert director.company.company_name in page.content()
    screenshot(page, "dashboard-desktop", DESKTOP)
    screenshot(page, "dashboard-phone", PHONE)
    page.set_viewport_size(DESKTOP)
    page.click("text=Выйти")
    page.wait_for_url("**/auth/login/")
    assert "Вы вышли из портала." in page.content()


def test_wrong_password_keeps_email(page, director):
    page.goto(page.base + "/auth/login/")
    page.fill("input[name=email]", "director@test.kz")
    page.fill("input[name=password]", "nope")
    page.click("button[type=submit]")
    # The answer is a new document at the same URL: wait for its message before reading it.
    page.get_by_text("Неверная почта или пароль.").wait_for()
    assert page.input_value("input[name=email]") == "director@test.kz"
