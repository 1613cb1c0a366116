"""E-mail of issued PDFs: a real SMTP server on 127.0.0.1 (aiosmtpd), and the development outbox."""
import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller

from tests.test_documents_support import (  # noqa: F401  (fixtures)
    BASE, buyer, headers, issue_doc, sources,
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
    assert record["number"] in message["Subject"]
    attachments = list(message.iter_attachments())
    assert len(attachments) == 1
    assert attachments[0].get_content_type() == "application/pdf"
    assert attachments[0].get_filename() == f"Счет_на_оплату_{record['number']}.pdf"
    stored = client.get(record["file"], headers=headers).data
    assert attachments[0].get_content() == stored
    assert record["doc_id"] in message.get_body(("plain",)).get_content()


@pytest.mark.parametrize("app_config", [{"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": free_port(), "MAIL_USE_TLS": False,
                                         "MAIL_TIMEOUT": 2}])
def test_an_unreachable_server_does_not_undo_the_issue(client, headers, sources, app_config):
    record = issue_doc(client, headers, sources["ip"], "ip", email_recipients="buh@buyer.kz")
    assert record["email_delivery"]["status"] == "failed"
    assert client.get(record["file"], headers=headers).status_code == 200


def test_without_a_server_messages_go_to_the_outbox(client, app, headers, sources, tmp_path):
    app.instance_path = str(tmp_path)
    record = issue_doc(client, headers, sources["co"], "co", email_recipients="buh@buyer.kz")
    assert record["email_delivery"]["status"] == "outbox"
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 1 and record["doc_id"] in files[0].name
    message = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert message["To"] == "buh@buyer.kz"
    assert next(message.iter_attachments()).get_content() == client.get(record["file"], headers=headers).data
