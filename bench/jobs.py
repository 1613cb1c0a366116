"""Benchmark of the task queue: enqueue-to-start latency, 1,000 invoices through the queue against
`issue-batch`'s own pool, the spread over a third worker, and page speed with mail hanging.

Usage:  .venv/bin/python bench/jobs.py [--count 1000] [--samples 40] [--skip-redis] [--skip-web]
The database is a fresh SQLite file under /tmp/queue-bench/ (or DATABASE_URL: it is emptied);
Redis is 127.0.0.1:6379 db 5 (BENCH_REDIS_URL) under a key prefix of its own. Workers are real
`flask worker` processes; the web part serves the portal with gunicorn on 127.0.0.1.
Targets: enqueue→start p95 ≤ 1 s; queue with 2 workers ≤ 1.1 × issue-batch; GET /clients/clients/
p95 with 4 hung deliveries within 10% of the same load without.
"""
import argparse
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKDIR = Path("/tmp/queue-bench")
WORKDIR.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR}/bench.db")
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pdf as pdf_bench  # noqa: E402  (bench/pdf.py: the same fresh database and seed)
from sqlalchemy import select  # noqa: E402

from portal.extensions import db  # noqa: E402
from portal.models import Staff  # noqa: E402
from portal.models.tasks import TaskJob  # noqa: E402
from portal.tasks import ledger  # noqa: E402
from portal.tasks.issuing import start_run  # noqa: E402
from portal.tasks.queue import configure, huey  # noqa: E402
from portal.timeutil import to_almaty  # noqa: E402

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
BASE_URL = "https://portal.example.kz/"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class Worker:
    """A `flask worker` process on the bench's database and queue."""

    def __init__(self, env: dict, threads: int = 1):
        self.log: list[str] = []
        self.process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--workers",
                                         str(threads)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=lambda: [self.log.append(line) for line in self.process.stdout], daemon=True).start()
        deadline = time.monotonic() + 600  # a loaded machine imports slowly
        while not any("Huey consumer started" in line for line in self.log):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("worker did not start:\n" + "".join(self.log))
            time.sleep(0.05)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def queue_env(settings: dict) -> dict:
    """The environment that gives a worker (or gunicorn) the bench app's settings."""
    env = {**os.environ, "SECRET_KEY": "bench", "TASKS_URL": settings["TASKS_URL"], "PYTHONUNBUFFERED": "1"}
    for key, value in settings.items():
        if key != "TASKS_URL":
            env[f"PORTAL_{key}"] = json.dumps(value)
    return env


def use_queue(app, settings: dict) -> None:
    """Point the bench's own app (the one enqueueing) at a queue."""
    app.config.update(settings)
    configure(app)


def queue_settings(kind: str) -> dict:
    name = f"portal-bench-{uuid.uuid4().hex[:8]}"
    url = REDIS_URL if kind == "redis" else f"sqlite:///{WORKDIR}/{name}.db"
    return {"TASKS_URL": url, "TASKS_QUEUE": name, "TASKS_IMMEDIATE": False, "PUBLIC_URL": BASE_URL}


def latency(app, samples: int) -> list[float]:
    """Seconds from enqueue to the worker's claim of a cheap job, with the worker idle in between."""
    results = []
    with app.app_context():
        for _ in range(samples):
            time.sleep(random.uniform(0.3, 0.8))  # idle: the worker is waiting on an empty queue
            job = ledger.new_job("mail_retry", {}, title="bench")
            db.session.commit()
            enqueued = time.time()
            ledger.enqueue([job.id])
            while True:
                db.session.expire_all()
                started = db.session.get(TaskJob, job.id).started_at
                if started is not None:
                    break
                time.sleep(0.005)
            results.append(to_almaty(started).timestamp() - enqueued)
    return results


def wait_run(app, run_id: int) -> None:
    with app.app_context():
        while True:
            db.session.expire_all()
            state = ledger.progress(db.session.get(TaskJob, run_id))
            if state.final:
                if state.state != "done":
                    raise SystemExit(f"run {run_id} failed: {state.last_error}")
                return
            time.sleep(0.1)


def through_queue(app, source_id: str, count: int) -> tuple[float, Counter]:
    """Seconds for `count` invoices as one run on the queue, and chunk jobs per worker process."""
    with app.app_context():
        staff = db.session.query(Staff).one()
        start = time.perf_counter()
        run = start_run(staff, "ip", "pu", [source_id] * count, BASE_URL, "bench")
        run_id = run.id
    wait_run(app, run_id)
    elapsed = time.perf_counter() - start
    with app.app_context():
        workers = db.session.execute(select(TaskJob.worker).where(TaskJob.parent_id == run_id)).scalars()
        spread = Counter(":".join(name.split(":")[:2]) for name in workers)
    return elapsed, spread


def batch_here(app, config: dict, source_id: str, count: int) -> float:
    """Seconds for `count` invoices through `issue-batch --here` (today's process pool of 2)."""
    from portal.documents.batch import issue_batch

    with app.app_context():
        staff_id = db.session.query(Staff).one().id
        start = time.perf_counter()
        result = issue_batch(staff_id, "ip", "pu", [source_id] * count, BASE_URL, config, workers=2)
        assert result.error is None, result.error
        return time.perf_counter() - start


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def hung_server() -> tuple[int, list]:
    """A mail server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(32)
    held: list = []
    threading.Thread(target=lambda: [held.append(listener.accept()[0]) for _ in iter(int, 1)], daemon=True).start()
    return listener.getsockname()[1], held


def http(method: str, url: str, headers: dict, body: dict | None = None) -> tuple[int, float]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={**headers, "Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
        return response.status, time.perf_counter() - start


def load(url: str, headers: dict, requests: int, concurrency: int) -> list[float]:
    """`requests` GETs with `concurrency` clients; each one's seconds."""
    with ThreadPoolExecutor(concurrency) as pool:
        return [seconds for _, seconds in pool.map(lambda _: http("GET", url, headers), range(requests))]


def web_with_hung_mail(app, settings: dict, headers: dict, source_id: str, requests: int, rounds: int = 4) -> dict:
    """p95 of GET /clients/clients/ under load, without and with 4 deliveries hanging.

    The two conditions alternate over `rounds` rounds and differ only in the hanging mail: each
    quiet measurement follows 4 issues without e-mail, each hung one 4 issues whose e-mails the
    silent server holds; the held connections are then dropped (those deliveries fail and wait
    for their retry), so drift of the machine over the run weighs on both sides alike.
    """
    port, held = hung_server()
    settings = {**settings, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": False, "MAIL_TIMEOUT": 120,
                "RATELIMIT_ENABLED": False}
    env = queue_env(settings)
    web_port = free_port()
    gunicorn = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "--bind", f"127.0.0.1:{web_port}", "--workers", "2",
                                 "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = Worker(env, threads=6)
    base = f"http://127.0.0.1:{web_port}"
    quiet: list[float] = []
    hung: list[float] = []
    took: list[float] = []
    in_flight: list[int] = []

    def issue_four(emails: str) -> list[float]:
        body = {"type": "ip", "content_id": source_id, "reissue": True}
        if emails:
            body["email_recipients"] = emails
        return [http("POST", base + "/smart_doc/documents/", headers, body)[1] for _ in range(4)]

    try:
        for _ in range(600):
            try:
                http("GET", base + "/clients/clients/", headers)
                break
            except OSError:
                time.sleep(0.1)
        url = base + "/clients/clients/"
        load(url, headers, 40, 4)  # warm both gunicorn workers
        per_round = max(1, requests // rounds)
        for _ in range(rounds):
            issue_four("")
            time.sleep(1)
            quiet += load(url, headers, per_round, 4)
            before = len(held)
            took += issue_four("buh@buyer.kz")
            deadline = time.monotonic() + 60
            while len(held) < before + 4 and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(1)
            in_flight.append(len(held) - before)
            hung += load(url, headers, per_round, 4)
            if os.environ.get("BENCH_VERBOSE"):
                print(f"round: quiet p50 {statistics.median(quiet[-per_round:]) * 1000:.1f} ms, "
                      f"hung p50 {statistics.median(hung[-per_round:]) * 1000:.1f} ms, held {len(held) - before}")
            for connection in held[before:]:
                connection.close()
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        worker.process.kill()
        gunicorn.wait(30)
    return {"quiet": quiet, "hung": hung, "issue": took, "in_flight": min(in_flight), "rounds": rounds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--skip-redis", action="store_true")
    parser.add_argument("--skip-web", action="store_true")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds of the page-speed part")
    parser.add_argument("--only-web", action="store_true", help="only the page-speed part with mail hanging")
    args = parser.parse_args()
    app, config = pdf_bench.make_app()
    ids, headers = pdf_bench.seed(app)
    source = ids["small"]
    kinds = ["embedded"] + ([] if args.skip_redis else ["redis"])
    print(f"database: {os.environ['DATABASE_URL'].split('@')[-1]}; cores: {os.cpu_count()}; "
          f"load average: {os.getloadavg()[0]:.1f}")

    if args.only_web:
        kinds = []
    print(f"\n{'enqueue → start (idle worker)':<34}{'n':>5}{'p50 s':>9}{'p95 s':>9}{'target p95':>12}")
    for kind in kinds:
        settings = queue_settings(kind)
        use_queue(app, settings)
        worker = Worker(queue_env(settings))
        samples = latency(app, args.samples)
        worker.stop()
        huey.storage.flush_all()
        print(f"{kind:<34}{len(samples):>5}{statistics.median(samples):>9.3f}{percentile(samples, 0.95):>9.3f}"
              f"{'≤ 1.000':>12}")

    here = None if args.only_web else batch_here(app, config, source, args.count)
    if here is not None:
        print(f"\n{args.count} invoices (10 lines each), one run")
        print(f"{'issue-batch --here (pool of 2)':<40}{here:>8.1f} s")
    for kind, count in [(kind, 2) for kind in kinds] + ([] if args.skip_redis or args.only_web else [("redis", 3)]):
        settings = queue_settings(kind)
        use_queue(app, settings)
        workers = [Worker(queue_env(settings)) for _ in range(count)]
        elapsed, spread = through_queue(app, source, args.count)
        for worker in workers:
            worker.stop()
        huey.storage.flush_all()
        per_worker = ", ".join(str(n) for _, n in sorted(spread.items()))
        print(f"{f'queue, {kind}, {count} workers':<40}{elapsed:>8.1f} s  {elapsed / here:.2f}× issue-batch"
              f"{'' if count != 2 else ' (target ≤ 1.10×)'}; chunk jobs per worker: {per_worker}")

    if not args.skip_web:
        kind = "embedded" if args.skip_redis else "redis"
        settings = queue_settings(kind)
        use_queue(app, settings)
        result = web_with_hung_mail(app, settings, headers, source, args.requests, args.rounds)
        quiet, hung = percentile(result["quiet"], 0.95), percentile(result["hung"], 0.95)
        print(f"\nGET /clients/clients/, {args.requests} requests each way in {result['rounds']} alternating rounds, "
              f"4 concurrent, gunicorn 2 workers, queue {kind}")
        print(f"{'without hung mail':<34}p50 {statistics.median(result['quiet']) * 1000:7.1f} ms  p95 {quiet * 1000:7.1f} ms")
        print(f"{'with ' + str(result['in_flight']) + '+ deliveries hanging':<34}p50 "
              f"{statistics.median(result['hung']) * 1000:7.1f} ms  p95 {hung * 1000:7.1f} ms  ({hung / quiet:.2f}×, target ≤ 1.10×)")
        print(f"{'the 4 issues with e-mail':<34}max {max(result['issue']) * 1000:7.1f} ms (mail server silent)")
        huey.storage.flush_all()


if __name__ == "__main__":
    main()
