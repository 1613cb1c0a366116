"""AUTH ONLY endpoints, API tokens (issue, use, revoke) and the caller's own company."""
import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import ApiToken
from tests.api_data import build_directory

JSON = {"Accept": "application/json"}
AUTH_ONLY = ["/clients/phone_numbers/", "/clients/clients/", "/clients/staff/", "/clients/get_user_company/"]
PUBLIC = ["/clients/sections/", "/clients/sub_sections/", "/clients/rubrics/", "/clients/regions/",
          "/clients/localities/", "/clients/districts/", "/clients/types/", "/clients/krp_names/", "/clients/emails/"]


@pytest.fixture
def directory(app):
    return build_directory()


def issue(client, email="director@test.kz", password="director-pass") -> str:
    response = client.post("/auth/token/", json={"email": email, "password": password})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert list(body) == ["token"] and len(body["token"]) >= 40
    return body["token"]


@pytest.mark.parametrize("path", AUTH_ONLY + ["/clients/phone_numbers/0badc0de/", "/clients/clients/0badc0de/",
                                             "/clients/staff/0badc0de/"])
def test_auth_only_paths_answer_401_without_credentials(client, directory, path):
    for headers in (JSON, {}, {"Accept": "*/*"}, {"Authorization": "Token nope", **JSON},
                    {"Authorization": "Bearer " + "0" * 40}, {"Authorization": "Token"}, {"Authorization": "Basic abc"}):
        response = client.get(path, headers=headers)
        assert response.status_code == 401, headers
        assert list(response.get_json()) == ["detail"]


def test_auth_only_pages_send_people_to_the_login_form(client, directory):
    response = client.get("/clients/clients/?page=2", headers={"Accept": "text/html"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login/?next=/clients/clients/")


@pytest.mark.parametrize("path", PUBLIC)
def test_public_lists_need_no_credentials(client, directory, path):
    assert client.get(path, headers=JSON).status_code == 200


@pytest.mark.parametrize("scheme", ["Token", "Bearer", "token", "BEARER"])
def test_both_token_schemes_work(client, director, directory, scheme):
    key = issue(client)
    response = client.get("/clients/clients/", headers={"Authorization": f"{scheme} {key}", **JSON})
    assert response.status_code == 200
    assert response.get_json()["count"] == 4


def test_session_login_works_for_auth_only_paths(client, director, directory, login):
    login("director@test.kz", "director-pass")
    for path in AUTH_ONLY:
        assert client.get(path, headers=JSON).status_code == 200, path


def test_token_requests_set_no_cookie(client, director, directory):
    key = issue(client)
    response = client.get("/clients/clients/", headers={"Authorization": f"Token {key}", **JSON})
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_tokens_are_stored_hashed(client, director):
    key = issue(client)
    stored = db.session.execute(select(ApiToken.key_hash)).scalars().all()
    assert len(stored) == 1 and key not in stored[0] and len(stored[0]) == 64


def test_revoked_token_is_401_afterwards(client, director, directory):
    key = issue(client)
    other = issue(client)
    headers = {"Authorization": f"Bearer {key}", **JSON}
    assert client.get("/clients/clients/", headers=headers).status_code == 200
    response = client.delete("/auth/token/", headers=headers)
    assert response.status_code == 204
    assert client.get("/clients/clients/", headers=headers).status_code == 401
    assert client.delete("/auth/token/", headers=headers).status_code == 401
    # Another key of the same user still works.
    assert client.get("/clients/clients/", headers={"Authorization": f"Token {other}", **JSON}).status_code == 200


def test_revoke_without_a_token_is_401(client, director, login):
    assert client.delete("/auth/token/", headers=JSON).status_code == 401
    login("director@test.kz", "director-pass")
    assert client.delete("/auth/token/", headers=JSON).status_code == 401


def test_deactivated_user_token_stops_working(client, director, directory):
    key = issue(client)
    director.is_active_account = False
    db.session.commit()
    assert client.get("/clients/clients/", headers={"Authorization": f"Token {key}", **JSON}).status_code == 401


@pytest.mark.parametrize("body, field", [
    ({"email": "director@test.kz", "password": "wrong"}, "non_field_errors"),
    ({"email": "nobody@test.kz", "password": "director-pass"}, "non_field_errors"),
    ({"email": "director@test.kz"}, "password"),
    ({"password": "x"}, "email"),
    ({"email": 5, "password": "director-pass"}, "email"),
    ({"email": "director@test.kz", "password": ["director-pass"]}, "password"),
    ({"email": "director@test.kz", "password": "x" * 201}, "password"),
    ({"email": "a" * 300 + "@test.kz", "password": "x"}, "email"),
    ([], "non_field_errors"),
    ("director@test.kz", "non_field_errors"),
])
def test_bad_credentials_are_400_with_a_message(client, director, body, field):
    response = client.post("/auth/token/", json=body)
    assert response.status_code == 400
    errors = response.get_json()
    assert field in errors and all(isinstance(m, str) and m for m in errors[field])


@pytest.mark.parametrize("data, content_type", [
    (b'{"email": "director@test.kz", "password": ', "application/json"),
    (b"\xff\xfe\x00", "application/json"),
    (b"email=director@test.kz&password=director-pass", "application/x-www-form-urlencoded"),
    (b"", "application/json"),
    (b"null", "application/json"),
])
def test_malformed_token_requests_are_400(client, director, data, content_type):
    response = client.post("/auth/token/", data=data, content_type=content_type)
    assert response.status_code == 400
    assert "non_field_errors" in response.get_json()


def test_email_case_does_not_matter(client, director):
    issue(client, email="  Director@Test.KZ ")


def test_staff_lists_only_the_callers_company(client, director, worker, other_director):
    mine = client.get("/clients/staff/", headers={"Authorization": f"Token {issue(client)}", **JSON}).get_json()
    assert {item["user"] for item in mine["results"]} == {director.public_id, worker.public_id}
    theirs_key = issue(client, "other@test.kz", "other-pass")
    theirs = client.get("/clients/staff/", headers={"Authorization": f"Token {theirs_key}", **JSON}).get_json()
    assert [item["user"] for item in theirs["results"]] == [other_director.public_id]
    # A colleague of another company is not found, even by id.
    response = client.get(f"/clients/staff/{director.public_id}/", headers={"Authorization": f"Token {theirs_key}", **JSON})
    assert response.status_code == 404


def test_get_user_company_is_the_callers(client, director, worker, other_director):
    key = issue(client, "worker@test.kz", "worker-pass")
    body = client.get("/clients/get_user_company/", headers={"Authorization": f"Token {key}", **JSON}).get_json()
    assert body["user"]["user"] == worker.public_id and body["user"]["role"] == "Работник"
    assert body["company"]["id"] == director.company.public_id
    # The page names the size class, region and locality the JSON gives as codes (beside the code).
    page = client.get("/clients/get_user_company/", headers={"Authorization": f"Token {key}", "Accept": "text/html"})
    text = page.get_data(as_text=True)
    for name, code in (("Малые предприятия (6 - 10)", body["company"]["krp_name"]), ("Алматинская область", body["company"]["region_ex"]),
                       ("Алматы", body["company"]["locality_ex"])):
        assert f"<dd>{name} <a " in text and f"<code>{code}</code>" in text, name
    other_key = issue(client, "other@test.kz", "other-pass")
    body = client.get("/clients/get_user_company/", headers={"Authorization": f"Token {other_key}", **JSON}).get_json()
    assert body["company"]["id"] == other_director.company.public_id


def test_user_without_company_gets_404_detail(client, app):
    from tests.factories import make_user

    make_user("lonely@test.kz", "lonely-pass")
    key = issue(client, "lonely@test.kz", "lonely-pass")
    for path in ("/clients/staff/", "/clients/get_user_company/"):
        response = client.get(path, headers={"Authorization": f"Token {key}", **JSON})
        assert response.status_code == 404
        assert list(response.get_json()) == ["detail"]
