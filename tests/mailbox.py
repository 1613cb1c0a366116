"""A real SMTP server on 127.0.0.1 (aiosmtpd) for tests that read what the portal sends."""
import email
import re
import socket
import time
from email import policy

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=policy.default)))
        return "250 Message accepted for delivery"

    def wait(self, count: int, timeout: float = 10.0) -> list:
        """The first `count` messages, waiting for the background sender (fails after `timeout`)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.messages) >= count, f"expected {count} messages, got {len(self.messages)}"
        return self.messages[:count]

    def link(self, index: int = 0) -> str:
        """The path of the portal link in message `index` (the host is the test's)."""
        body = self.wait(index + 1)[index][1].get_body(("plain",)).get_content()
        return re.search(r"https?://[^/\s]+(/\S+)", body).group(1)


SMTP_PORT = free_port()
SMTP_CONFIG = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": SMTP_PORT, "MAIL_USE_TLS": False, "MAIL_TIMEOUT": 5}


@pytest.fixture
def inbox():
    """The SMTP server, listening on SMTP_PORT for the length of the test."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    yield handler
    controller.stop()
