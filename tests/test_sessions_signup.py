"""Registration says the same for every address; the mailbox learns whether an account exists."""
import re

import pytest
from sqlalchemy import func, select

from portal.extensions import db, limiter
from portal.models import Signup, User
from tests.mailbox import SMTP_CONFIG, inbox  # noqa: F401  (fixture)

HTML = {"Accept": "text/html"}
JSON = {"Accept": "application/json"}
DATA = {"full_name": "Айгерим Қасымова", "email": "Aigerim@Example.KZ", "password": "s3cret-pass", "confirm": "s3cret-pass"}


@pytest.fixture
def app_config():
    return dict(SMTP_CONFIG)


def page_text(response, email: str) -> str:
    """The page without the address typed and the per-request CSRF token (signed with a timestamp)."""
    html = response.get_data(as_text=True).replace(email, "")
    return re.sub(r'("X-CSRFToken": "|name="csrf_token" value=")[^"]+', r"\1", html)


def users() -> int:
    return db.session.execute(select(func.count()).select_from(User)).scalar_one()


def test_a_new_address_gets_a_link_that_creates_the_account(client, inbox):
    response = client.post("/auth/register/", data=DATA, headers=HTML)
    assert response.status_code == 200 and "Проверьте почту" in response.get_data(as_text=True)
    assert users() == 0
    signup = db.session.execute(select(Signup)).scalar_one()
    assert signup.password_hash.startswith("$argon2id$") and "s3cret-pass" not in signup.password_hash
    recipients, message = inbox.wait(1)[0]
    assert recipients == ["aigerim@example.kz"] and "Завершите регистрацию" in message["Subject"]
    link = inbox.link()
    page = client.get(link, headers=HTML)
    assert page.status_code == 200 and "aigerim@example.kz" in page.get_data(as_text=True)
    assert users() == 0  # opening the link (a mail scanner does) creates nothing
    done = client.post(link, headers=HTML)
    assert done.status_code == 302
    user = db.session.execute(select(User)).scalar_one()
    assert (user.email, user.full_name) == ("aigerim@example.kz", "Айгерим Қасымова")
    assert client.get("/clients/get_user_company/", headers=JSON).status_code == 404  # logged in, no company yet
    assert client.post(link, headers=HTML).status_code == 404  # once only
    assert users() == 1


def test_an_existing_address_gets_the_same_answer_and_its_owner_a_note(client, director, inbox):
    new = client.post("/auth/register/", data={**DATA, "email": "fresh@test.kz"}, headers=HTML)
    taken = client.post("/auth/register/", data={**DATA, "email": "director@test.kz"}, headers=HTML)
    assert new.status_code == taken.status_code == 200
    assert page_text(new, "fresh@test.kz") == page_text(taken, "director@test.kz")
    inbox.wait(2)
    notes = {tuple(rcpt): message for rcpt, message in inbox.messages}
    owner_note = notes[("director@test.kz",)]
    assert "Попытка регистрации" in owner_note["Subject"]
    assert "/auth/password/forgot/" in owner_note.get_body(("plain",)).get_content()
    assert users() == 1  # only the director
    # The existing account's password did not change.
    assert client.post("/auth/login/", data={"email": "director@test.kz", "password": "director-pass"}).status_code == 302


def test_a_made_up_confirmation_link_is_404(client):
    assert client.get("/auth/register/confirm/nope/", headers=JSON).status_code == 404
    assert client.post("/auth/register/confirm/nope/", headers=JSON).status_code == 404


def test_the_json_twin_of_confirmation(client, inbox):
    client.post("/auth/register/", data=DATA, headers=HTML)
    link = inbox.link()
    assert client.get(link, headers=JSON).get_json() == {"email": "aigerim@example.kz"}
    created = client.post(link, headers=JSON)
    assert created.status_code == 201 and created.get_json()["email"] == "aigerim@example.kz"


class TestLimits:
    @pytest.fixture
    def app_config(self):
        return {**SMTP_CONFIG, "RATELIMIT_ENABLED": True, "MAIL_LINK_LIMIT_PER_ADDRESS": "2 per hour",
                "MAIL_LINK_LIMIT_PER_IP": "3 per hour"}

    @pytest.fixture(autouse=True)
    def fresh_counters(self, app):
        limiter.reset()
        yield
        limiter.reset()

    def test_registration_is_rate_limited(self, client, inbox):
        assert client.post("/auth/register/", data=DATA, headers=HTML).status_code == 200
        assert client.post("/auth/register/", data=DATA, headers=HTML).status_code == 200
        limited = client.post("/auth/register/", data=DATA, headers=HTML)
        assert limited.status_code == 429 and "Слишком много запросов" in limited.get_data(as_text=True)
        assert client.post("/auth/register/", data={**DATA, "email": "x@test.kz"}, headers=HTML).status_code == 200
        assert client.post("/auth/register/", data={**DATA, "email": "y@test.kz"}, headers=HTML).status_code == 429
        inbox.wait(3)
