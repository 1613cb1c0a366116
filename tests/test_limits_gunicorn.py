"""Login limits hold with 2 real gunicorn workers on the default set-up (no Redis, no storage setting).

The default storage is a SQLite file in instance/ that every worker opens
(portal/sessions/limit_storage.py); with `memory://` each worker counted on its own.
"""
import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests import factories
from tests.conftest import DATABASE_URL

ROOT = Path(__file__).resolve().parents[1]
ATTEMPTS = 14


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """`gunicorn --workers 2 wsgi:app` on the test database, as scripts/run.sh serves it."""

    def __init__(self, extra_env: dict):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {key: value for key, value in os.environ.items()
               if not key.startswith("PORTAL_") and key != "RATELIMIT_STORAGE_URI"}
        # Only the per-account limit is under test; the per-address one is raised out of the way.
        env.update({"DATABASE_URL": DATABASE_URL, "SECRET_KEY": "gunicorn-test-key",
                    "PORTAL_LOGIN_LIMIT_PER_IP": "1000 per minute", **extra_env})
        self.process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{self.port}",
             "--log-level", "warning", "wsgi:app"],
            cwd=ROOT, env=env, start_new_session=True)

    def __enter__(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/auth/login/", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)

    def try_token(self, email: str) -> int:
        """One wrong password on the token endpoint; its status code."""
        body = json.dumps({"email": email, "password": "wrong-password"}).encode()
        request = urllib.request.Request(self.base + "/auth/token/", data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            return urllib.request.urlopen(request, timeout=60).status
        except urllib.error.HTTPError as exc:
            return exc.code


def hammer(server: Gunicorn, email: str) -> list[int]:
    """ATTEMPTS wrong passwords, 4 at a time, so both workers are kept busy."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda _: server.try_token(email), range(ATTEMPTS)))


@pytest.fixture
def account(app):
    """A fresh address per run: the default storage file in instance/ outlives the test."""
    email = f"limit-{secrets.token_hex(4)}@test.kz"
    factories.make_user(email, "right-password-1")
    return email


def test_five_per_minute_hold_with_two_workers_by_default(account):
    with Gunicorn({}) as server:
        codes = hammer(server, account)
    assert codes.count(400) == 5, codes  # LOGIN_LIMIT_PER_ACCOUNT's default: 5 per minute
    assert codes.count(429) == ATTEMPTS - 5, codes
