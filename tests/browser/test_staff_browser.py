"""Staff management in a real browser: an invite accepted in a second browser context,
an account with a temporary password, role changes and removal through htmx."""
import pytest

from tests.browser.conftest import DESKTOP, browser_login
from tests.mailbox import SMTP_CONFIG, inbox  # noqa: F401  (the fixture)


@pytest.fixture
def app_config():
    """CSRF on, as in production: forms carry the token, htmx sends the header from <body>."""
    return {"WTF_CSRF_ENABLED": True, **SMTP_CONFIG}


@pytest.fixture
def second_page(browser, live_server):
    """Another person's browser: its own context, so no cookies are shared."""
    context = browser.new_context(viewport=DESKTOP, locale="ru-RU")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.base = live_server
    yield tab
    context.close()


def test_director_invites_a_worker_who_accepts(page, second_page, director, screenshot, inbox):
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + "/staff/")
    page.select_option("#invite-role", "Работник")
    page.click("text=Создать ссылку")
    link_box = page.locator("#invite-link")
    link_box.wait_for()
    link = link_box.input_value()
    assert "/staff/join/" in link
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1  # swapped in place
    screenshot(page, "staff-invite-created-desktop", DESKTOP)

    invitee = second_page
    invitee.goto(link)
    assert director.company.company_name in invitee.content()
    invitee.fill("input[name=full_name]", "Нурлан Ахметов")
    invitee.fill("input[name=email]", "nurlan@test.kz")
    invitee.fill("input[name=password]", "nurlan-pass-1")
    invitee.fill("input[name=confirm]", "nurlan-pass-2")
    invitee.click("text=Получить ссылку на почту")
    # The form posts and the answer replaces the page: wait for it, not for the click alone
    # (read at once, content() caught the document between the two).
    invitee.locator("#confirm-error").wait_for()
    assert invitee.locator("#confirm-error").inner_text() == "Пароли не совпадают."  # once, not per layer
    assert invitee.input_value("input[name=email]") == "nurlan@test.kz"
    invitee.fill("input[name=password]", "nurlan-pass-1")
    invitee.fill("input[name=confirm]", "nurlan-pass-1")
    invitee.click("text=Получить ссылку на почту")
    invitee.locator("text=Проверьте почту").wait_for()
    invitee.goto(invitee.base + inbox.link())  # the registration link, which leads back to the invite
    invitee.click("button:has-text('Создать аккаунт')")
    invitee.wait_for_url(link)
    invitee.click("text=Присоединиться к компании")
    invitee.wait_for_url(invitee.base + "/")
    assert "Вы присоединились к компании" in invitee.content()
    assert "Нурлан Ахметов" in invitee.locator(".usermenu").inner_text()

    # The link was for one person only.
    invitee.click("text=Выйти")
    invitee.wait_for_url("**/auth/login/")
    invitee.goto(link)
    assert "уже использовано" in invitee.content()

    page.goto(page.base + "/staff/")
    assert "nurlan@test.kz" in page.locator("#members").inner_text()
    assert "Использовано" in page.locator("#invites").inner_text()


def test_existing_user_logs_in_from_the_invite(page, second_page, director):
    from tests import factories

    factories.make_user("aliya@test.kz", "aliya-pass-1", full_name="Алия Ким")
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + "/staff/")
    page.fill("#invite-email", "aliya@test.kz")
    page.click("text=Создать ссылку")
    link = page.locator("#invite-link").input_value()

    second_page.goto(link)
    second_page.click("text=Войдите")
    second_page.fill("input[name=email]", "aliya@test.kz")
    second_page.fill("input[name=password]", "aliya-pass-1")
    second_page.click("button[type=submit]")
    second_page.wait_for_url(link)
    second_page.click("text=Присоединиться к компании")
    second_page.wait_for_url(second_page.base + "/")
    assert director.company.company_name in second_page.content()


def test_temporary_password_account(page, second_page, director):
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + "/staff/")
    page.fill("#account-full-name", "Данияр Серик")
    page.fill("#account-email", "daniyar@test.kz")
    page.click("text=Создать >> nth=-1")
    password = page.locator("#temp-password").input_value()
    assert len(password) == 12

    second_page.goto(second_page.base + "/auth/login/")
    second_page.fill("input[name=email]", "daniyar@test.kz")
    second_page.fill("input[name=password]", password)
    second_page.click("button[type=submit]")
    second_page.wait_for_url("**/auth/password/")
    second_page.goto(second_page.base + "/staff/")
    assert second_page.url.endswith("/auth/password/")  # nothing else until the password is changed
    second_page.fill("input[name=current_password]", password)  # the temporary one is the current password
    second_page.fill("input[name=password]", "daniyar-own-1")
    second_page.fill("input[name=confirm]", "daniyar-own-1")
    second_page.click("text=Сохранить пароль")
    second_page.wait_for_url(second_page.base + "/")
    assert director.company.company_name in second_page.content()


def test_role_change_and_removal_with_htmx(page, director, worker):
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + "/staff/")
    row = page.locator(f"#member-{worker.public_id}")
    row.locator("select[name=role]").select_option("Директор")
    row.locator("text=Сохранить").click()
    page.locator("#staff-panel .flash--success").wait_for()
    assert "роль «Директор»" in page.locator("#staff-panel .flash--success").inner_text()

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"#member-{worker.public_id} >> text=Убрать").click()
    page.locator(f"#member-{worker.public_id}").wait_for(state="detached")
    assert "больше не работает в компании" in page.locator("#staff-panel").inner_text()
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1


def test_last_director_is_told_why_not(page, director):
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + "/staff/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("text=Выйти из компании")
    page.locator("#staff-panel .flash--error").wait_for()
    assert "последний директор" in page.locator("#staff-panel .flash--error").inner_text()


def test_claim_by_bin_in_the_browser(page, company, screenshot):
    from tests import factories

    factories.make_user("owner@test.kz", "owner-pass-1", full_name="Ержан Омаров")
    browser_login(page, "owner@test.kz", "owner-pass-1")
    assert "Следующий шаг" in page.content()
    screenshot(page, "dashboard-no-company-desktop", DESKTOP)
    page.fill("#claim-bin", "123")
    page.click("text=Найти и присоединиться")
    # The form posts and the answer page arrives in pieces: wait for the message, not a snapshot.
    page.get_by_text("БИН состоит из 12 цифр.").wait_for()
    assert page.url.endswith("/staff/claim/") and page.input_value("input[name=bin]") == "123"
    page.fill("input[name=bin]", company.bin)
    page.click("text=Продолжить")
    # A claim seats nobody as director: it waits for a proof on its own page.
    page.wait_for_url("**/identity/claims/*/")
    assert "Ожидает подтверждения" in page.content()
