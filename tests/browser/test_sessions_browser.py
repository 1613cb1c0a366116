"""Logout with «Запомнить меня», password reset by e-mail, and the security pages, in Chromium."""
import pytest

from tests.browser.conftest import PHONE, browser_login
from tests.mailbox import SMTP_CONFIG, inbox  # noqa: F401  (fixture)

WIDE = {"width": 1280, "height": 900}


@pytest.fixture
def app_config():
    return dict(SMTP_CONFIG)


def cookie_names(context) -> set[str]:
    return {c["name"] for c in context.cookies()}


def test_logout_with_remember_me_ends_the_login(page, browser, director):
    page.goto(page.base + "/auth/login/")
    page.fill("input[name=email]", "director@test.kz")
    page.fill("input[name=password]", "director-pass")
    page.check("input[name=remember]")
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/auth/login" not in url)
    copied = page.context.cookies()
    assert {"session", "remember_token"} <= cookie_names(page.context)
    page.click("text=Выйти")
    page.wait_for_url("**/auth/login/")
    assert "remember_token" not in cookie_names(page.context)
    page.goto(page.base + "/staff/")
    assert "/auth/login/" in page.url  # the remembered login is gone in this browser
    # Another browser given copies of both cookies from before the logout gets nothing.
    thief = browser.new_context(viewport=WIDE, locale="ru-RU")
    try:
        thief.add_cookies(copied)
        tab = thief.new_page()
        tab.goto(page.base + "/staff/")
        assert "/auth/login/" in tab.url
        assert "Войдите, чтобы открыть эту страницу." in tab.content()
    finally:
        thief.close()


def test_password_reset_end_to_end(page, browser, director, inbox, screenshot):
    other = browser.new_context(viewport=WIDE, locale="ru-RU")
    try:
        elsewhere = other.new_page()
        elsewhere.base = page.base
        browser_login(elsewhere, "director@test.kz", "director-pass")
        page.goto(page.base + "/auth/login/")
        page.click("text=Забыли пароль?")
        page.wait_for_url("**/auth/password/forgot/")
        screenshot(page, "forgot-1280", WIDE)
        screenshot(page, "forgot-390", PHONE)
        page.set_viewport_size(WIDE)
        page.fill("input[name=email]", "director@test.kz")
        page.click("button[type=submit]")
        page.get_by_text("Проверьте почту").first.wait_for()
        screenshot(page, "check-mail-1280", WIDE)
        page.goto(page.base + inbox.link())
        assert "director@test.kz" in page.content()
        screenshot(page, "reset-1280", WIDE)
        screenshot(page, "reset-390", PHONE)
        page.fill("input[name=password]", "reset-in-browser-1")
        page.fill("input[name=confirm]", "reset-in-browser-1")
        page.click("button[type=submit]")
        page.wait_for_url("**/auth/login/")
        assert "Пароль изменён" in page.content()
        browser_login(page, "director@test.kz", "reset-in-browser-1")
        elsewhere.goto(page.base + "/staff/")
        assert "/auth/login/" in elsewhere.url  # the other browser's login ended with the reset
    finally:
        other.close()


def test_security_pages_look_right(page, director, worker, screenshot):
    page.goto(page.base + "/auth/login/")
    page.fill("input[name=email]", "worker@test.kz")
    page.fill("input[name=password]", "wrong-on-purpose")
    page.click("button[type=submit]")
    page.get_by_text("Неверная почта или пароль.").wait_for()
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + "/auth/tokens/")
    page.fill("input[name=name]", "1С: Бухгалтерия для Казахстана")
    page.click("text=Создать токен")
    page.get_by_text("Токен создан").wait_for()
    assert len(page.input_value("#new-token")) == 40
    screenshot(page, "tokens-1280", WIDE)
    screenshot(page, "tokens-390", PHONE)
    page.set_viewport_size(WIDE)
    page.goto(page.base + "/auth/sessions/")
    assert "этот браузер" in page.content()
    screenshot(page, "sessions-1280", WIDE)
    screenshot(page, "sessions-390", PHONE)
    page.set_viewport_size(WIDE)
    page.goto(page.base + "/auth/password/")
    screenshot(page, "change-password-1280", WIDE)
    page.goto(page.base + "/audit/")
    badges = page.locator("tbody .badge").all_inner_texts()
    assert "Неудачная попытка входа" in badges and "Создан API-токен" in badges and "Вход" in badges
    screenshot(page, "audit-1280", WIDE)
    screenshot(page, "audit-390", PHONE)
    page.set_viewport_size(WIDE)
    page.select_option("#event-filter", "login_failed")
    page.click("text=Показать")
    page.wait_for_url("**event=login_failed**")
    assert set(page.locator("tbody .badge").all_inner_texts()) == {"Неудачная попытка входа"}
