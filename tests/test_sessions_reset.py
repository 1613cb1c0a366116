"""«Забыли пароль?»: a single-use link by e-mail (real SMTP), the same answer for any address."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db, limiter
from portal.models import AuditEvent, PasswordReset
from portal.timeutil import now_utc
from tests.mailbox import SMTP_CONFIG, inbox  # noqa: F401  (fixture)
from tests.test_sessions_logout import JSON, PRIVATE, log_in
from tests.test_sessions_signup import page_text

HTML = {"Accept": "text/html"}
NEW = {"password": "after-reset-1", "confirm": "after-reset-1"}


@pytest.fixture
def app_config():
    return dict(SMTP_CONFIG)


def ask(client, email, headers=HTML):
    return client.post("/auth/password/forgot/", data={"email": email}, headers=headers)


def test_reset_by_link_end_to_end(app, client, director, inbox):
    phone = app.test_client()
    log_in(phone, remember=True)
    response = ask(client, "Director@Test.kz")
    assert response.status_code == 200 and "Проверьте почту" in response.get_data(as_text=True)
    recipients, message = inbox.wait(1)[0]
    assert recipients == ["director@test.kz"] and "Сброс пароля" in message["Subject"]
    link = inbox.link()
    token = link.rstrip("/").rsplit("/", 1)[1]
    stored = db.session.execute(select(PasswordReset)).scalar_one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    form = client.get(link, headers=HTML)
    assert form.status_code == 200 and "director@test.kz" in form.get_data(as_text=True)
    done = client.post(link, data=NEW, headers=HTML)
    assert done.status_code == 302 and done.headers["Location"].endswith("/auth/login/")
    assert phone.get(PRIVATE, headers=JSON).status_code == 401  # every login ended
    log_in(app.test_client(), password="after-reset-1")
    # Single use: the same link is refused afterwards.
    again = client.post(link, data={"password": "third-pass-1", "confirm": "third-pass-1"}, headers=HTML)
    assert again.status_code == 404 and "недействительна" in again.get_data(as_text=True)
    assert client.get(link, headers=JSON).status_code == 404
    events = db.session.execute(select(AuditEvent.event).where(AuditEvent.user_id == director.id)).scalars().all()
    assert "password_reset_requested" in events and "password_reset" in events


def test_the_answer_is_the_same_for_unknown_addresses(client, director, inbox):
    known = ask(client, "director@test.kz")
    unknown = ask(client, "nobody@test.kz")
    assert known.status_code == unknown.status_code == 200
    assert page_text(known, "director@test.kz") == page_text(unknown, "nobody@test.kz")
    api_known = ask(client, "director@test.kz", JSON).get_json()
    api_unknown = ask(client, "nobody@test.kz", JSON).get_json()
    assert api_known == api_unknown
    inbox.wait(4)  # each address gets a mail: the answer's work is the same either way
    bodies = {}
    for rcpt, message in inbox.messages:
        bodies.setdefault(rcpt[0], []).append(message.get_body(("plain",)).get_content())
    assert sorted(bodies) == ["director@test.kz", "nobody@test.kz"]
    assert all("/auth/password/reset/" in body for body in bodies["director@test.kz"])
    for body in bodies["nobody@test.kz"]:
        assert "аккаунта\nс этим адресом нет" in body and "/auth/register/" in body and "/auth/password/reset/" not in body
    assert db.session.execute(select(PasswordReset)).scalars().all().__len__() == 2


def test_an_expired_link_is_refused(client, director, inbox):
    ask(client, "director@test.kz")
    link = inbox.link()
    stored = db.session.execute(select(PasswordReset)).scalar_one()
    stored.expires_at = now_utc() - timedelta(seconds=1)
    db.session.commit()
    assert client.post(link, data=NEW, headers=HTML).status_code == 404
    log_in(client)  # the old password still works


def test_a_made_up_link_is_404(client, director):
    assert client.get("/auth/password/reset/made-up-token/", headers=JSON).status_code == 404
    assert client.post("/auth/password/reset/made-up-token/", json=NEW, headers=JSON).status_code == 404


def test_the_new_password_is_checked(client, director, inbox):
    ask(client, "director@test.kz")
    link = inbox.link()
    response = client.post(link, json={"password": "short", "confirm": "short"}, headers=JSON)
    assert response.status_code == 400 and "password" in response.get_json()
    page = client.post(link, data={"password": "long-enough-1", "confirm": "other-one-1"}, headers=HTML)
    assert page.status_code == 400 and "Пароли не совпадают." in page.get_data(as_text=True)
    assert db.session.execute(select(PasswordReset)).scalar_one().used_at is None


def test_forgot_form_errors(client):
    response = ask(client, "not-an-address")
    assert response.status_code == 400 and "Неверный адрес" in response.get_data(as_text=True)
    assert ask(client, "", JSON).status_code == 400


class TestLimits:
    @pytest.fixture
    def app_config(self):
        return {**SMTP_CONFIG, "RATELIMIT_ENABLED": True, "MAIL_LINK_LIMIT_PER_ADDRESS": "2 per hour",
                "MAIL_LINK_LIMIT_PER_IP": "4 per hour"}

    @pytest.fixture(autouse=True)
    def fresh_counters(self, app):
        limiter.reset()
        yield
        limiter.reset()

    def test_requests_are_limited_per_address_and_per_client(self, client, director, inbox):
        assert ask(client, "director@test.kz").status_code == 200
        assert ask(client, "director@test.kz").status_code == 200
        assert ask(client, "Director@test.kz").status_code == 429
        assert ask(client, "a@test.kz").status_code == 200
        assert ask(client, "b@test.kz").status_code == 200
        assert ask(client, "c@test.kz").status_code == 429
        inbox.wait(4)  # every answered request sent a mail
