"""Accounts created by a director: a temporary password that must be changed before anything else."""
import re

import pytest

from portal.extensions import db
from portal.models import Staff, User

JSON = {"Accept": "application/json"}
HTMX = {"HX-Request": "true"}
NEW = {"full_name": "Айгерим Сапарова", "email": "Aigerim@Test.kz", "phone_number": "+7(727)123-45-67", "role": "Работник"}


@pytest.fixture(autouse=True)
def browser_accept(client):
    """Requests without an Accept header of their own come from a browser in these tests
    (the portal answers JSON to a request that names no type)."""
    client.environ_base["HTTP_ACCEPT"] = "text/html,application/xhtml+xml"


def create_account(client, login) -> str:
    """The director creates an account through the JSON API; returns the temporary password."""
    login("director@test.kz", "director-pass")
    response = client.post("/staff/accounts/", json=NEW, headers=JSON)
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["email"] == "aigerim@test.kz" and body["must_change_password"] is True
    client.post("/auth/logout/")
    return body["temporary_password"]


def test_director_creates_account_with_temporary_password(client, login, director):
    password = create_account(client, login)
    assert len(password) >= 12
    user = db.session.query(User).filter_by(email="aigerim@test.kz").one()
    assert user.must_change_password is True and password not in user.password_hash
    staff = db.session.query(Staff).filter_by(user_id=user.id).one()
    assert (staff.company_id, staff.role, staff.phone_number) == (director.company.id, "Работник", "+7(727)123-45-67")


def test_first_login_must_change_password_before_anything_else(client, login, director):
    password = create_account(client, login)
    response = client.post("/auth/login/", data={"email": "aigerim@test.kz", "password": password})
    assert response.headers["Location"].endswith("/auth/password/")
    for path in ("/", "/staff/", "/clients/clients/", "/staff/claim/"):
        blocked = client.get(path)
        assert blocked.status_code == 302 and blocked.headers["Location"].endswith("/auth/password/"), path
    api = client.get("/staff/", headers=JSON)
    assert api.status_code == 403 and "временным паролем" in api.get_json()["detail"]
    assert client.get("/static/app.css").status_code == 200
    page = client.get("/auth/password/")
    assert page.status_code == 200 and "временным паролем" in page.get_data(as_text=True)
    changed = client.post("/auth/password/", data={"current_password": password, "password": "my-own-pass-1",
                                                   "confirm": "my-own-pass-1"})
    assert changed.status_code == 302
    assert client.get("/").status_code == 200
    assert client.get("/", headers=JSON).get_json()["company"]["bin"] == director.company.bin


def test_temporary_password_blocks_api_tokens_too(app, client, login, director):
    """The director knows the temporary password, so it must not open the API either."""
    password = create_account(client, login)
    integrator = app.test_client()  # an API client: no cookies
    token = integrator.post("/auth/token/", json={"email": "aigerim@test.kz", "password": password}).get_json()["token"]
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    response = integrator.get("/clients/get_user_company/", headers=headers)
    assert response.status_code == 403
    assert "временным паролем" in response.get_json()["detail"]
    assert integrator.delete("/auth/token/", headers=headers).status_code == 204


def test_account_form_errors_beside_fields(client, login, director, worker):
    login("director@test.kz", "director-pass")
    response = client.post("/staff/accounts/", data={**NEW, "email": "worker@test.kz"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "уже зарегистрирован" in html and 'value="Айгерим Сапарова"' in html
    partial = client.post("/staff/accounts/", data={**NEW, "full_name": ""}, headers=HTMX)
    assert partial.status_code == 400 and "<html" not in partial.get_data(as_text=True)
    assert "Обязательное поле." in partial.get_data(as_text=True)
    api = client.post("/staff/accounts/", json={**NEW, "email": "nope"}, headers=JSON)
    assert api.status_code == 400 and "email" in api.get_json()
    assert db.session.query(User).filter_by(email="aigerim@test.kz").count() == 0


def test_password_shown_once_on_the_page(client, login, director):
    login("director@test.kz", "director-pass")
    response = client.post("/staff/accounts/", data=NEW, headers=HTMX)
    assert response.status_code == 201
    html = response.get_data(as_text=True)
    password = re.search(r'id="temp-password"[^>]*value="([^"]+)"', html).group(1)
    assert len(password) == 12
    assert password not in client.get("/staff/").get_data(as_text=True)
