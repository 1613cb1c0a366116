"""Background jobs: the ledger of work handed to the task queue (portal/tasks/).

The queue (Huey) delivers a message at most once and forgets it once a worker has taken it, so
the truth about a job lives here: who it is for (company, user), what it is, how far it got,
how many attempts it had and the last error. A worker claims a row before doing the work and
holds it for a lease; a row still `running` after its lease is a job whose worker died, and the
clock re-enqueues it (`portal.tasks.ledger.recover`).
"""
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.timeutil import now_utc

JOB_STATES = ("queued", "running", "done", "failed")


class TaskJob(db.Model):
    """One unit of background work and its progress.

    `kind` names the handler (`issue_chunk`, `issue_run`, `rates`, `news`); `params` are its
    plain JSON arguments. An issue run (bulk issue from a list, `issue-batch`) is a parent row
    whose children are its chunks; the parent's progress is the sum of its children's.
    `dedupe_key`, when set, is unique: the clock's period key (`rates:2026-12-02T13:00`), so
    two schedulers firing the same period make one job.
    """

    __tablename__ = "task_jobs"
    __table_args__ = (
        CheckConstraint("state IN ('queued', 'running', 'done', 'failed')", name="task_state_known"),
        Index("ix_task_jobs_company_state", "company_id", "state"),
        Index("ix_task_jobs_state_lease", "state", "lease_until"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("task_jobs.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=4)
    total: Mapped[int] = mapped_column(Integer, default=1)
    done: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    worker: Mapped[str] = mapped_column(String(120), default="")
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
