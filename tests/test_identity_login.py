"""Linking one's ИИН by signing while logged in, then logging in by signing a challenge."""
import pytest

from portal.extensions import db
from portal.models.identity import EdsLink
from tests import factories
from tests.eds_support import (  # noqa: F401  (fixtures)
    IIN_HEAD, JSON, app_config, challenge, eds_login, gost_pki, link, pki,
)


def test_link_once_then_log_in_by_signing(client, login, pki, director):
    login("director@test.kz", "director-pass")
    assert client.get("/identity/eds/", headers=JSON).get_json()["linked"] is False
    personal = pki.person(IIN_HEAD, key_name="director-auth")
    response = link(client, personal)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["iin"] == IIN_HEAD
    client.post("/auth/logout/")
    assert client.get("/clients/staff/", headers=JSON).status_code == 401
    response = eds_login(client, personal)
    assert response.status_code == 200 and response.get_json()["email"] == "director@test.kz"
    assert client.get("/clients/staff/", headers=JSON).status_code == 200
    # A company certificate of the same person (same ИИН) logs in too: ИИН identifies the person.
    client.post("/auth/logout/")
    assert eds_login(client, pki.person(IIN_HEAD, "120440012345")).status_code == 200


@pytest.mark.parametrize("case, message", [
    ("unlinked", "не привязан ни к одному аккаунту"),
    ("signing_key", "нужен ключ аутентификации"),
    ("expired", "просрочен"),
    ("self_signed", "выдан не НУЦ РК"),
    ("other_challenge", "Подписан не тот запрос"),
])
def test_bad_logins_are_refused(client, login, pki, director, case, message):
    db.session.add(EdsLink(user_id=director.id, iin=IIN_HEAD, holder="тест"))
    db.session.commit()
    issued = {
        "unlinked": lambda: pki.person("770707300777"),
        "signing_key": lambda: pki.person(IIN_HEAD, auth=False),
        "expired": lambda: pki.person(IIN_HEAD, days_valid=(-400, -3)),
        "self_signed": lambda: pki.self_signed("120440012345"),
        "other_challenge": lambda: pki.person(IIN_HEAD),
    }[case]()
    data = b"b2b-portal:login:not-the-one" if case == "other_challenge" else None
    response = eds_login(client, issued, data)
    assert response.status_code == 400 and message in response.get_json()["signature"][0]
    assert client.get("/clients/staff/", headers=JSON).status_code == 401


def test_a_login_signature_works_once(client, pki, director):
    db.session.add(EdsLink(user_id=director.id, iin=IIN_HEAD, holder="тест"))
    db.session.commit()
    text = challenge(client, "/identity/login/challenge/")
    body = {"challenge": text, "signature": pki.person(IIN_HEAD).sign(text.encode())}
    assert client.post("/identity/login/", json=body, headers=JSON).status_code == 200
    client.post("/auth/logout/")
    replay = client.post("/identity/login/", json=body, headers=JSON)
    assert replay.status_code == 400 and "уже использован" in replay.get_json()["signature"][0]
    assert client.get("/clients/staff/", headers=JSON).status_code == 401


def test_a_login_challenge_cannot_link_and_a_link_challenge_cannot_log_in(client, login, pki, director):
    login("director@test.kz", "director-pass")
    text = challenge(client, "/identity/login/challenge/")
    response = client.post("/identity/eds/", json={"challenge": text, "signature": pki.person(IIN_HEAD).sign(text.encode())},
                           headers=JSON)
    assert response.status_code == 400 and "не для этого действия" in response.get_json()["signature"][0]
    assert db.session.query(EdsLink).count() == 0


def test_one_iin_links_one_account(client, login, pki, director, worker):
    db.session.add(EdsLink(user_id=worker.id, iin=IIN_HEAD, holder="тест"))
    db.session.commit()
    login("director@test.kz", "director-pass")
    response = link(client, pki.person(IIN_HEAD))
    assert response.status_code == 400 and "уже привязан к другому аккаунту" in response.get_json()["signature"][0]


def test_pages_render(client, login, director):
    html = {"Accept": "text/html"}
    page = client.get("/identity/login/", headers=html)
    assert page.status_code == 200 and "Войти через NCALayer" in page.get_data(as_text=True)
    assert "wss://127.0.0.1:13579" in page.headers["Content-Security-Policy"]
    login("director@test.kz", "director-pass")
    assert "Привязать ЭЦП" in client.get("/identity/eds/", headers=html).get_data(as_text=True)
    assert client.get("/identity/login/", headers=html).status_code == 302


def test_an_inactive_account_cannot_log_in_by_eds(client, pki, app):
    user = factories.make_user("gone@test.kz", "gone-pass")
    user.is_active_account = False
    db.session.add(EdsLink(user_id=user.id, iin=IIN_HEAD, holder="тест"))
    db.session.commit()
    assert eds_login(client, pki.person(IIN_HEAD)).status_code == 400
