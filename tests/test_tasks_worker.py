"""The task queue with real workers (`flask worker` subprocesses): runs, retries, `kill -9`.

On SQLite the queue is the embedded SQLite storage, on PostgreSQL it is Redis (db 5, a key
prefix per test); see tests/tasks_support.py.
"""
import asyncio
import socket
import threading
import time
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from portal.extensions import db
from portal.models.issued import DocumentCounter, IssuedDocument, MailDelivery
from portal.models.smart_docs import SmartDocument
from portal.models.tasks import TaskJob
from portal.tasks import clock
from portal.tasks.jobs import send_mail
from portal.tasks.ledger import recover
from portal.timeutil import now_utc, to_almaty
from tests.tasks_support import free_port, queue_settings, wait_until, workers  # noqa: F401  (fixture)
from tests.test_documents_bulk import BULK, _invoices
from tests.test_documents_support import (  # noqa: F401  (fixtures)
    BASE, buyer, headers, issue_doc, sources,
)

SMTP_PORT = free_port()


class GatedInbox:
    """An SMTP server's handler that holds the first message's DATA until `release` is set, and
    then refuses it (421): that message was never accepted. Only 250-answered ones count."""

    def __init__(self, hold_first: bool = False):
        self.accepted: list[bytes] = []
        self.holding = threading.Event()
        self.release = threading.Event()
        self.hold_first = hold_first
        self.calls = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        self.calls += 1
        if self.hold_first and self.calls == 1:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "421 Service not available, closing channel"
        self.accepted.append(envelope.content)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp():
    handlers = []

    def start(hold_first: bool = False) -> GatedInbox:
        handler = GatedInbox(hold_first)
        controller = Controller(handler, hostname="127.0.0.1", port=SMTP_PORT)
        controller.start()
        handlers.append((handler, controller))
        return handler

    yield start
    for handler, controller in handlers:
        handler.release.set()
        controller.stop()


MAIL = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": SMTP_PORT, "MAIL_USE_TLS": False, "MAIL_TIMEOUT": 5}


def _mail() -> MailDelivery:
    db.session.expire_all()
    return db.session.execute(select(MailDelivery)).scalar_one()


def _run_when(client, headers, run_id: int, state: str) -> dict | None:
    """The run as its URL answers it, once it is in `state` (the test shares the app's session:
    what the workers committed is read afresh)."""
    db.session.expire_all()
    body = client.get(f"/tasks/{run_id}/", headers=headers).get_json()
    return body if body["state"] == state else None


@pytest.fixture
def app_config():
    return queue_settings(**MAIL)


def test_an_e_mail_is_sent_by_a_worker_not_by_the_request(client, headers, sources, smtp, workers):
    inbox = smtp()
    record = issue_doc(client, headers, sources["ip"], "ip", email_recipients="buh@buyer.kz")
    # The request only wrote the e-mail and enqueued it: no worker has run yet.
    assert record["email_delivery"]["status"] == "queued"
    assert "в очереди" in record["email_delivery"]["detail"]
    assert inbox.accepted == []
    workers()
    wait_until(lambda: _mail().status == "sent", what="the worker to send the e-mail")
    assert len(inbox.accepted) == 1 and record["number"].encode() in inbox.accepted[0]
    mails = client.get(f"{BASE}/documents/{record['id']}/mail/", headers=headers).get_json()["results"]
    assert [(m["status"], m["attempts"]) for m in mails] == [("sent", 1)]
    # The same task delivered again (a second scheduler, a recovery) sends nothing more.
    send_mail(_mail().id)
    time.sleep(1.5)
    assert len(inbox.accepted) == 1 and _mail().attempts == 1


def test_a_worker_killed_mid_send_is_retried_and_the_mail_goes_out_once(app, client, headers, sources, smtp, workers):
    app.config["TASKS_LEASE_SECONDS"] = 10
    inbox = smtp(hold_first=True)
    pair = [workers(), workers()]
    issue_doc(client, headers, sources["ip"], "ip", email_recipients="buh@buyer.kz")
    assert inbox.holding.wait(30)  # a worker is inside the SMTP conversation
    [sending] = [worker for worker in pair if "Executing portal.tasks.jobs.send_mail" in worker.text()]
    sending.kill9()
    inbox.release.set()
    mail = _mail()
    assert (mail.status, mail.attempts) == ("pending", 1)
    assert (to_almaty(mail.lease_until) - now_utc()).total_seconds() > 3
    # While the lease runs, the scheduler's pass leaves the e-mail alone: it may still be sending.
    clock.enqueue_periodic("mail_retry", timedelta(seconds=1))
    time.sleep(1.5)
    assert _mail().attempts == 1 and inbox.accepted == []
    # After the lease the next pass retries it, once, on the surviving worker.
    wait_until(lambda: now_utc() > to_almaty(_mail().lease_until), timeout=15, what="the lease to run out")
    clock.enqueue_periodic("mail_retry", timedelta(seconds=1))
    wait_until(lambda: _mail().status == "sent", what="the retry after the kill")
    assert len(inbox.accepted) == 1 and _mail().attempts == 2


def test_a_worker_killed_mid_chunk_leaves_no_gap_and_no_duplicate(client, headers, sources, workers, app):
    app.config["ISSUE_CHUNK"] = 12
    ids = _invoices(client, headers, sources, [f"2026-11-{day:02d}" for day in range(1, 25)])
    first = workers()
    response = client.post(BULK, json={"type": "ip", "content_ids": ids}, headers=headers)
    assert response.status_code == 202
    run_id = response.get_json()["id"]

    def running_chunk():
        db.session.expire_all()
        return db.session.execute(select(TaskJob).where(TaskJob.parent_id == run_id, TaskJob.state == "running")).first()

    wait_until(running_chunk, every=0.01, what="a chunk to start")
    first.kill9()
    killed = running_chunk()[0]
    assert killed.state == "running" and killed.attempts == 1  # cut off mid-chunk
    second = workers()
    time.sleep(3.2)  # the lease of the killed chunk runs out
    assert killed.id in recover()  # what the scheduler's `tasks` job does every minute
    run = wait_until(lambda: _run_when(client, headers, run_id, "done"), timeout=90, every=0.2,
                     what="the run to finish", log=second)
    numbers = [record["number"] for record in run["issued"]]
    assert numbers == [f"2026-{n:06d}" for n in range(1, 25)]
    stored = db.session.execute(select(IssuedDocument.content_id, IssuedDocument.seq)).all()
    assert sorted(seq for _, seq in stored) == list(range(1, 25))
    assert sorted(content_id for content_id, _ in stored) == sorted(ids)
    assert db.session.execute(select(DocumentCounter.last_number)).scalar_one() == 24
    db.session.expire_all()
    assert db.session.get(TaskJob, killed.id).attempts == 2


def test_a_job_that_keeps_failing_stops_and_is_shown_to_the_director(
        client, headers, sources, workers, other_director, token_headers, worker):
    ids = _invoices(client, headers, sources, ["2026-11-01"])
    run_id = client.post(BULK, json={"type": "ip", "content_ids": ids}, headers=headers).get_json()["id"]
    # The document goes away before any worker took the run: every attempt fails the same way.
    db.session.execute(SmartDocument.__table__.delete().where(SmartDocument.public_id == ids[0]))
    db.session.commit()
    workers()
    run = wait_until(lambda: _run_when(client, headers, run_id, "failed"), what="the retries to run out")
    assert run["attempts"] == 4 and "not found" in run["last_error"]
    board = client.get("/tasks/", headers=headers).get_json()
    assert [(r["id"], r["state"]) for r in board["runs"]] == [(run_id, "failed")]
    assert "not found" in board["runs"][0]["last_error"]
    other = token_headers("other@test.kz", "other-pass")
    assert client.get(f"/tasks/{run_id}/", headers=other).status_code == 404
    assert client.post(f"/tasks/{run_id}/retry/", headers=other).status_code == 404
    assert client.get("/tasks/", headers=other).get_json()["runs"] == []
    colleague = token_headers("worker@test.kz", "worker-pass")
    assert client.get("/tasks/", headers=colleague).status_code == 403
    assert client.get(f"/tasks/{run_id}/", headers=colleague).status_code == 404
    anonymous = {"Accept": "application/json"}
    for response in (client.get("/tasks/", headers=anonymous), client.get(f"/tasks/{run_id}/", headers=anonymous),
                     client.post(f"/tasks/{run_id}/retry/", headers=anonymous)):
        assert response.status_code == 401


@pytest.fixture
def hung_smtp():
    """A mail server that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1], held
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    listener.close()


def test_an_e_mail_to_a_hung_server_does_not_delay_a_page(app, client, headers, sources, workers, hung_smtp):
    port, held = hung_smtp
    app.config.update(MAIL_PORT=port, MAIL_TIMEOUT=30)
    workers(4)
    started = time.monotonic()
    records = [issue_doc(client, headers, sources["ip"], "ip", email_recipients=f"buh{i}@buyer.kz", reissue=i > 0)
               for i in range(4)]
    issuing = time.monotonic() - started
    wait_until(lambda: len(held) >= 4, what="four deliveries hanging on the server")
    started = time.monotonic()
    page = client.get("/clients/clients/", headers=headers)
    took = time.monotonic() - started
    assert page.status_code == 200
    assert all(record["email_delivery"]["status"] == "queued" for record in records)
    # Four issues and a page took seconds at most, with the mail server silent for 30 s.
    assert issuing < 20 and took < 5, (issuing, took)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(MailDelivery).where(MailDelivery.attempts == 1)) == 4
