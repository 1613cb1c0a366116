"""Register, log in, log out: forms, session renewal, cookies and password hashing."""
import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import User
from portal.staffing import accounts

HTML = {"Accept": "text/html"}


def session_cookie(response) -> str:
    """The Set-Cookie header of the session cookie."""
    cookies = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("session=")]
    assert len(cookies) == 1, response.headers.getlist("Set-Cookie")
    return cookies[0]


def test_login_page_renders_the_form(client):
    response = client.get("/auth/login/", headers=HTML)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'name="email"' in page and 'name="password"' in page and "Войти" in page


def test_login_and_logout(client, director):
    response = client.post("/auth/login/", data={"email": "director@test.kz", "password": "director-pass"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/clients/get_user_company/", headers={"Accept": "application/json"}).status_code == 200
    response = client.post("/auth/logout/")
    assert response.status_code == 302
    assert client.get("/clients/get_user_company/", headers={"Accept": "application/json"}).status_code == 401


def test_login_redirects_back_only_to_this_site(client, director):
    data = {"email": "director@test.kz", "password": "director-pass"}
    response = client.post("/auth/login/?next=/clients/clients/%3Fpage%3D2", data=data)
    assert response.headers["Location"] == "/clients/clients/?page=2"
    client.post("/auth/logout/")
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post("/auth/login/", query_string={"next": target}, data=data)
        assert response.headers["Location"] == "/", target
        client.post("/auth/logout/")


def test_wrong_password_reshows_the_form_with_the_email(client, director):
    response = client.post("/auth/login/", data={"email": "director@test.kz", "password": "nope"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Неверная почта или пароль." in page
    assert 'value="director@test.kz"' in page
    assert "nope" not in page


def test_session_is_renewed_at_login(client, director):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker before login"
        session["_fresh"] = False
    response = client.post("/auth/login/", data={"email": "director@test.kz", "password": "director-pass"})
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(director.public_id + ":")
        assert session["_fresh"] is True


def test_logout_clears_the_session(client, director, login):
    login("director@test.kz", "director-pass")
    with client.session_transaction() as session:
        session["draft"] = "something"
    client.post("/auth/logout/")
    with client.session_transaction() as session:
        assert "draft" not in session and "_user_id" not in session


def test_session_cookie_is_httponly_and_lax(client, director):
    response = client.post("/auth/login/", data={"email": "director@test.kz", "password": "director-pass"})
    cookie = session_cookie(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http in this test


def test_session_cookie_is_secure_over_https(client, director):
    response = client.post("/auth/login/", base_url="https://localhost",
                           data={"email": "director@test.kz", "password": "director-pass"})
    cookie = session_cookie(response)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


class TestBehindATlsProxy:
    """PORTAL_HTTPS=1 and PORTAL_PROXY_FIX=1: TLS ends at the proxy in front of the portal."""

    @pytest.fixture
    def app_config(self):
        return {"HTTPS": 1, "PROXY_FIX": 1}

    def test_cookies_are_secure_and_the_client_address_is_trusted(self, client, director):
        data = {"email": "director@test.kz", "password": "director-pass", "remember": "y"}
        response = client.post("/auth/login/", data=data, headers={"X-Forwarded-Proto": "https"})
        cookies = response.headers.getlist("Set-Cookie")
        assert any(c.startswith("session=") and "Secure" in c for c in cookies)
        assert any(c.startswith("remember_token=") and "Secure" in c and "HttpOnly" in c for c in cookies)
        # Even a request the proxy forwarded as http gets a Secure cookie: the deployment is HTTPS.
        client.post("/auth/logout/")
        response = client.post("/auth/login/", data=data)
        assert "Secure" in session_cookie(response)


@pytest.mark.parametrize("data, field, message", [
    ({"full_name": "", "email": "a@b.kz", "password": "12345678", "confirm": "12345678"}, "full_name", "Обязательное поле."),
    ({"full_name": "A", "email": "not-an-email", "password": "12345678", "confirm": "12345678"}, "email", "Неверный адрес"),
    ({"full_name": "A", "email": "a@b.kz", "password": "short", "confirm": "short"}, "password", "От 8 до 200 символов."),
    ({"full_name": "A", "email": "a@b.kz", "password": "12345678", "confirm": "87654321"}, "confirm", "Пароли не совпадают."),
])
def test_register_errors_are_shown_beside_the_fields(client, director, data, field, message):
    api = client.post("/auth/register/", data=data)  # no Accept: an API client, the JSON twin
    assert api.status_code == 400 and message in api.get_json()[field][0]
    response = client.post("/auth/register/", data=data, headers=HTML)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and message in page
    if data["full_name"]:
        assert f'value="{data["full_name"]}"' in page
    assert db.session.execute(select(User).where(User.email == "a@b.kz")).scalar_one_or_none() is None


def test_passwords_use_argon2id_with_the_rfc_9106_profile(app):
    app.config["PASSWORD_HASH_PROFILE"] = "default"
    hashed = accounts.hash_password("correct horse")
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    user = accounts.create_user("kdf@test.kz", "correct horse")
    db.session.commit()
    assert accounts.authenticate("kdf@test.kz", "correct horse") == user
    assert accounts.authenticate("kdf@test.kz", "wrong horse") is None
    assert accounts.authenticate("nobody@test.kz", "correct horse") is None


def test_weaker_hashes_are_upgraded_at_login(app):
    user = accounts.create_user("old@test.kz", "old-password")  # the cheap test profile
    db.session.commit()
    app.config["PASSWORD_HASH_PROFILE"] = "default"
    assert accounts.authenticate("old@test.kz", "old-password") == user
    assert user.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


class TestCsrf:
    """Forms carry a CSRF token; a cookie-session write without it is refused."""

    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_login_without_csrf_token_is_rejected(self, client, director):
        response = client.post("/auth/login/", data={"email": "director@test.kz", "password": "director-pass"},
                               headers=HTML)
        assert response.status_code == 400
        assert "CSRF" in response.get_data(as_text=True)
        with client.session_transaction() as session:
            assert "_user_id" not in session

    def test_login_with_the_forms_token_works(self, client, director):
        page = client.get("/auth/login/").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        response = client.post("/auth/login/", data={"email": "director@test.kz", "password": "director-pass",
                                                     "csrf_token": token})
        assert response.status_code == 302

    def test_logout_needs_the_token_too(self, client, director):
        page = client.get("/auth/login/").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        client.post("/auth/login/", data={"email": "director@test.kz", "password": "director-pass", "csrf_token": token})
        response = client.post("/auth/logout/", headers={"Accept": "application/json"})
        assert response.status_code == 400
        assert "CSRF" in response.get_json()["detail"]
        # The session was renewed at login, so the token of the login page no longer counts.
        assert client.post("/auth/logout/", headers={"X-CSRFToken": token}).status_code == 400
        page = client.get("/auth/login/").get_data(as_text=True)
        fresh = page.split('"X-CSRFToken": "')[1].split('"')[0]
        assert client.post("/auth/logout/", headers={"X-CSRFToken": fresh}).status_code == 302

    def test_token_clients_need_no_csrf_token(self, client, director):
        response = client.post("/auth/token/", json={"email": "director@test.kz", "password": "director-pass"})
        assert response.status_code == 200
        key = response.get_json()["token"]
        assert client.delete("/auth/token/", headers={"Authorization": f"Token {key}"}).status_code == 204

    def test_unknown_paths_and_methods_are_not_csrf_errors(self, client):
        assert client.post("/clients/sections/", headers={"Accept": "application/json"}).status_code == 405
        assert client.post("/no/such/path/", headers={"Accept": "application/json"}).status_code == 404
