"""Runs of recurring schedules: the scheduler's pass decides what is due, a worker makes it.

`plan_due` (the `recurring` job of the clock) reads only the active schedules whose `next_run`
has come (one indexed range), writes a run row for every period from there up to today (a
portal that was down for three days makes the three missed periods, in order) with one bulk
INSERT that skips rows already there, moves `next_run` on with a compare-and-set, and writes one
job per schedule. The unique (schedule_id, period_start) is the promise: whatever runs twice,
a period is written once.

`execute_schedule` (the worker) makes a schedule's pending runs in period order, so catch-up
numbers come out consecutive. Each run is claimed with a lease first; its draft is created and
linked to the run in one commit; issuing is portal.documents.issue.issue, which answers the
earlier record instead of issuing again when a killed worker's run is taken up again (the same
draft, the same print), so a period never gets a second number or a second e-mail.
"""
import logging
from datetime import date, datetime, timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import and_, bindparam, case, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from portal.chores import periods
from portal.chores.schedules import current_version
from portal.documents.issue import issue
from portal.documents.issue_request import IssueRequest
from portal.documents.mail import enqueue_pending
from portal.documents.once import is_repeat
from portal.errors import ApiError, ValidationFailed
from portal.extensions import db
from portal.models import Product, ProductCount, Staff, Work, WorkCount
from portal.models.accounts import ROLE_DIRECTOR
from portal.models.chores import RecurringSchedule, ScheduleRun
from portal.models.tasks import TaskJob
from portal.smart_docs.documents import create_document
from portal.smart_docs.totals import line_sum
from portal.smart_docs.types import DOC_TYPES
from portal.tasks import ledger
from portal.timeutil import now_utc, today_almaty

log = logging.getLogger(__name__)
JOB_KIND = "recurring_run"


def insert_ignoring_duplicates(table):
    """INSERT … ON CONFLICT DO NOTHING on either database (the unique key decides)."""
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(table).on_conflict_do_nothing()


def plan_due(today: date | None = None, now: datetime | None = None) -> list[int]:
    """Write the due periods' runs and one job per schedule that has some, and enqueue the jobs."""
    ids = decide_due(today, now)
    ledger.enqueue(ids)
    return ids


def decide_due(today: date | None = None, now: datetime | None = None) -> list[int]:
    """The pass's decision, committed: run rows of the due periods and their jobs' ids (not yet enqueued)."""
    today = today or today_almaty()
    now = now or now_utc()
    due = db.session.execute(
        select(RecurringSchedule.id, RecurringSchedule.company_id, RecurringSchedule.start_date,
               RecurringSchedule.every_months, RecurringSchedule.day, RecurringSchedule.last_day,
               RecurringSchedule.end_date, RecurringSchedule.next_run, RecurringSchedule.version)
        .where(RecurringSchedule.paused.is_(False), RecurringSchedule.next_run <= today)
    ).all()
    if not due:
        return []
    runs, moves, jobs = [], [], []
    for row in due:
        dates = [row.next_run] + periods.runs_between(row.start_date, row.every_months, row.day, row.last_day,
                                                      row.next_run, today, row.end_date)
        runs += [{"schedule_id": row.id, "company_id": row.company_id, "period_start": day, "version": row.version,
                  "state": "pending", "attempts": 0, "last_error": "", "created": now} for day in dates]
        following = periods.next_after(row.start_date, row.every_months, row.day, row.last_day, dates[-1],
                                       row.end_date)
        moves.append({"sid": row.id, "old": row.next_run, "new": following})
        jobs.append({"kind": JOB_KIND, "params": {"schedule_id": row.id}, "company_id": row.company_id,
                     "title": "Повторяющийся документ", "total": len(dates), "done": 0, "state": "queued",
                     "attempts": 0, "last_error": "", "worker": "",
                     "max_attempts": int(current_app.config["TASKS_RETRIES"]) + 1,
                     "dedupe_key": f"rec:{row.id}:{dates[-1].isoformat()}", "created": now, "updated": now})
    db.session.execute(insert_ignoring_duplicates(ScheduleRun.__table__), runs)
    table = RecurringSchedule.__table__
    db.session.execute(
        update(table).where(table.c.id == bindparam("sid"), table.c.next_run == bindparam("old"))
        .values(next_run=bindparam("new")), moves)
    db.session.execute(insert_ignoring_duplicates(TaskJob.__table__), jobs)
    keys = [job["dedupe_key"] for job in jobs]
    ids = []
    for start in range(0, len(keys), 500):
        ids += db.session.execute(select(TaskJob.id).where(TaskJob.dedupe_key.in_(keys[start:start + 500]),
                                                           TaskJob.state == "queued")).scalars().all()
    db.session.commit()
    return sorted(ids)


def _claim(run_id: int, now: datetime, job: TaskJob | None = None) -> bool:
    """Take a run (or one whose worker's lease ran out); committed before any work.

    The run's lease ends with its job's: the clock re-enqueues a job once the job's lease is over,
    and a run leased from a later moment would then still look held by the dead worker, so the
    new delivery would stop there and leave the later periods for the next pass.
    """
    until = now + ledger.lease()
    if job is not None:
        # In SQL: the job's lease end as stored, unless it is already over (a catch-up longer than a lease).
        job_until = select(TaskJob.lease_until).where(TaskJob.id == job.id).scalar_subquery()
        until = case((job_until > now, job_until), else_=until)
    result = db.session.execute(
        update(ScheduleRun)
        .where(ScheduleRun.id == run_id,
               or_(ScheduleRun.state == "pending", and_(ScheduleRun.state == "running", ScheduleRun.lease_until < now)))
        .values(state="running", attempts=ScheduleRun.attempts + 1, lease_until=until)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1


def _staff(schedule: RecurringSchedule) -> Staff:
    """Who the documents are made as: the schedule's author, else a director of the company."""
    staff = db.session.get(Staff, schedule.staff_id) if schedule.staff_id else None
    if staff is None or staff.company_id != schedule.company_id:
        staff = db.session.execute(select(Staff).where(Staff.company_id == schedule.company_id,
                                                       Staff.role == ROLE_DIRECTOR).order_by(Staff.id)).scalars().first()
    if staff is None:
        raise RuntimeError("в компании нет директора, от имени которого создать документ")
    return staff


def _item(model, staff: Staff, item_id: int, name: str):
    """The catalogue item of a line; a name with the period in it is a catalogue item of its own
    (the printed name is the catalogue's), found again by name the next time."""
    item = db.session.get(model, item_id)
    if item is None or item.company_id != staff.company_id:
        raise RuntimeError("позиция каталога из шаблона удалена")
    if item.name == name:
        return item
    same = db.session.execute(select(model).where(model.company_id == staff.company_id, model.name == name,
                                                  model.measure == item.measure)).scalars().first()
    if same is not None:
        return same
    copy = model(company_id=staff.company_id, staff_id=staff.id, name=name[:300], description=item.description,
                 measure=item.measure, measure_code=item.measure_code, code=item.code, price=item.price)
    if model is Product:
        copy.manufacturer = item.manufacturer
    db.session.add(copy)
    db.session.flush()
    return copy


def make_draft(schedule: RecurringSchedule, content: dict, run_date: date):
    """A new draft from a version's content, dated `run_date`, with the period in its texts."""
    staff = _staff(schedule)
    kind = DOC_TYPES[content["doc_type"]]
    every = schedule.every_months
    lines = []
    for spec in content["lines"]:
        count, price = Decimal(spec["count"]), Decimal(spec["price"])
        name = periods.fill(spec["name"], run_date, every)
        if content["line_kind"] == "work":
            offset = spec.get("completion_offset")
            line = WorkCount(company_id=staff.company_id, staff_id=staff.id, work=_item(Work, staff, spec["item_id"], name),
                             count=count, price=price, total_sum=line_sum(price, count),
                             another_info=periods.fill(spec.get("another_info", ""), run_date, every),
                             date_of_completion=run_date + timedelta(days=offset) if offset is not None else None)
        else:
            line = ProductCount(company_id=staff.company_id, staff_id=staff.id,
                                product=_item(Product, staff, spec["item_id"], name), count=count, price=price,
                                total_sum=line_sum(price, count))
        db.session.add(line)
        lines.append(line)
    db.session.flush()
    data = {key: periods.fill(value, run_date, every) if isinstance(value, str) else value
            for key, value in content["data"].items()}
    data["date"] = run_date.isoformat()
    if content.get("expire_offset") is not None:
        data["date_of_expire"] = (run_date + timedelta(days=content["expire_offset"])).isoformat()
    data[kind.lines_key] = [line.public_id for line in lines]
    try:
        return staff, create_document(staff, kind, data, commit=False)
    except ValidationFailed as exc:
        if set(exc.errors) != {"nds_percent"}:
            raise
        # The template's VAT rate is not in force on the run date (a catch-up across a change of
        # the rate): the rate in force then applies, as it would for a document typed that day.
        data.pop("nds_percent", None)
        return staff, create_document(staff, kind, data, commit=False)


def execute_run(schedule: RecurringSchedule, run: ScheduleRun) -> None:
    """Make one claimed run: the draft (committed with the run's link to it), then the issue."""
    from portal.smart_docs.documents import get_document

    content = current_version(schedule.id, run.version or schedule.version).content
    if run.draft_public_id is None:
        staff, draft = make_draft(schedule, content, run.period_start)
        run.draft_public_id = draft.public_id
        db.session.commit()
    else:
        staff = _staff(schedule)
        draft = get_document(schedule.company_id, content["doc_type"], run.draft_public_id)
        if draft is None:
            raise RuntimeError("черновик этого периода удалён")
    if schedule.action == "issue":
        base_url = current_app.config.get("PUBLIC_URL") or schedule.base_url or "http://localhost/"
        record = issue(staff, IssueRequest(content["doc_type"], schedule.form, draft, draft.counterparty,
                                           list(schedule.email_recipients or [])), base_url)
        run.issued_document_id = record.id
        if not is_repeat(record):
            enqueue_pending(record)
    run.state, run.finished_at, run.lease_until, run.last_error = "done", now_utc(), None, ""
    db.session.commit()


def execute_schedule(schedule_id: int, job: TaskJob | None = None) -> int:
    """Make the schedule's pending runs oldest first; stops at one another worker holds. Returns how many."""
    schedule = db.session.get(RecurringSchedule, schedule_id)
    if schedule is None:
        return 0
    made = 0
    pending = db.session.execute(
        select(ScheduleRun.id).where(ScheduleRun.schedule_id == schedule_id,
                                     ScheduleRun.state.in_(("pending", "running")))
        .order_by(ScheduleRun.period_start)).scalars().all()
    for run_id in pending:
        if not _claim(run_id, now_utc(), job):
            break  # another worker has this one; it continues with the later periods
        run = db.session.get(ScheduleRun, run_id, populate_existing=True)
        try:
            execute_run(schedule, run)
        except Exception as exc:
            db.session.rollback()
            run = db.session.get(ScheduleRun, run_id, populate_existing=True)
            run.last_error = f"{type(exc).__name__}: {exc}"[:4000]
            run.state = "failed" if run.attempts >= int(current_app.config["TASKS_RETRIES"]) + 1 else "pending"
            run.lease_until = None
            db.session.commit()
            raise
        made += 1
        if job is not None:
            job.done = made
    return made


def find_run(schedule: RecurringSchedule, period_start: date) -> ScheduleRun:
    """The schedule's run of this period (the schedule is already the caller's company's), or a 404."""
    run = db.session.execute(select(ScheduleRun).where(ScheduleRun.schedule_id == schedule.id,
                                                       ScheduleRun.period_start == period_start)).scalar_one_or_none()
    if run is None:
        raise ApiError(404, "Запуска за этот период нет.")
    return run


def retry_run(staff: Staff, run: ScheduleRun) -> ScheduleRun:
    """A failed run made again by hand (director): pending with fresh attempts, and a job for it.

    Only a failed run: a pending or running one is on its way already, a done one made its
    document. The compare-and-set on `failed` lets one of two clicks through; the run's unique
    period and the issue's repeat check keep it to one document either way."""
    if not staff.is_director:
        raise ApiError(403, "Повторять запуски может только директор компании.")
    result = db.session.execute(
        update(ScheduleRun).where(ScheduleRun.id == run.id, ScheduleRun.state == "failed")
        .values(state="pending", attempts=0, last_error="", lease_until=None)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        raise ApiError(409, "Повторить можно только запуск с ошибкой.")
    job = ledger.new_job(JOB_KIND, {"schedule_id": run.schedule_id}, company_id=run.company_id,
                         title="Повторяющийся документ (повтор)")
    db.session.commit()
    ledger.enqueue([job.id])
    return db.session.get(ScheduleRun, run.id, populate_existing=True)
