"""`flask --app wsgi worker`: the task queue's consumer (start as many as the work needs).

Each worker process runs Huey's consumer on the app's queue (TASKS_URL): with Redis, workers
on any number of machines share one queue; with the embedded SQLite file, workers on this
machine do. `--workers` threads (or processes with `--worker-type process`, for PDF rendering
on every core) take tasks in parallel. Stop it with SIGINT (finishes the tasks in hand) or
SIGTERM; whatever `kill -9` interrupts is run again by the scheduler's recovery.
"""

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.extensions import db
from portal.logsetup import configure_process_logging
from portal.tasks.queue import describe, huey


@huey.on_startup()
def _fresh_connections() -> None:
    """A forked worker process must not share its parent's database connections."""
    from portal.tasks.jobs import _app

    if _app is not None:
        with _app.app_context():
            db.engine.dispose(close=False)


def build_consumer(workers: int = 1, worker_type: str = "thread", poll: float | None = None):
    """The consumer: no periodic tasks of Huey's own (APScheduler is the clock), a short poll
    so that an idle worker on the SQLite storage starts a new task within `poll` seconds."""
    poll = float(poll or current_app.config["TASKS_POLL_SECONDS"])
    return huey.create_consumer(workers=workers, worker_type=worker_type, periodic=False, initial_delay=poll,
                                max_delay=poll, backoff=1.0, scheduler_interval=1, check_worker_health=True)


@click.command("worker")
@click.option("--workers", type=click.IntRange(min=1, max=64), default=2, show_default=True,
              help="Сколько задач выполнять одновременно.")
@click.option("--worker-type", type=click.Choice(["thread", "process"]), default="thread", show_default=True,
              help="thread — для писем и запросов; process — PDF на всех ядрах.")
@with_appcontext
def worker_command(workers: int, worker_type: str) -> None:
    """Выполнять фоновые задачи портала (письма, выпуск пачек, рыночные данные)."""
    configure_process_logging()
    app = current_app._get_current_object()
    click.echo(f"Очередь задач: {describe(app)}; воркеров: {workers} ({worker_type}).")
    db.session.remove()
    build_consumer(workers, worker_type).run()
