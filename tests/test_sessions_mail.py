"""Account e-mails go through the task queue and its retries (real SMTP, aiosmtpd); sign-up and
«Забыли пароль?» do the same work for an address with and without an account."""
import time
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from portal.extensions import db
from portal.mailing.delivery import retry_due
from portal.models import AccountMail, User
from portal.timeutil import now_utc
from tests.mailbox import SMTP_CONFIG, SMTP_PORT, Inbox
from tests.test_sessions_signup import DATA, HTML, JSON

NEW = {"password": "after-reset-1", "confirm": "after-reset-1"}


@pytest.fixture
def app_config():
    return dict(SMTP_CONFIG)


def only_mail() -> AccountMail:
    db.session.expire_all()
    return db.session.execute(select(AccountMail)).scalar_one()


def server_back() -> tuple[Controller, Inbox]:
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    return controller, handler


def test_a_sign_up_link_waits_out_a_failing_server_and_is_delivered_by_the_retry(app, client):
    # Nothing listens on SMTP_PORT yet: the first attempt (made by the queue's task) fails.
    answer = client.post("/auth/register/", data=DATA, headers=HTML)
    assert answer.status_code == 200 and "Проверьте почту" in answer.get_data(as_text=True)
    mail = only_mail()
    assert (mail.kind, mail.status, mail.attempts, mail.recipient) == ("signup", "pending", 1, "aigerim@example.kz")
    assert "недоступен" in mail.last_error and mail.next_attempt_at is not None
    assert retry_due(now_utc()).outcomes == []  # not due yet: five minutes
    controller, inbox = server_back()
    try:
        with app.app_context():
            assert retry_due(now_utc() + timedelta(minutes=6)).outcomes == ["sent"]
        (recipients, message), = inbox.wait(1)
        assert recipients == ["aigerim@example.kz"] and "Завершите регистрацию" in message["Subject"]
        link = inbox.link()
    finally:
        controller.stop()
    mail = only_mail()
    assert (mail.status, mail.attempts, mail.last_error) == ("sent", 2, "")
    assert client.post(link, headers=JSON).status_code == 201  # the retried link works
    assert db.session.execute(select(User.email)).scalars().all() == ["aigerim@example.kz"]


def test_a_reset_link_is_retried_then_delivered_and_its_hour_starts_then(app, client, director):
    assert client.post("/auth/password/forgot/", data={"email": "director@test.kz"}, headers=HTML).status_code == 200
    mail = only_mail()
    assert (mail.kind, mail.status, mail.attempts) == ("reset", "pending", 1)
    controller, inbox = server_back()
    try:
        with app.app_context():
            later = now_utc() + timedelta(minutes=6)
            assert retry_due(later).outcomes == ["sent"]
            assert retry_due(later + timedelta(hours=1)).outcomes == []  # sent once
        link = inbox.link()
    finally:
        controller.stop()
    assert client.get(link, headers=JSON).get_json() == {"email": "director@test.kz"}
    assert client.post(link, data=NEW, headers=JSON).status_code == 200


def timed(client, path: str, data: dict) -> tuple[float, str]:
    """The fastest of three answers, and the answer's text without the address typed."""
    best, text = float("inf"), ""
    for _ in range(3):
        start = time.perf_counter()
        response = client.post(path, data=data, headers=JSON)
        best = min(best, time.perf_counter() - start)
        assert response.status_code == 200
        text = response.get_data(as_text=True).replace(data["email"], "")
    return best, text


@pytest.mark.parametrize("app_config", [{**SMTP_CONFIG, "PASSWORD_HASH_PROFILE": "default"}])  # the real cost
@pytest.mark.parametrize("path", ["/auth/register/", "/auth/password/forgot/"])
def test_an_address_with_and_without_an_account_take_the_same_work(client, director, path):
    controller, inbox = server_back()
    try:
        taken, taken_text = timed(client, path, {**DATA, "email": "director@test.kz"})
        fresh, fresh_text = timed(client, path, {**DATA, "email": "fresh@test.kz"})
        inbox.wait(6)
    finally:
        controller.stop()
    assert taken_text == fresh_text
    # Both hash the password (sign-up), write one row and send one mail: the same order of time.
    assert 0.5 < taken / fresh < 2, (taken, fresh)
    assert sorted(rcpt[0] for rcpt, _ in inbox.messages) == ["director@test.kz"] * 3 + ["fresh@test.kz"] * 3
    kinds = db.session.execute(select(AccountMail.kind, func.count()).group_by(AccountMail.kind)).all()
    assert sorted(kinds) == ([("signup", 3), ("signup_taken", 3)] if "register" in path else [("reset", 3), ("reset_unknown", 3)])
    assert {status for status, in db.session.execute(select(AccountMail.status))} == {"sent"}


def test_a_newcomer_signs_up_from_an_invite_and_the_confirmation_leads_back_to_it(client, login, director):
    import re

    from tests.test_staff_invites import new_invite, path_of, position

    link = path_of(new_invite(client, login)["link"])
    invite_page = client.get(link, headers=HTML).get_data(as_text=True)
    login_url = re.search(r'href="(/auth/login/\?next=[^"]+)"', invite_page).group(1).replace("&amp;", "&")
    login_page = client.get(login_url, headers=HTML).get_data(as_text=True)
    register_url = re.search(r'href="(/auth/register/\?next=[^"]+)"', login_page).group(1).replace("&amp;", "&")
    controller, inbox = server_back()
    try:
        assert client.post(register_url, data={**DATA, "email": "newbie@test.kz"}, headers=HTML).status_code == 200
        confirm = inbox.link()
    finally:
        controller.stop()
    done = client.post(confirm, headers=HTML)
    assert done.status_code == 302 and done.headers["Location"] == link  # back on the invite, logged in
    assert "Присоединиться к компании" in client.get(link, headers=HTML).get_data(as_text=True)
    assert client.post(link, headers=JSON).status_code == 201
    assert position("newbie@test.kz").company_id == director.company.id


def test_a_sign_up_does_not_lead_off_the_site(client):
    controller, inbox = server_back()
    try:
        client.post("/auth/register/?next=//evil.example/", data=DATA, headers=HTML)
        confirm = inbox.link()
    finally:
        controller.stop()
    done = client.post(confirm, headers=HTML)
    assert done.status_code == 302 and done.headers["Location"] == "/"
