"""Proving a company by a code e-mailed to an address the directory lists (real SMTP: aiosmtpd)."""
import email
import re
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller

from portal.extensions import db
from portal.mailing.delivery import retry_due
from portal.models import AccountMail, Email
from portal.timeutil import now_utc
from portal.models.identity import CompanyProof, EmailCode
from tests.eds_support import JSON, claimant, open_claim, seat, unproven  # noqa: F401  (fixtures)
from tests.test_documents_mail import Inbox, free_port

PORT = free_port()


@pytest.fixture
def app_config():
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": PORT, "MAIL_USE_TLS": False}


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=PORT)
    controller.start()
    yield handler
    controller.stop()


def the_code(inbox) -> tuple[list[str], str]:
    """Recipients and the 6-digit code of the last message."""
    rcpt, content = inbox.messages[-1]
    message = email.message_from_bytes(content)
    body = message.get_payload(decode=True).decode("utf-8")
    return rcpt, re.search(r"Код подтверждения: (\d{6})", body).group(1)


def listed_id(company) -> str:
    return db.session.query(Email).filter_by(company_id=company.id).first().public_id


def test_code_to_a_listed_address_makes_the_claimant_director(client, login, unproven, claimant, inbox):
    login("claimant@test.kz", "claimant-pass")
    claim = open_claim(client, unproven.bin)
    page = client.get(f"/identity/claims/{claim}/", headers=JSON).get_json()
    assert page["emails"] == [{"id": listed_id(unproven), "masked": "b**@neproven.kz"}]
    sent = client.post(f"/identity/claims/{claim}/code/", json={"email": listed_id(unproven)}, headers=JSON)
    assert sent.status_code == 201 and sent.get_json()["sent_to"] == "b**@neproven.kz"
    rcpt, code = the_code(inbox)
    assert rcpt == ["buh@neproven.kz"]
    stored = db.session.query(EmailCode).one()
    assert code not in stored.code_hash and len(stored.code_hash) == 64  # only a keyed hash is kept
    response = client.post(f"/identity/claims/{claim}/code/check/", json={"code": code}, headers=JSON)
    assert response.status_code == 200 and response.get_json()["outcome"] == "director"
    assert seat("claimant@test.kz").role == "Директор"
    assert db.session.query(CompanyProof).one().method == "email"


def test_a_code_waits_out_a_failing_server_and_the_retried_one_works(app, client, login, unproven, claimant):
    # Nothing listens on PORT yet: the queue's first attempt fails, the request still answers 201.
    login("claimant@test.kz", "claimant-pass")
    claim = open_claim(client, unproven.bin)
    sent = client.post(f"/identity/claims/{claim}/code/", json={"email": listed_id(unproven)}, headers=JSON)
    assert sent.status_code == 201
    db.session.expire_all()
    queued = db.session.query(AccountMail).one()
    assert (queued.kind, queued.status, queued.attempts, queued.recipient) == ("claim_code", "pending", 1, "buh@neproven.kz")
    assert "недоступен" in queued.last_error
    hash_of_the_lost_one = db.session.query(EmailCode).one().code_hash
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=PORT)
    controller.start()
    try:
        with app.app_context():
            assert retry_due(now_utc() + timedelta(minutes=6)).outcomes == ["sent"]
    finally:
        controller.stop()
    rcpt, code = the_code(handler)
    assert rcpt == ["buh@neproven.kz"]
    db.session.expire_all()
    stored = db.session.query(EmailCode).one()
    assert stored.code_hash != hash_of_the_lost_one and len(stored.code_hash) == 64
    # Nowhere in the database is the plain code: the mail row keeps who and which code row only.
    assert code not in repr([(m.recipient, m.next_path_sealed, m.last_error, m.base_url) for m in db.session.query(AccountMail)])
    assert db.session.query(AccountMail).one().status == "sent"
    response = client.post(f"/identity/claims/{claim}/code/check/", json={"code": code}, headers=JSON)
    assert response.status_code == 200 and response.get_json()["outcome"] == "director"


def test_a_retired_code_is_not_sent_on_a_retry(app, client, login, unproven, claimant):
    login("claimant@test.kz", "claimant-pass")
    claim = open_claim(client, unproven.bin)
    client.post(f"/identity/claims/{claim}/code/", json={"email": listed_id(unproven)}, headers=JSON)
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=PORT)
    controller.start()
    try:
        client.post(f"/identity/claims/{claim}/code/", json={"email": listed_id(unproven)}, headers=JSON)
        handler_count = len(handler.messages)
        with app.app_context():
            assert retry_due(now_utc() + timedelta(minutes=6)).outcomes == ["failed"]  # retired by the newer one
    finally:
        controller.stop()
    assert handler_count == 1 and len(handler.messages) == 1
    _, code = the_code(handler)
    response = client.post(f"/identity/claims/{claim}/code/check/", json={"code": code}, headers=JSON)
    assert response.status_code == 200


def test_an_address_the_claimant_types_is_never_used(client, login, unproven, claimant, inbox):
    login("claimant@test.kz", "claimant-pass")
    claim = open_claim(client, unproven.bin)
    for wrong in ("me@evil.kz", "", None, 5):
        response = client.post(f"/identity/claims/{claim}/code/", json={"email": wrong}, headers=JSON)
        assert response.status_code == 400 and response.get_json()["email"] == ["Выберите адрес из списка."]
    assert inbox.messages == []


def test_five_wrong_tries_spend_the_code(client, login, unproven, claimant, inbox):
    login("claimant@test.kz", "claimant-pass")
    claim = open_claim(client, unproven.bin)
    client.post(f"/identity/claims/{claim}/code/", json={"email": listed_id(unproven)}, headers=JSON)
    _, code = the_code(inbox)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    messages = [client.post(f"/identity/claims/{claim}/code/check/", json={"code": wrong}, headers=JSON)
                .get_json()["code"][0] for _ in range(5)]
    assert messages[0] == "Неверный код. Осталось попыток: 4." and "Попытки кончились" in messages[4]
    late = client.post(f"/identity/claims/{claim}/code/check/", json={"code": code}, headers=JSON)
    assert late.status_code == 400 and "запросите новый код" in late.get_json()["code"][0]
    assert seat("claimant@test.kz").role == "Работник" and db.session.query(CompanyProof).count() == 0


def test_a_code_expires_after_15_minutes(client, login, unproven, claimant, inbox):
    login("claimant@test.kz", "claimant-pass")
    claim = open_claim(client, unproven.bin)
    client.post(f"/identity/claims/{claim}/code/", json={"email": listed_id(unproven)}, headers=JSON)
    _, code = the_code(inbox)
    row = db.session.query(EmailCode).one()
    assert abs(row.expires_at - row.created - timedelta(minutes=15)) < timedelta(seconds=5)  # made at the send
    row.expires_at = row.created - timedelta(seconds=1)
    db.session.commit()
    response = client.post(f"/identity/claims/{claim}/code/check/", json={"code": code}, headers=JSON)
    assert response.status_code == 400 and "устарел" in response.get_json()["code"][0]
    assert db.session.query(CompanyProof).count() == 0


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "١٢٣٤٥٦"])
def test_a_malformed_code_is_a_400_on_the_field(client, login, unproven, claimant, code):
    login("claimant@test.kz", "claimant-pass")
    claim = open_claim(client, unproven.bin)
    response = client.post(f"/identity/claims/{claim}/code/check/", json={"code": code}, headers=JSON)
    assert response.status_code == 400 and response.get_json()["code"] == ["Код — 6 цифр из письма."]


def test_codes_are_limited_per_user_and_per_company(client, app, login, unproven, claimant, inbox):
    from tests import factories

    login("claimant@test.kz", "claimant-pass")
    claim = open_claim(client, unproven.bin)
    url = f"/identity/claims/{claim}/code/"
    statuses = [client.post(url, json={"email": listed_id(unproven)}, headers=JSON).status_code for _ in range(4)]
    assert statuses == [201, 201, 201, 429]
    client.post("/auth/logout/")
    app.config["CLAIM_CODES_PER_COMPANY_HOUR"] = 4
    factories.make_user("second@test.kz", "second-pass")
    login("second@test.kz", "second-pass")
    claim = open_claim(client, unproven.bin)
    url = f"/identity/claims/{claim}/code/"
    assert client.post(url, json={"email": listed_id(unproven)}, headers=JSON).status_code == 201
    refused = client.post(url, json={"email": listed_id(unproven)}, headers=JSON)
    assert refused.status_code == 429 and "Для этой компании" in refused.get_json()["detail"]
    assert len(inbox.messages) == 4


def test_the_page_flow_by_form_posts(client, login, unproven, claimant, inbox):
    client.environ_base["HTTP_ACCEPT"] = "text/html"
    login("claimant@test.kz", "claimant-pass")
    claim = open_claim(client, unproven.bin)
    page = client.get(f"/identity/claims/{claim}/").get_data(as_text=True)
    assert "b**@neproven.kz" in page and "buh@neproven.kz" not in page
    sent = client.post(f"/identity/claims/{claim}/code/", data={"email": listed_id(unproven)})
    assert sent.status_code == 302
    wrong = client.post(f"/identity/claims/{claim}/code/check/", data={"code": "12"})
    assert wrong.status_code == 400 and "Код — 6 цифр из письма." in wrong.get_data(as_text=True)
    _, code = the_code(inbox)
    done = client.post(f"/identity/claims/{claim}/code/check/", data={"code": code})
    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert "Вы — её директор" in client.get("/").get_data(as_text=True)
