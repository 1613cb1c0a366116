"""Housekeeping: idempotency keys after 24 h (+ margin), finished webhook deliveries after
WEBHOOKS_KEEP_DAYS (never a pending or sending one), tombstones after SYNC_TOMBSTONES_KEEP_DAYS,
finished account e-mails after ACCOUNT_MAILS_KEEP_DAYS (never a pending one),
in batches; the clock's job runs it; a sync older than the tombstones' horizon is told (410) to
resync fully. Times are set explicitly on every row."""
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

import pytest
from sqlalchemy import event, select

from portal.extensions import db
from portal.models import AccountMail, IdempotencyKey, TaskJob, Tombstone, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from portal.tasks import clock
from portal.tasks.housekeeping import prune
from portal.timeutil import now_utc
from portal.webhooks import vault

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
JSON = {"Accept": "application/json"}


def _key(name: str, age: timedelta, status: int = 201) -> None:
    db.session.add(IdempotencyKey(scope="c1", key=name, fingerprint="0" * 64, status=status, body="{}",
                                  created=NOW - age))


def _endpoint(company_id: int) -> WebhookEndpoint:
    endpoint = WebhookEndpoint(company_id=company_id, url="https://example.kz/hook", events=["invoice.paid"],
                               secret_sealed=vault.seal("whsec_x"), active=True, failures_in_row=0,
                               disabled_reason="", description="")
    db.session.add(endpoint)
    db.session.flush()
    return endpoint


def _delivery(endpoint: WebhookEndpoint, name: str, state: str, age: timedelta) -> WebhookDelivery:
    # A pending one is due later than the test runs, so the commit's enqueue sends nothing.
    delivery = WebhookDelivery(endpoint_id=endpoint.id, company_id=endpoint.company_id, event_id=f"evt_{name}",
                               event="invoice.paid", body="{}", state=state, attempts=1, last_error="",
                               next_attempt=now_utc() + timedelta(days=1), created=NOW - age)
    delivery.log.append(WebhookAttempt(number=1, at=NOW - age, status_code=500, response_ms=3, error=""))
    db.session.add(delivery)
    return delivery


def _names(column) -> set[str]:
    db.session.expire_all()
    return set(db.session.execute(select(column)).scalars())


def test_idempotency_keys_go_after_a_day_and_the_margin(app):
    _key("fresh", timedelta(hours=23, minutes=59))
    _key("in-the-margin", timedelta(hours=24, minutes=30))
    _key("old", timedelta(hours=25, seconds=1))
    _key("old-and-never-answered", timedelta(days=3), status=0)
    db.session.commit()
    assert prune(NOW).idempotency_keys == 2
    assert _names(IdempotencyKey.key) == {"fresh", "in-the-margin"}


def test_a_margin_set_below_a_day_still_keeps_the_day(app):
    app.config["IDEMPOTENCY_KEEP_HOURS"] = 1
    _key("answering", timedelta(hours=23))
    db.session.commit()
    assert prune(NOW).idempotency_keys == 0


def test_finished_deliveries_go_after_the_setting_unfinished_never(app, director):
    endpoint = _endpoint(director.staff.company_id)
    month = timedelta(days=30, seconds=1)
    for name, state in (("delivered", "delivered"), ("failed", "failed"), ("pending", "pending"),
                        ("sending", "sending")):
        _delivery(endpoint, f"old-{name}", state, month)
    _delivery(endpoint, "recent-delivered", "delivered", timedelta(days=29))
    db.session.commit()
    assert prune(NOW).webhook_deliveries == 2
    assert _names(WebhookDelivery.event_id) == {"evt_old-pending", "evt_old-sending", "evt_recent-delivered"}
    # Their attempts went with them (the foreign key's cascade), the others' stayed.
    assert db.session.query(WebhookAttempt).count() == 3
    app.config["WEBHOOKS_KEEP_DAYS"] = 7
    assert prune(NOW).webhook_deliveries == 1
    assert _names(WebhookDelivery.event_id) == {"evt_old-pending", "evt_old-sending"}


def test_tombstones_go_after_the_setting(app, director):
    company_id = director.staff.company_id
    for public_id, age in (("aaaaaaaa", timedelta(days=90, seconds=1)), ("bbbbbbbb", timedelta(days=89))):
        db.session.add(Tombstone(company_id=company_id, kind="works", public_id=public_id, updated=NOW - age))
    db.session.commit()
    assert prune(NOW).tombstones == 1
    assert _names(Tombstone.public_id) == {"bbbbbbbb"}


def test_finished_account_mails_go_after_the_setting_pending_never(app):
    # They name their recipients: kept ACCOUNT_MAILS_KEEP_DAYS, unless a retry is still owed.
    month = timedelta(days=30, seconds=1)
    for status in ("sent", "outbox", "failed", "pending"):
        db.session.add(AccountMail(kind="signup", recipient=f"old-{status}@test.kz", base_url="", status=status,
                                   attempts=1, last_error="", next_attempt_at=NOW + timedelta(days=1),
                                   created=NOW - month))
    db.session.add(AccountMail(kind="reset", recipient="recent-sent@test.kz", base_url="", status="sent",
                               attempts=1, last_error="", created=NOW - timedelta(days=29)))
    db.session.commit()
    done = prune(NOW)
    assert done.account_mails == 3 and "писем аккаунтов 3" in done.line()
    assert _names(AccountMail.recipient) == {"old-pending@test.kz", "recent-sent@test.kz"}
    app.config["ACCOUNT_MAILS_KEEP_DAYS"] = 7
    assert prune(NOW).account_mails == 1
    assert _names(AccountMail.recipient) == {"old-pending@test.kz"}


def test_a_backlog_goes_in_batches_of_short_transactions(app):
    for number in range(7):
        _key(f"old-{number}", timedelta(days=2))
    _key("fresh", timedelta(hours=1))
    db.session.commit()
    deletes = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("DELETE FROM IDEMPOTENCY_KEYS"):
            deletes.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert prune(NOW, batch=3).idempotency_keys == 7
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(deletes) == 3  # 3 + 3 + 1, each committed on its own
    assert _names(IdempotencyKey.key) == {"fresh"}


def test_the_clock_schedules_it_and_a_worker_runs_it(app):
    db.session.add(IdempotencyKey(scope="c1", key="stale", fingerprint="0" * 64, status=201, body="{}",
                                  created=now_utc() - timedelta(days=2)))
    db.session.commit()
    job_id = clock.enqueue_periodic("housekeeping", timedelta(hours=1))
    assert job_id is not None  # TASKS_IMMEDIATE: the worker ran it inside enqueue
    db.session.expire_all()
    job = db.session.get(TaskJob, job_id)
    assert (job.state, job.title) == ("done", "Удаление устаревших записей")
    assert _names(IdempotencyKey.key) == set()
    # The same period is enqueued once, whoever asks.
    assert clock.enqueue_periodic("housekeeping", timedelta(hours=1)) is None


@pytest.fixture
def a(client, director, token_headers):
    return token_headers("director@test.kz", "director-pass")


def _since(days: float) -> str:
    return quote((now_utc() - timedelta(days=days)).isoformat())


def test_a_sync_older_than_the_tombstones_must_resync_fully(app, client, a):
    inside = client.get(f"/smart_doc/deleted/?updated_after={_since(89.9)}", headers=a)
    assert inside.status_code == 200 and inside.get_json()["results"] == []
    gone = client.get(f"/smart_doc/deleted/?updated_after={_since(90.1)}", headers=a)
    assert gone.status_code == 410
    assert "полную синхронизацию" in gone.get_json()["detail"] and "90 дн." in gone.get_json()["detail"]
    # The horizon follows the setting; a malformed time is still a 400 naming the parameter.
    app.config["SYNC_TOMBSTONES_KEEP_DAYS"] = 7
    assert client.get(f"/smart_doc/deleted/?updated_after={_since(8)}", headers=a).status_code == 410
    bad = client.get("/smart_doc/deleted/?updated_after=yesterday", headers=a)
    assert bad.status_code == 400 and "updated_after" in bad.get_json()
    # Lists of live objects answer as before: what changed since then is all still there.
    assert client.get(f"/smart_doc/works/?updated_after={_since(400)}", headers=a).status_code == 200
