"""Benchmark of the chores' scheduler pass: 10,000 recurring schedules and 50,000 open invoices.

Usage:  .venv/bin/python bench/chores.py [--schedules 10000] [--invoices 50000] [--companies 200] [--due 0.05]
The database is a fresh SQLite file under /tmp/chores-bench/ (or DATABASE_URL: it is emptied and
rebuilt); the queue is a SQLite file of its own with no worker, so what the pass enqueues is counted
and nothing runs. Data is bulk-inserted. Target: each pass (recurring, reminders) decides what is
due in ≤ 2 s and enqueues only what is due; a second pass enqueues nothing.
"""
import argparse
import os
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKDIR = Path("/tmp/chores-bench")
WORKDIR.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR}/bench.db")
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, insert, select, text  # noqa: E402

from portal import create_app  # noqa: E402
from portal.chores import reminders, runs  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import Company, IssuedDocument, LedgerInvoice, RecurringSchedule, ReminderRule, TaskJob  # noqa: E402
from portal.models.chores import InvoiceReminder, ScheduleRun  # noqa: E402
from portal.tasks import ledger  # noqa: E402
from portal.tasks.queue import huey  # noqa: E402
from portal.timeutil import now_utc, today_almaty  # noqa: E402


def fresh(app) -> None:
    url = os.environ["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    else:
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
    upgrade(revision="heads")


def seed(n_companies: int, n_schedules: int, n_invoices: int, due_share: float) -> None:
    now, today = now_utc(), today_almaty()
    db.session.execute(insert(Company.__table__), [
        {"public_id": f"c{i:07x}", "company_name": f'ТОО "БЕНЧ {i}"', "bin": f"{i:012d}"} for i in range(n_companies)])
    ids = db.session.execute(select(Company.id).order_by(Company.id)).scalars().all()
    due_every = max(int(1 / due_share), 1) if due_share else 0
    schedules = []
    for i in range(n_schedules):
        is_due = due_every and i % due_every == 0
        start = today - timedelta(days=40)
        schedules.append({
            "public_id": f"s{i:07x}", "company_id": ids[i % len(ids)], "doc_type": "ip", "source_public_id": "00000000",
            "name": f"Аренда {i}", "every_months": 1, "day": start.day, "last_day": False, "start_date": start,
            "end_date": None, "action": "draft", "form": "pr", "email_recipients": [], "base_url": "", "paused": False,
            "next_run": today - timedelta(days=i % 3) if is_due else today + timedelta(days=1 + i % 27),
            "version": 1, "created": now, "updated": now})
    db.session.execute(insert(RecurringSchedule.__table__), schedules)
    db.session.execute(insert(ReminderRule.__table__), [
        {"public_id": f"r{c:05x}{k}", "company_id": company_id, "days": days, "subject": "Счёт {номер}",
         "text": "Оплатите {остаток}", "active": True, "created": now}
        for c, company_id in enumerate(ids) for k, days in enumerate((-3, 1, 7, 14))])
    docs, ledger_rows = [], []
    for i in range(n_invoices):
        company_id, buyer_id = ids[i % len(ids)], ids[(i + 1) % len(ids)]
        due = today + timedelta(days=(i % 60) - 30)  # due dates spread over two months around today
        docs.append({"id": i + 1, "doc_id": f"8{i:012d}", "public_id": f"d{i:07x}", "type": "ip", "form": "pr",
                     "content_id": f"{i:08x}", "year": 2026, "seq": i + 1, "number": f"2026-{i:06d}",
                     "title": "Счёт на оплату", "doc_date": due - timedelta(days=10), "total_sum": Decimal("1000.00"),
                     "nds_percent": Decimal("0"), "nds_sum": Decimal("0"), "company_sender_id": company_id,
                     "company_recipient_id": buyer_id, "sender_name": "S", "sender_bin": "000000000000",
                     "recipient_name": "R", "recipient_bin": "000000000001", "email_recipients": [],
                     "verify_url": "https://portal/verify/", "sha256": "0" * 64, "size": 1, "created": now})
        ledger_rows.append({"document_id": i + 1, "company_id": company_id, "counterparty_id": buyer_id,
                            "counterparty_bin": "000000000001", "counterparty_name": "R", "number": f"2026-{i:06d}",
                            "amount": Decimal("1000.00"), "paid": Decimal("0.00"), "doc_date": due - timedelta(days=10),
                            "due_date": due, "annul_reason": "", "created": now})
    for start in range(0, n_invoices, 5000):
        db.session.execute(insert(IssuedDocument.__table__), docs[start:start + 5000])
        db.session.execute(insert(LedgerInvoice.__table__), ledger_rows[start:start + 5000])
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
    db.session.commit()


def count(model, *where) -> int:
    return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schedules", type=int, default=10_000)
    parser.add_argument("--invoices", type=int, default=50_000)
    parser.add_argument("--companies", type=int, default=200)
    parser.add_argument("--due", type=float, default=0.05, help="share of schedules due now")
    args = parser.parse_args()
    app = create_app({"TASKS_IMMEDIATE": False, "TASKS_URL": f"sqlite:///{WORKDIR}/queue.db",
                      "TASKS_QUEUE": "chores-bench", "SECRET_KEY": "bench"})
    with app.app_context():
        fresh(app)
        huey.storage.flush_all()
        started = time.perf_counter()
        seed(args.companies, args.schedules, args.invoices, args.due)
        print(f"seed: {args.schedules} schedules, {args.invoices} open invoices, {args.companies} companies "
              f"in {time.perf_counter() - started:.1f} s ({db.engine.dialect.name})")
        for label in ("first", "second"):
            started = time.perf_counter()
            job_ids = runs.decide_due()
            decided = time.perf_counter() - started
            ledger.enqueue(job_ids)
            took = time.perf_counter() - started
            print(f"recurring pass ({label}): decided in {decided:.3f} s, with enqueueing {took:.3f} s; "
                  f"{len(job_ids)} schedules enqueued, {count(ScheduleRun)} runs written, "
                  f"queue holds {huey.pending_count()}")
        expected = len({i for i in range(args.schedules) if args.due and i % max(int(1 / args.due), 1) == 0})
        print(f"  schedules due by construction: {expected}")
        for label in ("first", "second"):
            started = time.perf_counter()
            written = reminders.write_due()
            took_decide = time.perf_counter() - started
            print(f"reminders pass ({label}): decided and wrote {written} reminders in {took_decide:.3f} s; "
                  f"total {count(InvoiceReminder)}")
        started = time.perf_counter()
        job = reminders.plan_reminders()
        print(f"reminders pass (third, nothing new): {time.perf_counter() - started:.3f} s, job {job}")
        print(f"jobs in the ledger: {count(TaskJob)}; queue messages: {huey.pending_count()}")


if __name__ == "__main__":
    main()
