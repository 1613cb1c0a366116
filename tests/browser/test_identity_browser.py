"""Company proof and ЭЦП login in Chromium, with NCALayer played by a local WebSocket stand-in."""
import email
import re

import pytest
from aiosmtpd.controller import Controller

from portal.extensions import db
from portal.models import Email
from portal.models.identity import EdsLink
from tests import factories
from tests.browser.conftest import PHONE, browser_login
from tests.eds_support import IIN_HEAD, both_trusted, gost_pki, pki, seat  # noqa: F401  (fixtures)
from tests.ncalayer_standin import StandIn
from tests.test_documents_mail import Inbox, free_port

SMTP = free_port()
WIDE = {"width": 1280, "height": 900}


@pytest.fixture
def ncalayer():
    standin = StandIn()
    yield standin
    standin.close()


@pytest.fixture
def app_config(pki, gost_pki, ncalayer):
    return {**both_trusted(pki, gost_pki), "NCALAYER_URL": ncalayer.url, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": SMTP,
            "MAIL_USE_TLS": False}


@pytest.fixture
def target(app):
    company = factories.make_company(name='ТОО "ПРОВЕРКА ЭЦП"', proven=False)
    db.session.add(Email(email="office@proverka.kz", company_id=company.id))
    db.session.commit()
    factories.make_user("newbie@test.kz", "newbie-pass", full_name="Новичок Тестовый")
    return company


EXPECTED = ("24680", "status of 400", "status of 404")


def watch_console(page) -> list[str]:
    """Console errors but the expected ones: the CSP blocks ncalayer-js-client's KAZTOKEN probe
    (https://127.0.0.1:24680/), a refused signature is a 400 the page then explains, and the portal
    has no /favicon.ico (404). The scripts themselves load: NCALayer's requests prove it."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" and not any(e in msg.text for e in EXPECTED) else None)
    return errors


def claim(page, bin_value: str) -> None:
    page.goto(page.base + "/staff/claim/")
    page.fill("input[name=bin]", bin_value)
    page.get_by_role("button", name="Продолжить").click()
    page.wait_for_url(re.compile(r"/identity/claims/[0-9a-f]{8}/$"))


def test_claim_by_eds_in_the_browser(page, pki, ncalayer, target, screenshot):
    errors = watch_console(page)
    browser_login(page, "newbie@test.kz", "newbie-pass")
    claim(page, target.bin)
    screenshot(page, "identity-claim-desktop", WIDE)
    screenshot(page, "identity-claim-phone", PHONE)
    page.set_viewport_size(WIDE)
    ncalayer.signer = pki.employee(target.bin)  # first, the wrong key: refused, nothing seated
    page.get_by_role("button", name="Подписать через NCALayer").click()
    page.get_by_text("сотрудник без права подписи").wait_for()
    screenshot(page, "identity-claim-refused-phone", PHONE)
    page.set_viewport_size(WIDE)
    assert seat("newbie@test.kz").role == "Работник"
    ncalayer.signer = pki.person(IIN_HEAD, target.bin)
    page.get_by_role("button", name="Подписать через NCALayer").click()
    page.wait_for_url(page.base + "/")
    assert "Вы — её директор" in page.content()
    assert seat("newbie@test.kz").role == "Директор"
    sign = [r for r in ncalayer.requests if r.get("module") == "kz.gov.pki.knca.basics"][-1]
    assert sign["args"]["format"] == "cms" and sign["args"]["signingParams"]["encapsulate"] is True
    assert errors == []


def test_claim_by_code_in_the_browser(page, target, screenshot):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=SMTP)
    controller.start()
    try:
        browser_login(page, "newbie@test.kz", "newbie-pass")
        claim(page, target.bin)
        assert "o*****@proverka.kz" in page.content() and "office@proverka.kz" not in page.content()
        page.get_by_role("button", name="Отправить код").click()
        page.get_by_text("Код отправлен на o*****@proverka.kz").wait_for()
        screenshot(page, "identity-code-desktop", WIDE)
        screenshot(page, "identity-code-phone", PHONE)
        page.set_viewport_size(WIDE)
        body = email.message_from_bytes(inbox.messages[-1][1]).get_payload(decode=True).decode("utf-8")
        code = re.search(r"Код подтверждения: (\d{6})", body).group(1)
        page.fill("input[name=code]", code)
        page.get_by_role("button", name="Подтвердить").click()
        page.wait_for_url(page.base + "/")
        assert seat("newbie@test.kz").role == "Директор"
    finally:
        controller.stop()


def test_link_and_login_by_eds_in_the_browser(page, pki, ncalayer, director, screenshot):
    errors = watch_console(page)
    ncalayer.signer = pki.person(IIN_HEAD, key_name="browser-auth")
    browser_login(page, "director@test.kz", "director-pass")
    page.goto(page.base + "/identity/eds/")
    screenshot(page, "identity-link-phone", PHONE)
    screenshot(page, "identity-link-desktop", WIDE)
    page.get_by_role("button", name="Привязать ЭЦП").click()
    page.get_by_text(f"ЭЦП привязана: ИИН {IIN_HEAD}").wait_for()
    assert db.session.query(EdsLink).one().user_id == director.id
    page.get_by_role("button", name="Выйти").click()
    page.wait_for_url("**/auth/login/")
    page.goto(page.base + "/identity/login/")
    screenshot(page, "identity-login-desktop", WIDE)
    screenshot(page, "identity-login-phone", PHONE)
    page.set_viewport_size(WIDE)
    page.get_by_role("button", name="Войти через NCALayer").click()
    page.wait_for_url(page.base + "/")
    assert director.company.company_name in page.content()
    assert errors == []


def test_gost_keys_prove_a_company_and_log_in_in_the_browser(page, gost_pki, ncalayer, target):
    """The GOST branch end to end: a company proven by a GOST key, then a GOST AUTH key linked and used."""
    errors = watch_console(page)
    browser_login(page, "newbie@test.kz", "newbie-pass")
    claim(page, target.bin)
    ncalayer.signer = gost_pki.person(IIN_HEAD, target.bin)
    page.get_by_role("button", name="Подписать через NCALayer").click()
    page.wait_for_url(page.base + "/", timeout=60_000)
    assert seat("newbie@test.kz").role == "Директор"
    ncalayer.signer = gost_pki.person(IIN_HEAD, key_name="browser-gost-auth")
    page.goto(page.base + "/identity/eds/")
    page.get_by_role("button", name="Привязать ЭЦП").click()
    page.get_by_text(f"ЭЦП привязана: ИИН {IIN_HEAD}").wait_for(timeout=60_000)
    page.get_by_role("button", name="Выйти").click()
    page.wait_for_url("**/auth/login/")
    page.goto(page.base + "/identity/login/")
    page.get_by_role("button", name="Войти через NCALayer").click()
    page.wait_for_url(page.base + "/", timeout=60_000)
    assert target.company_name in page.content()
    assert errors == []


def test_the_verification_page_says_how_the_issuer_was_proven(page, client, director, token_headers, screenshot):
    from urllib.parse import urlsplit

    from tests.test_documents_support import issue_doc, make_buyer, make_sources

    headers = token_headers("director@test.kz", "director-pass")
    record = issue_doc(client, headers, make_sources(client, headers, make_buyer())["ip"], "ip")
    page.goto(page.base + urlsplit(record["verify_url"]).path)
    assert "Полномочия выпустившего: Компания подтверждена кодом, отправленным на адрес из справочника" in page.content()
    screenshot(page, "identity-verify-authority-desktop", WIDE)
    screenshot(page, "identity-verify-authority-phone", PHONE)
