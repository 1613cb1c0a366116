"""The job ledger: claim with a lease, finish, fail, recover, retry by hand, progress.

Every write that decides who runs a job is one conditional UPDATE, committed before the work
starts: two deliveries of the same message (a re-enqueue by `recover` while the first worker
was only slow, a second scheduler) cannot both run it. A job's worker holds it until
`lease_until` (TASKS_LEASE_SECONDS); a job still `running` after that lost its worker and is
enqueued again. A failure leaves the job `queued` for Huey's retry, or `failed` after
`max_attempts`, with its last error, for the company's director to see and retry.
"""
import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, func, or_, select, update

from portal.extensions import db
from portal.models.tasks import TaskJob
from portal.timeutil import now_utc

log = logging.getLogger(__name__)


def worker_name() -> str:
    """This worker: host and process (the bench counts jobs per worker by it)."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"[:120]


def lease() -> timedelta:
    """How long a claimed job may run before it is presumed dead (its worker was killed)."""
    return timedelta(seconds=float(current_app.config["TASKS_LEASE_SECONDS"]))


def new_job(kind: str, params: dict, *, company_id: int | None = None, user_id: int | None = None,
            title: str = "", total: int = 1, parent: TaskJob | None = None,
            dedupe_key: str | None = None) -> TaskJob:
    """A queued job added to the caller's transaction; enqueue it after the commit (`enqueue`)."""
    now = now_utc()
    job = TaskJob(kind=kind, params=params, company_id=company_id, user_id=user_id, title=title[:200],
                  total=total, done=0, state="queued", attempts=0, last_error="", worker="",
                  max_attempts=int(current_app.config["TASKS_RETRIES"]) + 1, dedupe_key=dedupe_key,
                  created=now, updated=now)
    if parent is not None:
        job.parent_id = parent.id
    db.session.add(job)
    return job


def enqueue(job_ids: list[int]) -> None:
    """Hand committed jobs to the queue. A queue that is down loses nothing: the rows stay
    `queued` and `recover` enqueues them again."""
    from portal.tasks.jobs import run_job

    config = current_app.config
    for job_id in job_ids:
        try:
            run_job(job_id, retries=int(config["TASKS_RETRIES"]), retry_delay=float(config["TASKS_RETRY_DELAY"]))
        except Exception:  # noqa: BLE001  (Redis away: the ledger row is the promise)
            log.exception("could not enqueue job %s; the clock will enqueue it again", job_id)


def claim(job_id: int, now: datetime | None = None) -> TaskJob | None:
    """Take a queued job (or one whose worker's lease ran out); None if it is not ours to run."""
    now = now or now_utc()
    result = db.session.execute(
        update(TaskJob)
        .where(TaskJob.id == job_id,
               or_(TaskJob.state == "queued", and_(TaskJob.state == "running", TaskJob.lease_until < now)))
        .values(state="running", attempts=TaskJob.attempts + 1, lease_until=now + lease(), worker=worker_name(),
                started_at=func.coalesce(TaskJob.started_at, now), updated=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if result.rowcount != 1:
        return None
    return db.session.get(TaskJob, job_id, populate_existing=True)


def mark_done(job: TaskJob, done: int | None = None) -> None:
    """Record success in the caller's transaction (the work's own commit makes it true)."""
    now = now_utc()
    job.state, job.done, job.finished_at, job.lease_until, job.updated = "done", job.total if done is None else done, now, None, now
    job.last_error = ""


def mark_failed(job_id: int, error: str) -> bool:
    """Record a failed attempt; True when it was the last one (the job is `failed` now)."""
    db.session.rollback()
    job = db.session.get(TaskJob, job_id, populate_existing=True)
    final = job.attempts >= job.max_attempts
    now = now_utc()
    job.state = "failed" if final else "queued"
    job.last_error, job.lease_until, job.updated = error[:4000], None, now
    if final:
        job.finished_at = now
    db.session.commit()
    return final


def recover(now: datetime | None = None) -> list[int]:
    """Enqueue again the jobs whose worker died (`running` past the lease) and those queued
    for longer than a lease without a worker taking them (a message lost with its queue)."""
    now = now or now_utc()
    stale = now - lease()
    ids = list(db.session.execute(
        select(TaskJob.id).where(
            TaskJob.kind != "issue_run",
            or_(and_(TaskJob.state == "running", TaskJob.lease_until < now),
                and_(TaskJob.state == "queued", TaskJob.updated < stale)))
        .order_by(TaskJob.id).limit(500)
    ).scalars())
    if ids:
        db.session.execute(update(TaskJob).where(TaskJob.id.in_(ids), TaskJob.state == "queued")
                           .values(updated=now).execution_options(synchronize_session=False))
        db.session.commit()
        log.warning("re-enqueueing %s jobs whose worker died or whose message was lost: %s", len(ids), ids)
        enqueue(ids)
    return ids


def retry_by_hand(job: TaskJob) -> list[int]:
    """Start a failed job again (for a run: its failed chunks) with a fresh set of attempts."""
    targets = children(job) if job.kind == "issue_run" else [job]
    ids = [child.id for child in targets if child.state == "failed"]
    now = now_utc()
    for child in targets:
        if child.state == "failed":
            child.state, child.attempts, child.finished_at, child.updated = "queued", 0, None, now
    db.session.commit()
    enqueue(ids)
    return ids


def children(job: TaskJob) -> list[TaskJob]:
    """A run's chunk jobs, in issue order."""
    return list(db.session.execute(select(TaskJob).where(TaskJob.parent_id == job.id).order_by(TaskJob.id)).scalars())


@dataclass
class Progress:
    """Where a job stands, for the progress bar and the JSON answer."""

    state: str
    total: int
    done: int
    attempts: int
    last_error: str

    @property
    def percent(self) -> int:
        """Whole percent done (100 only when every part is done)."""
        if self.state == "done":
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0

    @property
    def final(self) -> bool:
        return self.state in ("done", "failed")


def progress(job: TaskJob) -> Progress:
    """A job's progress; a run's is its chunks' (failed if one failed, done when all are)."""
    if job.kind != "issue_run":
        return Progress(job.state, job.total, job.done, job.attempts, job.last_error)
    parts = children(job)
    states = {part.state for part in parts}
    if "failed" in states:
        state = "failed"
    elif states <= {"done"}:
        state = "done"
    elif states & {"running", "done"}:
        state = "running"
    else:
        state = "queued"
    errors = [part.last_error for part in parts if part.last_error]
    return Progress(state, job.total, sum(part.done for part in parts), max((p.attempts for p in parts), default=0),
                    errors[-1] if errors else "")
