"""The scheduler's database lease: two schedulers against one database still fetch once per interval."""
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import func, select

from portal.extensions import db
from portal.market.scheduler import build_scheduler, claim, job_interval, run_job
from portal.models import FetchLog, SchedulerLease
from tests.test_market_support import (  # noqa: F401  (fixtures)
    market_logs,
    market_server,
    market_server_module,
    serve_good_data,
    server_config,
)

T0 = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)
HOUR = timedelta(hours=1)


@pytest.fixture
def app_config(market_server):
    # One-second rate interval for the two-scheduler test; news hourly (it runs once at start).
    return {**server_config(market_server), "RATES_INTERVAL_MINUTES": 1 / 60, "NEWS_INTERVAL_MINUTES": 60}


def test_claim_once_per_interval(app):
    assert claim(db.engine, "rates", HOUR, "a", now=T0)
    assert not claim(db.engine, "rates", HOUR, "b", now=T0 + timedelta(minutes=30))
    # The turn reopens a little before a full interval, so a timer firing early is not skipped.
    assert claim(db.engine, "rates", HOUR, "b", now=T0 + timedelta(minutes=59))
    lease = db.session.get(SchedulerLease, "rates")
    assert lease.holder == "b"


def test_jobs_have_separate_leases(app):
    assert claim(db.engine, "rates", HOUR, "a", now=T0)
    assert claim(db.engine, "news", HOUR, "a", now=T0)


def test_concurrent_claims_let_exactly_one_through(app):
    """Eight schedulers reaching the same turn at the same moment: one wins."""
    start = threading.Barrier(8)
    wins = []

    def contender(name: str) -> None:
        with app.app_context():
            start.wait()
            if claim(db.engine, "rates", HOUR, name, now=T0):
                wins.append(name)

    threads = [threading.Thread(target=contender, args=(f"s{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(wins) == 1


def test_intervals_come_from_configuration(app):
    scheduler = build_scheduler(app, BackgroundScheduler, holder="x")
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"rates", "news", "mail", "tasks", "recurring", "reminders", "webhooks",
                         "housekeeping"}
    assert jobs["housekeeping"].trigger.interval == timedelta(hours=1)
    assert jobs["recurring"].trigger.interval == timedelta(minutes=5)
    assert jobs["reminders"].trigger.interval == timedelta(hours=1)
    assert jobs["webhooks"].trigger.interval == timedelta(minutes=1)
    assert jobs["tasks"].trigger.interval == timedelta(minutes=1)
    assert jobs["rates"].trigger.interval == timedelta(seconds=1)
    assert jobs["news"].trigger.interval == timedelta(hours=1)
    assert job_interval(app, "news") == timedelta(hours=1)
    assert jobs["mail"].trigger.interval == timedelta(minutes=1)


def test_run_job_skips_when_another_scheduler_has_the_turn(app, market_server, market_logs):
    serve_good_data(market_server)
    assert run_job(app, "news", "first")
    assert not run_job(app, "news", "second")
    assert "another scheduler has this interval" in market_logs.text
    assert db.session.scalar(select(func.count()).select_from(FetchLog).where(FetchLog.kind == "news")) == 3


def test_two_scheduler_instances_fetch_once_per_interval(app, market_server):
    """Two APScheduler instances on one database for ~2.5 intervals: about 3 rate fetches, not 6."""
    serve_good_data(market_server)
    schedulers = [build_scheduler(app, BackgroundScheduler, holder=name) for name in ("one", "two")]
    for scheduler in schedulers:
        scheduler.start()
    time.sleep(2.5)
    for scheduler in schedulers:
        scheduler.shutdown(wait=True)

    paths = [request.path for request, _ in market_server.log]
    rate_fetches = paths.count("/rss/rates_all.xml")
    # Each scheduler fired at t≈0, 1, 2 s (6 triggers); the lease lets one per interval through.
    assert 2 <= rate_fetches <= 3, paths
    assert paths.count("/forbes/rss") == 1  # the news job fired twice at start, ran once
    logged = db.session.scalar(select(func.count()).select_from(FetchLog).where(FetchLog.kind == "rates"))
    assert logged == rate_fetches
