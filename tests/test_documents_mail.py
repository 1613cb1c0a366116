"""E-mail of issued PDFs: a real SMTP server on 127.0.0.1 (aiosmtpd), and the development outbox."""
import email
import re
import socket
import threading
from contextlib import contextmanager
from datetime import datetime, timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from portal.documents.issue import issue
from portal.documents.issue_request import IssueRequest
from portal.documents.mail import attempt
from portal.mailing.delivery import MAX_ATTEMPTS, retry_due
from portal.extensions import db, limiter
from portal.market.scheduler import run_job
from portal.models.issued import MailDelivery
from portal.smart_docs.documents import get_document
from portal.timeutil import now_utc, to_almaty
from tests import factories
from tests.test_documents_support import (  # noqa: F401  (fixtures)
    BASE, buyer, headers, issue_doc, sources, staff_of_user,
)


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SMTP_PORT = free_port()


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    yield handler
    controller.stop()


@pytest.mark.parametrize("app_config", [{"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": SMTP_PORT, "MAIL_USE_TLS": False}])
def test_pdf_is_sent_through_smtp(client, headers, sources, inbox, app_config):
    record = issue_doc(client, headers, sources["ip"], "ip",
                       email_recipients=["Buh@Buyer.kz", "director@buyer.kz", "buh@buyer.kz"])
    assert record["email_delivery"]["status"] == "sent"
    assert record["email_recipients"] == ["buh@buyer.kz", "director@buyer.kz"]
    assert len(inbox.messages) == 1
    recipients, raw = inbox.messages[0]
    assert sorted(recipients) == ["buh@buyer.kz", "director@buyer.kz"]
    message = email.message_from_bytes(raw, policy=policy.default)
    date = datetime.fromisoformat(record["date"]).strftime("%d.%m.%Y")
    # the space before «от» survives folding into encoded words (it was lost at the fold)
    assert message["Subject"].startswith(f"Счёт на оплату № {record['number']} от {date} — ")
    assert all(len(line) <= 78 for line in raw.decode("ascii").splitlines())
    attachments = list(message.iter_attachments())
    assert len(attachments) == 1
    assert attachments[0].get_content_type() == "application/pdf"
    assert attachments[0].get_filename() == f"Счёт_на_оплату_{record['number']}.pdf"
    stored = client.get(record["file"], headers=headers).data
    assert attachments[0].get_content() == stored
    assert record["doc_id"] in message.get_body(("plain",)).get_content()


DOWN_PORT = free_port()  # nothing listens here until a test starts a server on it
DOWN = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": DOWN_PORT, "MAIL_USE_TLS": False, "MAIL_TIMEOUT": 2}


def _mails() -> list[MailDelivery]:
    db.session.expire_all()
    return db.session.execute(select(MailDelivery).order_by(MailDelivery.id)).scalars().all()


@contextmanager
def server_on(port: int, handler=None):
    """A real SMTP server on 127.0.0.1:port for the duration of the block."""
    handler = handler or Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()


@pytest.mark.parametrize("app_config", [DOWN])
def test_an_unreachable_server_does_not_undo_the_issue_and_the_mail_waits_for_a_retry(
        client, headers, sources, app_config):
    before = now_utc()
    record = issue_doc(client, headers, sources["ip"], "ip", email_recipients="buh@buyer.kz")
    delivery = record["email_delivery"]
    assert delivery["status"] == "pending"
    assert "Следующая попытка" in delivery["detail"] and "недоступен" in delivery["detail"]
    assert client.get(record["file"], headers=headers).status_code == 200
    [mail] = _mails()
    assert (mail.status, mail.attempts, mail.recipients) == ("pending", 1, ["buh@buyer.kz"])
    retry_at = to_almaty(mail.next_attempt_at)
    assert timedelta(minutes=4) < retry_at - before < timedelta(minutes=6)
    assert datetime.fromisoformat(delivery["retry_at"]) == retry_at


@pytest.mark.parametrize("app_config", [DOWN])
def test_the_scheduler_sends_a_failed_mail_once_the_server_is_back(app, client, headers, sources, app_config):
    record = issue_doc(client, headers, sources["ip"], "ip", email_recipients="buh@buyer.kz")
    with server_on(DOWN_PORT) as inbox:
        assert retry_due(now_utc()).outcomes == []  # not due yet: the next attempt is 5 minutes away
        later = now_utc() + timedelta(minutes=6)
        assert run_job(app, "mail", "test-scheduler")
        assert retry_due(later).outcomes == ["sent"]
        assert retry_due(later + timedelta(hours=1)).outcomes == []
    assert len(inbox.messages) == 1 and inbox.messages[0][0] == ["buh@buyer.kz"]
    [mail] = _mails()
    assert (mail.status, mail.attempts, mail.next_attempt_at) == ("sent", 2, None)
    assert mail.sent_at is not None
    page = client.get(f"{BASE}/documents/{record['id']}/", headers={"Accept": "text/html", **_auth(headers)})
    assert "отправлено" in page.get_data(as_text=True)


@pytest.mark.parametrize("app_config", [DOWN])
def test_after_the_last_attempt_the_mail_is_given_up(client, headers, sources, app_config):
    issue_doc(client, headers, sources["ip"], "ip", email_recipients="buh@buyer.kz")
    moment = now_utc()
    for _ in range(MAX_ATTEMPTS - 1):
        moment += timedelta(hours=13)  # past any wait
        assert retry_due(moment).outcomes in (["pending"], ["failed"])
    [mail] = _mails()
    assert (mail.status, mail.attempts, mail.next_attempt_at) == ("failed", MAX_ATTEMPTS, None)
    assert "недоступен" in mail.last_error
    assert retry_due(moment + timedelta(days=2)).outcomes == []


class Refusing(Inbox):
    """A server that does not know the address (a permanent 5xx answer)."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        return "550 5.1.1 No such user"


@pytest.mark.parametrize("app_config", [DOWN])
def test_a_refused_address_is_not_retried(client, headers, sources, app_config):
    with server_on(DOWN_PORT, Refusing()) as inbox:
        record = issue_doc(client, headers, sources["ip"], "ip", email_recipients="nobody@buyer.kz")
    assert record["email_delivery"]["status"] == "failed"
    assert "отклонил адреса: nobody@buyer.kz" in record["email_delivery"]["detail"]
    assert inbox.messages == []
    [mail] = _mails()
    assert (mail.status, mail.attempts) == ("failed", 1)


def test_a_mail_queued_before_a_crash_is_sent_by_the_scheduler(app, director, sources, tmp_path):
    """The issue commits its e-mail with it; if the process dies before enqueueing it, the
    scheduler's next pass finds it due and sends it, once."""
    app.instance_path = str(tmp_path)
    staff = staff_of_user(director)
    source = get_document(staff.company_id, "co", sources["co"]["id"])
    issue(staff, IssueRequest("co", "pu", source, source.counterparty, ["buh@buyer.kz"], reissue=True), "http://localhost/")
    [mail] = _mails()
    assert (mail.status, mail.attempts) == ("pending", 0)
    assert retry_due(now_utc()).outcomes == ["outbox"]
    assert retry_due(now_utc() + timedelta(minutes=6)).outcomes == []
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1


def test_two_senders_racing_for_one_mail_send_it_once(app, director, sources, tmp_path):
    """The request, a second click and the scheduler may reach the same e-mail at once."""
    app.instance_path = str(tmp_path)
    staff = staff_of_user(director)
    source = get_document(staff.company_id, "co", sources["co"]["id"])
    issue(staff, IssueRequest("co", "pu", source, source.counterparty, ["buh@buyer.kz"], reissue=True), "http://localhost/")
    mail_id = _mails()[0].id
    start, outcomes = threading.Barrier(4), []

    def sender():
        with app.app_context():
            mail = db.session.get(MailDelivery, mail_id)
            start.wait()
            outcomes.append(attempt(mail).status)
            db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    # Losers report what they find: still pending while the winner writes, outbox after it.
    assert len(outcomes) == 4 and "outbox" in outcomes
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1
    [mail] = _mails()
    assert (mail.status, mail.attempts) == ("outbox", 1)


@pytest.mark.parametrize("app_config", [{**DOWN, "MAIL_PORT": SMTP_PORT}])
def test_send_again_to_other_addresses(client, headers, sources, inbox, app_config):
    record = issue_doc(client, headers, sources["ip"], "ip")
    assert record["email_delivery"]["status"] == "none"
    url = f"{BASE}/documents/{record['id']}/mail/"
    answer = client.post(url, json={"email_recipients": ["Director@Buyer.kz"]}, headers=headers)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    body = answer.get_json()
    assert (body["status"], body["recipients"], body["attempts"]) == ("sent", ["director@buyer.kz"], 1)
    assert body["delivery"]["status"] == "sent"
    assert [recipients for recipients, _ in inbox.messages] == [["director@buyer.kz"]]
    detail = client.get(f"{BASE}/documents/{record['id']}/", headers=headers).get_json()
    assert [m["status"] for m in detail["email_deliveries"]] == ["sent"]


@pytest.mark.parametrize("app_config", [DOWN])
def test_sending_again_to_the_same_addresses_tries_the_waiting_mail_now(client, headers, sources, app_config):
    record = issue_doc(client, headers, sources["ip"], "ip", email_recipients="buh@buyer.kz")
    with server_on(DOWN_PORT) as inbox:
        answer = client.post(f"{BASE}/documents/{record['id']}/mail/", json={"email_recipients": "BUH@buyer.kz"},
                             headers=headers)
    assert answer.status_code == 201 and answer.get_json()["status"] == "sent"
    assert len(inbox.messages) == 1
    assert [(m.status, m.attempts) for m in _mails()] == [("sent", 2)]


def test_send_again_is_for_the_senders_staff_only(client, headers, sources, buyer, other_director, token_headers):
    record = issue_doc(client, headers, sources["ip"], "ip")
    url = f"{BASE}/documents/{record['id']}/mail/"
    body = {"email_recipients": "x@buyer.kz"}
    assert client.post(url, json=body, headers=token_headers("other@test.kz", "other-pass")).status_code == 404
    colleague = factories.make_user("colleague@test.kz", "colleague-pass", company=buyer, role="Работник")
    assert client.post(f"{BASE}/viewers/", json={"document_id": record["id"], "staff": [colleague.public_id]},
                       headers=headers).status_code == 200
    viewer = token_headers("colleague@test.kz", "colleague-pass")
    assert client.post(url, json=body, headers=viewer).status_code == 404
    assert "email_deliveries" not in client.get(f"{BASE}/documents/{record['id']}/", headers=viewer).get_json()
    assert client.post(url, json=body, headers={"Accept": "application/json"}).status_code == 401
    assert client.post(f"{BASE}/documents/ffffffff/mail/", json=body, headers=headers).status_code == 404
    assert _mails() == []


@pytest.mark.parametrize("raw", ["", "not-an-address", ["a@b.kz", 5]])
def test_bad_addresses_are_a_400_on_the_field(client, headers, sources, raw):
    record = issue_doc(client, headers, sources["ip"], "ip")
    answer = client.post(f"{BASE}/documents/{record['id']}/mail/", json={"email_recipients": raw}, headers=headers)
    assert answer.status_code == 400
    assert "email_recipients" in answer.get_json()
    assert _mails() == []


def test_the_page_form_keeps_a_bad_value_and_says_why(client, login, director, sources, headers):
    record = issue_doc(client, headers, sources["ip"], "ip")
    login("director@test.kz", "director-pass")
    page = client.get(f"{BASE}/documents/{record['id']}/", headers={"Accept": "text/html"}).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = client.post(f"{BASE}/documents/{record['id']}/mail/", headers={"Accept": "text/html"},
                         data={"csrf_token": token, "email_recipients": "buh@buyer, "})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert 'value="buh@buyer, "' in html and "Неверный адрес электронной почты: buh@buyer" in html
    assert _mails() == []


def test_the_page_sends_and_shows_the_outcome(client, app, login, director, sources, headers, tmp_path):
    app.instance_path = str(tmp_path)
    record = issue_doc(client, headers, sources["ip"], "ip")
    login("director@test.kz", "director-pass")
    page = client.get(f"{BASE}/documents/{record['id']}/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Документ ещё не отправляли по e-mail." in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = client.post(f"{BASE}/documents/{record['id']}/mail/", headers={"Accept": "text/html"},
                         data={"csrf_token": token, "email_recipients": "buh@buyer.kz"}, follow_redirects=True)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "сохранено" in html and "buh@buyer.kz" in html
    assert "Почтовый сервер не настроен, письмо сохранено." in html  # a director is told why
    assert "instance/outbox" not in html and "outbox" not in html.replace('"outbox"', "")


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True, "MAIL_SEND_LIMIT": "2 per hour"}])
def test_sending_is_limited_per_user(client, app, headers, sources, app_config, tmp_path):
    app.instance_path = str(tmp_path)
    limiter.reset()
    record = issue_doc(client, headers, sources["ip"], "ip")
    url = f"{BASE}/documents/{record['id']}/mail/"
    statuses = [client.post(url, json={"email_recipients": f"a{i}@buyer.kz"}, headers=headers).status_code
                for i in range(3)]
    assert statuses == [201, 201, 429]
    assert len(_mails()) == 2


def test_a_worker_is_not_told_about_the_mail_server(client, app, login, director, worker, sources, headers, tmp_path):
    app.instance_path = str(tmp_path)
    record = issue_doc(client, headers, sources["ip"], "ip", email_recipients="buh@buyer.kz")
    login("worker@test.kz", "worker-pass")
    html = client.get(f"{BASE}/documents/{record['id']}/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "buh@buyer.kz" in html and "Письмо принято к отправке." in html
    assert "Почтовый сервер не настроен" not in html and "instance/outbox" not in html


@pytest.mark.parametrize("subject", [
    "Счёт на оплату № 2026-000001 от 02.12.2026 — ТОО \"ЕВРАЗИЯ ТРАНЗИТ СЕРВИС\"",
    "Акт выполненных работ (оказанных услуг) № 2026-000123 от 31.12.2026 — ИП Қалиева Әйгерім " * 2,
])
def test_the_subject_reads_back_exactly(subject):
    from portal.mailing.smtp import encoded_header

    message = email.message.EmailMessage()
    message.set_raw("Subject", encoded_header("Subject", subject))
    message.set_content("x")
    raw = message.as_bytes(policy=policy.SMTP)
    assert all(len(line) <= 78 for line in raw.split(b"\r\n"))
    assert email.message_from_bytes(raw, policy=policy.default)["Subject"] == subject


def _auth(headers: dict) -> dict:
    return {"Authorization": headers["Authorization"]}


def test_without_a_server_messages_go_to_the_outbox(client, app, headers, sources, tmp_path):
    app.instance_path = str(tmp_path)
    record = issue_doc(client, headers, sources["co"], "co", email_recipients="buh@buyer.kz")
    assert record["email_delivery"]["status"] == "outbox"
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 1 and record["doc_id"] in files[0].name
    message = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert message["To"] == "buh@buyer.kz"
    assert next(message.iter_attachments()).get_content() == client.get(record["file"], headers=headers).data


@pytest.mark.parametrize("app_config", [DOWN])
def test_a_pass_stops_at_the_first_mail_the_server_does_not_take(client, headers, sources, app_config):
    for _ in range(3):
        issue_doc(client, headers, sources["ip"], "ip", email_recipients="buh@buyer.kz", reissue=True)  # three copies
    later = now_utc() + timedelta(minutes=6)
    assert retry_due(later).outcomes == ["pending"]
    assert [m.attempts for m in _mails()] == [2, 1, 1]  # the others wait for the next pass
    with server_on(DOWN_PORT) as inbox:
        assert retry_due(later + timedelta(minutes=1)).outcomes == ["sent", "sent"]
    assert len(inbox.messages) == 2
