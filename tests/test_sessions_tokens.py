"""API tokens on their owner's page; a header that does not authenticate is a 401, never a CSRF bypass."""
import re

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import ApiToken, AuditEvent
from tests.test_sessions_logout import JSON, PRIVATE, log_in

HTML = {"Accept": "text/html"}


def make_token(client, name="1С бухгалтерия"):
    response = client.post("/auth/tokens/", json={"name": name}, headers=JSON)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def test_create_list_and_revoke(app, client, director):
    log_in(client)
    created = make_token(client)
    assert set(created) == {"id", "name", "created", "last_used_at", "token"}
    assert created["name"] == "1С бухгалтерия" and created["last_used_at"] is None
    api = app.test_client()
    key_headers = {"Authorization": f"Token {created['token']}", "Accept": "application/json"}
    assert api.get(PRIVATE, headers=key_headers).status_code == 200
    listed = client.get("/auth/tokens/", headers=JSON).get_json()
    assert [t["id"] for t in listed] == [created["id"]] and listed[0]["last_used_at"] is not None
    assert "token" not in listed[0]
    assert client.delete(f"/auth/tokens/{created['id']}/", headers=JSON).status_code == 204
    assert client.get("/auth/tokens/", headers=JSON).get_json() == []
    refused = api.get(PRIVATE, headers=key_headers)
    assert refused.status_code == 401 and refused.get_json() == {"detail": "Недействительный токен."}
    events = db.session.execute(select(AuditEvent.event).order_by(AuditEvent.id)).scalars().all()
    assert events[-2:] == ["token_created", "token_revoked"]


def test_tokens_page_shows_the_key_once_and_revokes_by_button(client, director):
    log_in(client)
    page = client.post("/auth/tokens/", data={"name": "Склад"}, headers=HTML)
    assert page.status_code == 201
    html = page.get_data(as_text=True)
    key = re.search(r'id="new-token"[^>]*value="([0-9a-f]+)"', html).group(1)
    assert "Склад" in html and "не использовался" in html
    again = client.get("/auth/tokens/", headers=HTML).get_data(as_text=True)
    assert key not in again and "Склад" in again
    token_id = db.session.execute(select(ApiToken.public_id)).scalar_one()
    done = client.post(f"/auth/tokens/{token_id}/revoke/", headers=HTML)
    assert done.status_code == 302
    assert db.session.execute(select(ApiToken.revoked_at)).scalar_one() is not None


def test_a_token_needs_a_name(client, director):
    log_in(client)
    response = client.post("/auth/tokens/", json={"name": ""}, headers=JSON)
    assert response.status_code == 400 and list(response.get_json()) == ["name"]
    page = client.post("/auth/tokens/", data={"name": "x" * 101}, headers=HTML)
    assert page.status_code == 400 and "Не длиннее 100 символов." in page.get_data(as_text=True)
    assert db.session.execute(select(ApiToken)).first() is None


def test_another_users_token_is_404(app, client, director, other_director):
    other = app.test_client()
    log_in(other, email="other@test.kz", password="other-pass")
    theirs = make_token(other)
    log_in(client)
    assert client.delete(f"/auth/tokens/{theirs['id']}/", headers=JSON).status_code == 404
    assert client.post(f"/auth/tokens/{theirs['id']}/revoke/", headers=JSON).status_code == 404
    assert client.get("/auth/tokens/", headers=JSON).get_json() == []
    assert len(other.get("/auth/tokens/", headers=JSON).get_json()) == 1


@pytest.mark.parametrize("method, path", [
    ("get", "/auth/tokens/"), ("post", "/auth/tokens/"), ("delete", "/auth/tokens/abcd1234/"),
    ("post", "/auth/tokens/abcd1234/revoke/"),
])
def test_token_pages_need_a_login(client, method, path):
    assert getattr(client, method)(path, headers=JSON).status_code == 401


def test_a_token_client_may_manage_its_tokens(client, director, token_headers):
    headers = token_headers("director@test.kz", "director-pass")
    created = client.post("/auth/tokens/", json={"name": "второй"}, headers=headers)
    assert created.status_code == 201
    assert {t["name"] for t in client.get("/auth/tokens/", headers=headers).get_json()} == {"POST /auth/token/", "второй"}


@pytest.mark.parametrize("header", ["Token nope", "Bearer nope", "Token", "Basic ZGlyZWN0b3I6cGFzcw==", "Token a b"])
def test_a_header_that_does_not_authenticate_is_401(client, director, header):
    response = client.get(PRIVATE, headers={"Authorization": header, "Accept": "application/json"})
    assert response.status_code == 401
    assert response.get_json() == {"detail": "Недействительный токен."}
    # Even on a public page, and with a valid cookie session beside it.
    log_in(client)
    public = client.get("/clients/sections/", headers={"Authorization": header, "Accept": "application/json"})
    assert public.status_code == 401 and public.get_json()["detail"] == "Недействительный токен."


class TestCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def _logged_in(self, client):
        page = client.get("/auth/login/").get_data(as_text=True)
        csrf = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        client.post("/auth/login/", data={"email": "director@test.kz", "password": "director-pass", "csrf_token": csrf})

    def test_a_bad_header_does_not_switch_csrf_off_for_the_cookie_session(self, client, director):
        self._logged_in(client)
        for header in ("Token nope", "Bearer " + "0" * 40):
            response = client.post("/auth/sessions/end-all/", headers={"Authorization": header, "Accept": "application/json"})
            assert response.status_code == 401
        assert client.get(PRIVATE, headers=JSON).status_code == 200  # the cookie session was not used
        no_csrf = client.post("/auth/sessions/end-all/", headers=JSON)
        assert no_csrf.status_code == 400 and "CSRF" in no_csrf.get_json()["detail"]
        assert client.get(PRIVATE, headers=JSON).status_code == 200

    def test_a_valid_token_acts_as_its_user_not_the_cookie_session(self, app, client, director, other_director):
        self._logged_in(client)
        key = app.test_client().post("/auth/token/", json={"email": "other@test.kz", "password": "other-pass"}).get_json()["token"]
        body = client.get(PRIVATE, headers={"Authorization": f"Token {key}", "Accept": "application/json"}).get_json()
        assert body["company"]["id"] == other_director.company.public_id
