"""Staff management: who may see and change a company's staff, in HTML, htmx and JSON."""
import re

import pytest

from portal.extensions import db
from portal.models import Staff, User
from tests import factories

JSON = {"Accept": "application/json"}
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def browser_accept(client):
    """Requests without an Accept header of their own come from a browser in these tests
    (the portal answers JSON to a request that names no type)."""
    client.environ_base["HTTP_ACCEPT"] = "text/html,application/xhtml+xml"


def staff_row(email: str) -> Staff | None:
    """The current position of the account with this e-mail."""
    db.session.expire_all()
    user = db.session.query(User).filter_by(email=email).one()
    return db.session.query(Staff).filter_by(user_id=user.id).one_or_none()


# --- Seeing the staff page ---------------------------------------------------------------

def test_anonymous_gets_401_json_and_login_redirect(client):
    assert client.get("/staff/", headers=JSON).status_code == 401
    response = client.get("/staff/")
    assert response.status_code == 302
    assert "/auth/login/" in response.headers["Location"]
    assert client.post("/staff/invites/", json={"role": "Работник"}, headers=JSON).status_code == 401


def test_director_sees_staff_invites_and_requests(client, login, director, worker):
    login("director@test.kz", "director-pass")
    body = client.get("/staff/", headers=JSON).get_json()
    assert body["can_manage"] is True
    assert body["company"]["bin"] == director.company.bin
    assert [m["role"] for m in body["members"]] == ["Директор", "Работник"]
    assert body["members"][1]["email"] == "worker@test.kz"
    assert body["invites"] == [] and body["join_requests"] == []
    html = client.get("/staff/").get_data(as_text=True)
    assert "Пригласить по ссылке" in html and "Создать учётную запись" in html
    assert "worker@test.kz" in html


def test_worker_sees_colleagues_but_no_management(client, login, director, worker):
    login("worker@test.kz", "worker-pass")
    body = client.get("/staff/", headers=JSON).get_json()
    assert body["can_manage"] is False
    assert len(body["members"]) == 2
    html = client.get("/staff/").get_data(as_text=True)
    assert "Пригласить по ссылке" not in html
    assert "может директор компании" in html


def test_user_without_company_is_sent_to_claim(client, login, app):
    factories.make_user("free@test.kz", "free-pass-1")
    login("free@test.kz", "free-pass-1")
    response = client.get("/staff/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/claim/")
    assert client.get("/staff/", headers=JSON).status_code == 404


def test_htmx_gets_the_panel_alone(client, login, director):
    login("director@test.kz", "director-pass")
    full = client.get("/staff/")
    partial = client.get("/staff/", headers=HTMX)
    assert "<html" in full.get_data(as_text=True)
    body = partial.get_data(as_text=True)
    assert "<html" not in body and 'id="staff-panel"' in body
    for response in (full, partial):
        assert "HX-Request" in response.headers["Vary"] and "Accept" in response.headers["Vary"]


# --- Changing roles and removing -----------------------------------------------------------

def test_director_changes_role_json(client, login, director, worker):
    login("director@test.kz", "director-pass")
    response = client.post(f"/staff/members/{worker.public_id}/role/", json={"role": "Директор"}, headers=JSON)
    assert response.status_code == 200
    assert response.get_json()["role"] == "Директор"
    assert staff_row("worker@test.kz").role == "Директор"


def test_role_change_form_redirects_with_message(client, login, director, worker):
    login("director@test.kz", "director-pass")
    response = client.post(f"/staff/members/{worker.public_id}/role/", data={"role": "Директор"})
    assert response.status_code == 302
    page = client.get("/staff/").get_data(as_text=True)
    assert "роль «Директор»" in page


def test_role_change_htmx_returns_panel(client, login, director, worker):
    login("director@test.kz", "director-pass")
    response = client.post(f"/staff/members/{worker.public_id}/role/", data={"role": "Директор"}, headers=HTMX)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'id="staff-panel"' in body and "<html" not in body
    assert "роль «Директор»" in body


def test_unknown_role_is_a_400_naming_the_field(client, login, director, worker):
    login("director@test.kz", "director-pass")
    response = client.post(f"/staff/members/{worker.public_id}/role/", json={"role": "Король"}, headers=JSON)
    assert response.status_code == 400
    assert "role" in response.get_json()
    assert staff_row("worker@test.kz").role == "Работник"


def test_director_removes_worker(client, login, director, worker):
    login("director@test.kz", "director-pass")
    response = client.delete(f"/staff/members/{worker.public_id}/", headers=JSON)
    assert response.status_code == 204
    assert staff_row("worker@test.kz") is None
    assert db.session.query(User).filter_by(email="worker@test.kz").one()  # the account stays


def test_last_director_cannot_leave_or_step_down(client, login, director, worker):
    login("director@test.kz", "director-pass")
    response = client.post(f"/staff/members/{director.public_id}/remove/", headers=JSON)
    assert response.status_code == 409
    assert "последний директор" in response.get_json()["detail"]
    response = client.post(f"/staff/members/{director.public_id}/role/", json={"role": "Работник"}, headers=JSON)
    assert response.status_code == 409
    assert staff_row("director@test.kz").role == "Директор"
    # In the browser the refusal is shown on the page, in place (htmx) or after the redirect.
    response = client.post(f"/staff/members/{director.public_id}/remove/", headers=HTMX)
    assert response.status_code == 409
    assert "последний директор" in response.get_data(as_text=True)


def test_director_may_leave_when_another_director_stays(client, login, director, worker):
    staff_row("worker@test.kz").role = "Директор"
    db.session.commit()
    login("director@test.kz", "director-pass")
    response = client.post(f"/staff/members/{director.public_id}/remove/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert staff_row("director@test.kz") is None
    htmx_left = client.get("/staff/", headers=JSON)
    assert htmx_left.status_code == 404


@pytest.mark.parametrize("method, path, payload", [
    ("post", "/staff/members/{worker}/role/", {"role": "Директор"}),
    ("post", "/staff/members/{worker}/remove/", None),
    ("delete", "/staff/members/{worker}/", None),
    ("post", "/staff/invites/", {"role": "Работник"}),
    ("post", "/staff/accounts/", {"email": "x@test.kz", "full_name": "X", "role": "Работник"}),
])
def test_worker_cannot_manage(client, login, director, worker, method, path, payload):
    login("worker@test.kz", "worker-pass")
    url = path.format(worker=worker.public_id)
    response = getattr(client, method)(url, json=payload, headers=JSON)
    assert response.status_code == 403
    assert "директор" in response.get_json()["detail"]
    page = getattr(client, method)(url, data=payload or {})
    assert page.status_code == 403
    assert "Доступ запрещён" in page.get_data(as_text=True)
    assert staff_row("worker@test.kz").role == "Работник"
    assert db.session.query(User).filter_by(email="x@test.kz").count() == 0


def test_other_companys_director_cannot_touch_our_staff(client, login, director, worker, other_director):
    login("other@test.kz", "other-pass")
    for response in (
        client.post(f"/staff/members/{worker.public_id}/role/", json={"role": "Директор"}, headers=JSON),
        client.delete(f"/staff/members/{worker.public_id}/", headers=JSON),
        client.post(f"/staff/members/{director.public_id}/remove/", headers=JSON),
    ):
        assert response.status_code == 404
    assert staff_row("worker@test.kz").role == "Работник"
    assert staff_row("director@test.kz") is not None
    members = client.get("/staff/", headers=JSON).get_json()["members"]
    assert [m["email"] for m in members] == ["other@test.kz"]


def test_token_clients_manage_without_csrf(client, director, worker, token_headers):
    headers = token_headers("director@test.kz", "director-pass")
    response = client.post(f"/staff/members/{worker.public_id}/role/", json={"role": "Директор"}, headers=headers)
    assert response.status_code == 200


def csrf_token_of(html: str) -> str:
    """The CSRF token a page carries (forms and the htmx header share it)."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


class TestCsrf:
    """With CSRF on (as in production), cookie-session writes need the token; token clients don't."""

    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def login_with_token(self, client):
        token = csrf_token_of(client.get("/auth/login/").get_data(as_text=True))
        response = client.post("/auth/login/", data={"email": "director@test.kz", "password": "director-pass", "csrf_token": token})
        assert response.status_code == 302

    def test_cookie_write_needs_the_token(self, client, director, worker):
        self.login_with_token(client)
        url = f"/staff/members/{worker.public_id}/role/"
        assert client.post(url, data={"role": "Директор"}).status_code == 400
        assert staff_row("worker@test.kz").role == "Работник"
        token = csrf_token_of(client.get("/staff/").get_data(as_text=True))
        response = client.post(url, data={"role": "Директор"}, headers={**HTMX, "X-CSRFToken": token})
        assert response.status_code == 200
        assert staff_row("worker@test.kz").role == "Директор"

    def test_token_client_needs_no_csrf(self, client, director, worker, token_headers):
        headers = token_headers("director@test.kz", "director-pass")
        response = client.delete(f"/staff/members/{worker.public_id}/", headers=headers)
        assert response.status_code == 204


def test_actions_vary_by_accept_and_htmx(client, login, director, worker):
    login("director@test.kz", "director-pass")
    for response in (
        client.post(f"/staff/members/{worker.public_id}/role/", data={"role": "Работник"}),
        client.post(f"/staff/members/{worker.public_id}/role/", json={"role": "Работник"}, headers=JSON),
        client.get("/staff/claim/"),
    ):
        assert {"Accept", "HX-Request"} <= set(response.vary), response.status_code


def test_htmx_action_on_a_colleague_already_gone_explains_in_the_panel(client, login, director, worker):
    login("director@test.kz", "director-pass")
    first = client.post(f"/staff/members/{worker.public_id}/remove/", headers=HTMX)
    assert first.status_code == 200 and "больше не работает в компании" in first.get_data(as_text=True)
    again = client.post(f"/staff/members/{worker.public_id}/remove/", headers=HTMX)
    assert again.status_code == 404
    body = again.get_data(as_text=True)
    assert 'id="staff-panel"' in body and "<html" not in body and "Сотрудник не найден." in body
    assert client.post(f"/staff/members/{worker.public_id}/remove/").status_code == 404
