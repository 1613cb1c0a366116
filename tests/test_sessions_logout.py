"""Logins live on the server: logout, «Выйти на всех устройствах» and copied cookies."""
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, LoginSession

JSON = {"Accept": "application/json"}
HTML = {"Accept": "text/html"}
PRIVATE = "/clients/get_user_company/"


def log_in(client, remember=False, email="director@test.kz", password="director-pass"):
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    response = client.post("/auth/login/", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def cookie(client, name):
    found = client.get_cookie(name)
    return found.value if found else None


def test_logout_ends_the_login_on_the_server(client, director):
    log_in(client)
    row = db.session.execute(select(LoginSession)).scalar_one()
    assert row.ended_at is None and len(row.key_hash) == 64
    client.post("/auth/logout/")
    db.session.refresh(row)
    assert row.ended_at is not None
    assert client.get(PRIVATE, headers=JSON).status_code == 401


def test_a_copied_session_cookie_is_refused_after_logout(app, client, director):
    log_in(client)
    stolen = cookie(client, "session")
    assert client.get(PRIVATE, headers=JSON).status_code == 200
    client.post("/auth/logout/")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get(PRIVATE, headers=JSON)
    assert response.status_code == 401
    assert response.get_json() == {"detail": "Учётные данные не были предоставлены."}
    page = thief.get("/staff/", headers=HTML)
    assert page.status_code == 302 and "/auth/login/" in page.headers["Location"]


def test_logout_deletes_the_remember_me_cookie(app, client, director):
    log_in(client, remember=True)
    remembered = cookie(client, "remember_token")
    assert remembered
    response = client.post("/auth/logout/")
    deleted = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token=")]
    assert deleted and ("Max-Age=0" in deleted[0] or "1970" in deleted[0])
    assert cookie(client, "remember_token") is None
    assert client.get(PRIVATE, headers=JSON).status_code == 401
    # A copy of the remember-me cookie, alone (a new browser session), opens nothing either.
    thief = app.test_client()
    thief.set_cookie("remember_token", remembered)
    assert thief.get(PRIVATE, headers=JSON).status_code == 401


def test_remember_me_cookie_logs_in_while_the_login_lives(app, client, director):
    log_in(client, remember=True)
    later = app.test_client()  # the browser was closed: only the remember-me cookie is left
    later.set_cookie("remember_token", cookie(client, "remember_token"))
    assert later.get(PRIVATE, headers=JSON).status_code == 200


def test_logging_out_one_browser_leaves_the_others(app, client, director):
    log_in(client)
    phone = app.test_client()
    log_in(phone)
    client.post("/auth/logout/")
    assert phone.get(PRIVATE, headers=JSON).status_code == 200


def test_logout_everywhere_ends_every_login(app, client, director, other_director):
    log_in(client)
    phone = app.test_client()
    log_in(phone, remember=True)
    remembered = cookie(phone, "remember_token")
    stranger = app.test_client()
    log_in(stranger, email="other@test.kz", password="other-pass")
    response = client.post("/auth/sessions/end-all/", headers=HTML)
    assert response.status_code == 302 and response.headers["Location"].endswith("/auth/login/")
    assert client.get(PRIVATE, headers=JSON).status_code == 401
    assert phone.get(PRIVATE, headers=JSON).status_code == 401
    fresh = app.test_client()
    fresh.set_cookie("remember_token", remembered)
    assert fresh.get(PRIVATE, headers=JSON).status_code == 401
    assert stranger.get(PRIVATE, headers=JSON).status_code == 200  # another account is untouched
    events = db.session.execute(select(AuditEvent.event).where(AuditEvent.user_id == director.id)).scalars().all()
    assert "logout_everywhere" in events


def test_logout_everywhere_answers_204_to_api_clients(client, director):
    log_in(client)
    assert client.post("/auth/sessions/end-all/", headers=JSON).status_code == 204
    assert client.get(PRIVATE, headers=JSON).status_code == 401


def test_cookies_from_before_server_side_logins_are_refused(client, director):
    """A session that holds only the public id (the old format) is nobody's."""
    with client.session_transaction() as session:
        session["_user_id"] = director.public_id
    assert client.get(PRIVATE, headers=JSON).status_code == 401


def test_expired_login_is_refused(client, director):
    from datetime import timedelta

    from portal.timeutil import now_utc

    log_in(client)
    row = db.session.execute(select(LoginSession)).scalar_one()
    row.expires_at = now_utc() - timedelta(seconds=1)
    db.session.commit()
    assert client.get(PRIVATE, headers=JSON).status_code == 401


def test_sessions_page_lists_own_logins(app, client, director, other_director):
    log_in(client)
    phone = app.test_client()
    log_in(phone, remember=True)
    stranger = app.test_client()
    log_in(stranger, email="other@test.kz", password="other-pass")
    body = client.get("/auth/sessions/", headers=JSON).get_json()
    assert len(body) == 2
    assert [item["current"] for item in body].count(True) == 1
    assert {item["remembered"] for item in body} == {True, False}
    assert set(body[0]) == {"created", "expires_at", "remembered", "ip", "user_agent", "current"}
    assert len(stranger.get("/auth/sessions/", headers=JSON).get_json()) == 1
    page = client.get("/auth/sessions/", headers=HTML).get_data(as_text=True)
    assert "Выйти на всех устройствах" in page and "этот браузер" in page


def test_sessions_pages_need_a_login(client):
    assert client.get("/auth/sessions/", headers=JSON).status_code == 401
    assert client.post("/auth/sessions/end-all/", headers=JSON).status_code == 401
    assert client.get("/auth/sessions/", headers=HTML).status_code == 302


def test_login_and_logout_are_in_the_audit_log(client, director):
    log_in(client, remember=True)
    client.post("/auth/logout/")
    rows = db.session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars().all()
    assert [(r.event, r.company_id, r.user_id) for r in rows] == [
        ("login", director.staff.company_id, director.id), ("logout", director.staff.company_id, director.id)]
    assert rows[0].details == {"method": "password", "remember": True}


WINDOWS_CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/120.0.0.0 Safari/537.36")


def test_sessions_page_names_the_browser_and_keeps_the_raw_string(client, director):
    client.post("/auth/login/", data={"email": "director@test.kz", "password": "director-pass"},
                headers={"User-Agent": WINDOWS_CHROME})
    page = client.get("/auth/sessions/", headers=HTML).get_data(as_text=True)
    assert ">Chrome 120 · Windows<" in page
    assert f'title="{WINDOWS_CHROME}"' in page
    assert client.get("/auth/sessions/", headers=JSON).get_json()[0]["user_agent"] == WINDOWS_CHROME


def test_device_label_for_phones_scripts_and_nothing():
    from portal.sessions.devices import device_label
    iphone = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
              "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1")
    assert device_label(iphone) == "Safari 17 · iPhone, iOS"
    assert device_label("curl/8.0") == "curl 8"
    assert device_label("") == "—" and device_label(None) == "—"
