"""An anonymous visitor with an invite link asks for an account: the answer never says whether
the address has one (real SMTP, aiosmtpd). A new address confirms by the e-mailed link and lands
back on the invite; an existing one's owner is told to log in, and the login leads to the invite."""
import pytest
from sqlalchemy import select

from portal.extensions import db, limiter
from portal.models import AccountMail, Invite, Signup, User
from tests import factories
from tests.mailbox import SMTP_CONFIG, inbox  # noqa: F401  (the fixture)
from tests.test_sessions_signup import page_text
from tests.test_staff_invites import new_invite, path_of, position

HTML = {"Accept": "text/html,application/xhtml+xml"}
JSON = {"Accept": "application/json"}


def form(email: str) -> dict:
    return {"full_name": "Ерлан Ахметов", "email": email, "password": "invite-pass-1", "confirm": "invite-pass-1"}


@pytest.fixture
def app_config():
    return dict(SMTP_CONFIG)


@pytest.mark.parametrize("accept", [HTML, JSON], ids=["html", "json"])
def test_an_address_with_and_without_an_account_get_the_same_answer(client, login, director, inbox, accept):
    factories.make_user("taken@test.kz", "taken-pass-1")
    link = path_of(new_invite(client, login)["link"])
    client.get(link, headers=HTML)  # shows the logout's flash, which would tell the two answers apart
    taken = client.post(link, data=form("taken@test.kz"), headers=accept)
    fresh = client.post(link, data=form("fresh@test.kz"), headers=accept)
    assert taken.status_code == fresh.status_code == 202
    # (the CSRF token is signed with the second it was made: two answers may straddle one)
    texts = [page_text(r, email) for r, email in ((taken, "taken@test.kz"), (fresh, "fresh@test.kz"))]
    assert texts[0] == texts[1] and "уже зарегистрирован" not in texts[0]
    assert "Проверьте почту" in texts[0] if accept is HTML else "Мы отправили письмо" in texts[0]
    mails = {rcpt[0]: message for rcpt, message in inbox.wait(2)}
    assert set(mails) == {"taken@test.kz", "fresh@test.kz"}
    assert "Завершите регистрацию" in mails["fresh@test.kz"]["Subject"]
    note = mails["taken@test.kz"].get_body(("plain",)).get_content()
    assert "принять приглашение" in note and "/auth/login/?next=" + link in note
    # Nobody is logged in or seated yet, and the invite is still unused.
    assert client.get("/auth/password/", headers=JSON).status_code == 401
    assert position("taken@test.kz") is None and db.session.query(Invite).one().used_at is None
    assert db.session.execute(select(User.email).where(User.email == "fresh@test.kz")).first() is None


def test_the_new_address_confirms_and_joins(client, login, director, inbox):
    link = path_of(new_invite(client, login)["link"])
    assert client.post(link, data=form("fresh@test.kz"), headers=HTML).status_code == 202
    confirm = inbox.link()
    done = client.post(confirm, headers=HTML)
    assert done.status_code == 302 and done.headers["Location"] == link
    assert client.post(link, headers=JSON).status_code == 201
    assert position("fresh@test.kz").company_id == director.company.id


def test_the_existing_owner_logs_in_from_the_mail_and_joins(client, login, director, inbox):
    factories.make_user("taken@test.kz", "taken-pass-1")
    link = path_of(new_invite(client, login)["link"])
    assert client.post(link, data=form("taken@test.kz"), headers=HTML).status_code == 202
    login_url = inbox.link()
    assert login_url.startswith("/auth/login/?next=")
    logged_in = client.post(login_url, data={"email": "taken@test.kz", "password": "taken-pass-1"})
    assert logged_in.status_code == 302 and logged_in.headers["Location"] == link
    assert client.post(link, headers=JSON).status_code == 201
    assert position("taken@test.kz").company_id == director.company.id
    # The typed password did not replace the owner's, and no sign-up was kept for the address.
    assert db.session.query(Signup).count() == 0
    (kind, sealed), = db.session.execute(select(AccountMail.kind, AccountMail.next_path_sealed)).all()
    assert kind == "signup_taken" and link.strip("/").rsplit("/", 1)[1] not in sealed  # the invite link is sealed


def test_an_invite_for_another_address_is_refused_without_mail(client, login, director, inbox):
    link = path_of(new_invite(client, login, email="right@test.kz")["link"])
    response = client.post(link, data=form("wrong@test.kz"), headers=JSON)
    assert response.status_code == 400 and "right@test.kz" in response.get_data(as_text=True)
    assert db.session.query(AccountMail).count() == 0 and db.session.query(Signup).count() == 0


class TestLimits:
    @pytest.fixture
    def app_config(self):
        return {**SMTP_CONFIG, "RATELIMIT_ENABLED": True, "MAIL_LINK_LIMIT_PER_ADDRESS": "2 per hour",
                "MAIL_LINK_LIMIT_PER_IP": "30 per hour"}

    @pytest.fixture(autouse=True)
    def fresh_counters(self, app):
        limiter.reset()
        yield
        limiter.reset()

    def test_probing_one_address_is_limited(self, client, login, director, inbox):
        link = path_of(new_invite(client, login)["link"])
        assert client.post(link, data=form("probe@test.kz"), headers=HTML).status_code == 202
        assert client.post(link, data=form("probe@test.kz"), headers=HTML).status_code == 202
        limited = client.post(link, data=form("probe@test.kz"), headers=HTML)
        assert limited.status_code == 429 and "Слишком много запросов" in limited.get_data(as_text=True)
        assert client.post(link, data=form("other@test.kz"), headers=JSON).status_code == 202
        inbox.wait(3)
