"""Changing the password: the current one first; other logins (and, if asked, API tokens) end."""
import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, LoginSession
from tests.test_sessions_logout import JSON, PRIVATE, cookie, log_in

HTML = {"Accept": "text/html"}
NEW = {"current_password": "director-pass", "password": "brand-new-pass", "confirm": "brand-new-pass"}


def test_the_current_password_is_required(client, director):
    log_in(client)
    wrong = client.post("/auth/password/", data={**NEW, "current_password": "guess"}, headers=HTML)
    assert wrong.status_code == 400
    page = wrong.get_data(as_text=True)
    assert 'id="current_password-error"' in page and "Неверный текущий пароль." in page
    missing = client.post("/auth/password/", data={**NEW, "current_password": ""}, headers=JSON)
    assert missing.status_code == 400 and "current_password" in missing.get_json()
    log_in(client.application.test_client())  # the old password still works: nothing changed


def test_change_ends_other_logins_and_keeps_this_one(app, client, director):
    log_in(client)
    phone = app.test_client()
    log_in(phone, remember=True)
    remembered = cookie(phone, "remember_token")
    response = client.post("/auth/password/", data=NEW, headers=HTML)
    assert response.status_code == 302
    assert client.get(PRIVATE, headers=JSON).status_code == 200
    assert phone.get(PRIVATE, headers=JSON).status_code == 401
    fresh = app.test_client()
    fresh.set_cookie("remember_token", remembered)
    assert fresh.get(PRIVATE, headers=JSON).status_code == 401
    live = db.session.execute(select(LoginSession).where(LoginSession.ended_at.is_(None))).scalars().all()
    assert len(live) == 1
    log_in(app.test_client(), password="brand-new-pass")


def test_change_keeps_the_current_remember_me_login(app, client, director):
    log_in(client, remember=True)
    client.post("/auth/password/", data=NEW)
    later = app.test_client()
    later.set_cookie("remember_token", cookie(client, "remember_token"))
    assert later.get(PRIVATE, headers=JSON).status_code == 200


@pytest.mark.parametrize("revoke", [False, True])
def test_tokens_are_revoked_only_when_asked(app, client, director, token_headers, revoke):
    headers = token_headers("director@test.kz", "director-pass")
    log_in(client)
    data = {**NEW, "revoke_tokens": "y"} if revoke else NEW
    response = client.post("/auth/password/", json=data, headers=JSON)
    assert response.status_code == 200
    assert response.get_json() == {"logins_ended": 0, "tokens_revoked": 1 if revoke else 0}
    api = app.test_client().get(PRIVATE, headers=headers)
    assert api.status_code == (401 if revoke else 200)


def test_change_is_in_the_audit_log(app, client, director):
    log_in(client)
    log_in(app.test_client())
    client.post("/auth/password/", data=NEW)
    event = db.session.execute(select(AuditEvent).where(AuditEvent.event == "password_changed")).scalar_one()
    assert (event.company_id, event.user_id) == (director.staff.company_id, director.id)
    assert event.details == {"logins_ended": 1, "tokens_revoked": 0}


def test_change_password_page_offers_token_revocation(client, director):
    log_in(client)
    page = client.get("/auth/password/", headers=HTML).get_data(as_text=True)
    assert 'name="current_password"' in page and 'name="revoke_tokens"' in page
    assert client.get("/auth/password/", headers=JSON).get_json() == {"must_change_password": False}


def test_change_password_needs_a_login(client):
    assert client.get("/auth/password/", headers=JSON).status_code == 401
    assert client.post("/auth/password/", json=NEW, headers=JSON).status_code == 401
