"""Real workers for the task-queue tests: `flask --app wsgi worker` in a subprocess.

The queue's storage follows the database under test: the embedded SQLite file on SQLite, and
Redis (db 5, a key prefix of its own per test) on PostgreSQL or when TASKS_URL is set.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import _TMP, DATABASE_URL, IS_POSTGRES

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("TASKS_URL") or "redis://127.0.0.1:6379/5"
USES_REDIS = IS_POSTGRES or bool(os.environ.get("TASKS_URL"))
# The settings a worker process gets from the test app (as PORTAL_<KEY> variables).
PASSED = ("TASKS_", "MAIL_", "PUBLIC_URL", "RATES_", "NEWS_", "MARKET_", "ISSUE_")


def queue_settings(**overrides) -> dict:
    """App settings for a real queue of its own: short leases and retries, quick polling."""
    name = f"portal-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    url = REDIS_URL if USES_REDIS else f"sqlite:///{_TMP}/{name}.db"
    return {"TASKS_IMMEDIATE": False, "TASKS_URL": url, "TASKS_QUEUE": name, "TASKS_LEASE_SECONDS": 3,
            "TASKS_RETRY_DELAY": 0.2, "TASKS_POLL_SECONDS": 0.1, **overrides}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Worker:
    """One worker process; its log is kept for the assertions and for failures."""

    def __init__(self, settings: dict, workers: int = 1):
        env = {**os.environ, "DATABASE_URL": DATABASE_URL, "TASKS_URL": settings["TASKS_URL"],
               "SECRET_KEY": "test-secret-key", "PYTHONUNBUFFERED": "1"}
        for key, value in settings.items():
            if key not in ("TASKS_URL", "DATABASE_URL"):
                env[f"PORTAL_{key}"] = json.dumps(value)
        self.log: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--workers", str(workers)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.wait_for("Huey consumer started", 240)  # a loaded CI machine imports slowly

    def _read(self) -> None:
        for line in self.process.stdout:
            self.log.append(line)

    def text(self) -> str:
        return "".join(self.log)

    def wait_for(self, needle: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"worker never logged {needle!r}:\n{self.text()}")
            time.sleep(0.05)

    def kill9(self) -> None:
        """`kill -9`: no cleanup, no signal handler, whatever it was doing is cut off."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill9()


@pytest.fixture
def workers(app):
    """Start real workers on the test app's queue: `workers()`; all are stopped after the test."""
    started: list[Worker] = []

    def start(count: int = 1) -> Worker:
        settings = {key: app.config[key] for key in app.config if key.startswith(PASSED)}
        worker = Worker(settings, count)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
    from portal.tasks.queue import huey

    huey.storage.flush_all()


def wait_until(check, timeout: float = 30, every: float = 0.05, what: str = "condition", log: Worker | None = None):
    """Poll `check()` until it returns something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}" + (f"; worker's log:\n{log.text()}" if log else ""))
        time.sleep(every)
