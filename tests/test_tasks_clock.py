"""The scheduler is the clock and the workers do the work: two schedulers, each job once."""
import time
from datetime import datetime, timedelta, timezone

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import func, select

from portal.extensions import db
from portal.market.scheduler import build_scheduler
from portal.models import FetchLog
from portal.models.tasks import TaskJob
from portal.tasks import clock
from tests.tasks_support import queue_settings, wait_until, workers  # noqa: F401  (fixture)
from tests.test_market_support import (  # noqa: F401  (fixtures)
    market_server, market_server_module, serve_good_data, server_config,
)

T0 = datetime(2026, 11, 26, 10, 0, 30, tzinfo=timezone.utc)


@pytest.fixture
def app_config(market_server):
    return {**server_config(market_server), **queue_settings(), "MARKET_HTTP_TIMEOUT": 10,
            "RATES_INTERVAL_MINUTES": 1 / 60, "NEWS_INTERVAL_MINUTES": 60}


def test_one_job_per_period_whoever_enqueues_it(app):
    minute = timedelta(minutes=1)
    first = clock.enqueue_periodic("rates", minute, T0)
    assert first is not None
    assert clock.enqueue_periodic("rates", minute, T0 + timedelta(seconds=20)) is None  # same minute
    assert clock.enqueue_periodic("news", minute, T0) is not None  # another job, its own key
    assert clock.enqueue_periodic("rates", minute, T0 + minute) is not None  # the next period
    assert db.session.get(TaskJob, first).dedupe_key == "rates:2026-11-26T10:00:00"


def test_two_schedulers_enqueue_and_a_worker_runs_each_job_once(app, market_server, workers):
    serve_good_data(market_server)
    worker = workers()
    schedulers = [build_scheduler(app, BackgroundScheduler, holder=name) for name in ("one", "two")]
    for scheduler in schedulers:
        scheduler.start()
    time.sleep(2.5)
    for scheduler in schedulers:
        scheduler.shutdown(wait=True)

    def finished():
        db.session.expire_all()
        jobs = db.session.execute(select(TaskJob).where(TaskJob.kind.in_(("rates", "news")))).scalars().all()
        return jobs if jobs and all(job.state == "done" for job in jobs) else None

    jobs = wait_until(finished, timeout=60, what="the worker to run the scheduled jobs", log=worker)
    rates = [job for job in jobs if job.kind == "rates"]
    news = [job for job in jobs if job.kind == "news"]
    # Six rate triggers (two schedulers at t≈0, 1, 2 s) made one job per period; news fired twice, ran once.
    assert 2 <= len(rates) <= 3 and len(news) == 1
    assert len({job.dedupe_key for job in jobs}) == len(jobs)
    # The worker process ran them, not the schedulers (whose process is this one).
    assert {job.worker.split(":")[1] for job in jobs} == {str(worker.process.pid)}
    time.sleep(0.5)
    paths = [request.path for request, _ in market_server.log]
    assert paths.count("/rss/rates_all.xml") == len(rates) and paths.count("/forbes/rss") == 1
    logged = db.session.scalar(select(func.count()).select_from(FetchLog).where(FetchLog.kind == "rates"))
    assert logged == len(rates)
