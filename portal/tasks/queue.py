"""The task queue: one Huey instance whose storage comes from the app's configuration.

Huey was chosen (see README, «Фоновые задачи») because its SQLite storage needs no server, so
`scripts/run.sh` works on a fresh machine, and its Redis storage lets workers on several
machines share the work. Huey takes a message off the queue before running it and never
acknowledges it, so a worker killed with `kill -9` loses the message: every task here is
therefore idempotent and backed by a row in the database (`portal.tasks.ledger`), which the
clock re-enqueues when its lease runs out.

Settings: `TASKS_URL` (`redis://host:port/db`, or `sqlite:///path`; default
`instance/tasks.db`), `TASKS_QUEUE` (the queue's name, also the Redis key prefix),
`TASKS_IMMEDIATE` (run each task inside `enqueue`, for unit tests only).
"""
import logging
import os

from flask import Flask
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

log = logging.getLogger(__name__)

# Tasks register on this instance at import; `configure` gives it the app's storage.
huey = Huey("portal", storage_class=MemoryStorage, results=False, utc=True)


def storage_for(app: Flask):
    """The storage `TASKS_URL` names: Redis, or an SQLite file (the embedded default)."""
    name = app.config.get("TASKS_QUEUE") or "portal"
    url = app.config.get("TASKS_URL") or ""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage(name, url=url, blocking=True, read_timeout=1)
    path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else os.path.join(app.instance_path, "tasks.db")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    return SqliteStorage(name, filename=path, timeout=10)


def describe(app: Flask) -> str:
    """Where the queue lives, for the worker's first log line and the bench."""
    if app.config.get("TASKS_IMMEDIATE"):
        return "immediate (in-process)"
    storage = huey.storage
    if isinstance(storage, RedisStorage):
        return f"redis {storage.queue_key}"
    return f"sqlite {getattr(storage, 'filename', '?')}"


def configure(app: Flask) -> None:
    """Point the queue at this app's storage (called by `create_app`)."""
    from portal.tasks import jobs  # noqa: F401  (registers the tasks)

    immediate = bool(app.config.get("TASKS_IMMEDIATE"))
    huey.immediate = immediate
    if not immediate:
        huey.storage = storage_for(app)
        huey.name = huey.storage.name
    jobs.bind(app)
