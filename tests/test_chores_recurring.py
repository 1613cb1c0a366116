"""Recurring documents: runs per period exactly once, catch-up in order with consecutive numbers,
two schedulers, template versions, pause and resume, the e-mail of each run (real SMTP)."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.chores import runs as chore_runs
from portal.chores import schedules
from portal.extensions import db
from portal.models import IssuedDocument, ScheduleRun, SmartDocument, TaskJob
from portal.models.chores import RecurringSchedule
from portal.tasks import clock
from portal.timeutil import today_almaty
from tests.chores_support import schedule_body, template_invoice
from tests.mailbox import SMTP_CONFIG, inbox  # noqa: F401  (fixture)
from tests.test_documents_support import buyer, headers, pdf_text, staff_of_user  # noqa: F401  (fixtures)


@pytest.fixture
def source(client, headers, buyer):
    return template_invoice(client, headers, buyer)


def _make(director, source, start, **extra):
    staff = staff_of_user(director)
    schedule = schedules.create_schedule(staff, schedule_body(source, start, **extra), "http://portal.test/")
    db.session.commit()
    return schedule


def _issued(schedule):
    db.session.expire_all()
    return db.session.execute(
        select(IssuedDocument).join(ScheduleRun, ScheduleRun.issued_document_id == IssuedDocument.id)
        .where(ScheduleRun.schedule_id == schedule.id).order_by(ScheduleRun.period_start)).scalars().all()


def test_catch_up_after_three_days_down_makes_each_missed_period_once_in_order(director, source):
    today = today_almaty()
    # Daily chores do not exist; three monthly periods missed stand for «down for a while».
    start = today - timedelta(days=95)
    schedule = _make(director, source, start)
    expected = schedules.periods.runs_between(start, 1, start.day, False, None, today)
    assert len(expected) >= 3
    chore_runs.plan_due(today)
    issued = _issued(schedule)
    assert [record.doc_date for record in issued] == expected
    seqs = [record.seq for record in issued if record.year == issued[0].year]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # consecutive, no gaps
    # A second pass (a second scheduler, a restart) makes nothing more.
    assert chore_runs.plan_due(today) == []
    assert len(_issued(schedule)) == len(expected)
    db.session.refresh(schedule)
    assert schedule.next_run > today


def test_three_days_of_downtime_around_a_run_date(director, source):
    today = today_almaty()
    schedule = _make(director, source, today - timedelta(days=3))
    # The portal was down from three days ago: the period due then is made once now.
    chore_runs.plan_due(today)
    chore_runs.plan_due(today)
    assert [r.doc_date for r in _issued(schedule)] == [today - timedelta(days=3)]


def test_two_schedulers_enqueue_one_job_and_make_one_document(director, source):
    today = today_almaty()
    schedule = _make(director, source, today)
    first = clock.enqueue_periodic("recurring", timedelta(minutes=5))
    second = clock.enqueue_periodic("recurring", timedelta(minutes=5))
    assert first and second is None
    assert db.session.execute(select(func.count()).select_from(TaskJob).where(TaskJob.kind == "recurring_run")).scalar() == 1
    assert len(_issued(schedule)) == 1
    runs = db.session.execute(select(ScheduleRun).where(ScheduleRun.schedule_id == schedule.id)).scalars().all()
    assert [run.state for run in runs] == ["done"]


def test_the_period_goes_into_line_names_contract_and_terms_and_due_keeps_its_offset(director, source):
    today = today_almaty()
    schedule = _make(director, source, today, action="draft")
    chore_runs.plan_due(today)
    run = db.session.execute(select(ScheduleRun).where(ScheduleRun.schedule_id == schedule.id)).scalar_one()
    draft = db.session.execute(select(SmartDocument).where(SmartDocument.public_id == run.draft_public_id)).scalar_one()
    period = schedules.periods.period_words(today, 1)
    assert draft.date == today and draft.date_of_expire == today + timedelta(days=10)
    assert draft.product_lines[0].product.name == f"Аренда офиса {period}"
    assert draft.contract == f"Договор аренды № 7 {period}"
    assert run.issued_document_id is None  # a draft only


def test_a_new_template_version_changes_later_runs_only(client, headers, director, source):
    today = today_almaty()
    schedule = _make(director, source, today - timedelta(days=40))
    chore_runs.plan_due(today - timedelta(days=31))  # the first period, a month ago
    first = _issued(schedule)
    assert len(first) == 1
    first_pdf_hash = first[0].sha256
    # The director edits the template (the contract) and takes it as the new version.
    response = client.patch(f"/smart_doc/invoices_for_payment/{source['id']}/", json={"contract": "Договор № 8"},
                            headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    staff = staff_of_user(director)
    schedules.take_template(staff, db.session.get(RecurringSchedule, schedule.id))
    db.session.commit()
    chore_runs.plan_due(today)
    issued = _issued(schedule)
    assert len(issued) == 2
    assert issued[0].sha256 == first_pdf_hash  # issued documents never change
    assert "Договор № 8" in pdf_text(issued[1].file.pdf)
    assert "Договор № 8" not in pdf_text(issued[0].file.pdf)


def test_pause_skips_and_resume_starts_from_today(director, source):
    today = today_almaty()
    staff = staff_of_user(director)
    schedule = _make(director, source, today - timedelta(days=70))
    schedules.set_paused(staff, schedule, True)
    db.session.commit()
    assert chore_runs.plan_due(today) == []
    schedules.set_paused(staff, schedule, False)
    db.session.commit()
    assert schedule.next_run >= today
    chore_runs.plan_due(today)
    assert all(r.doc_date >= today for r in _issued(schedule))


def test_end_date_stops_runs(director, source):
    today = today_almaty()
    start = today - timedelta(days=95)
    schedule = _make(director, source, start, end_date=(start + timedelta(days=35)).isoformat())
    chore_runs.plan_due(today)
    assert len(_issued(schedule)) == 2
    db.session.refresh(schedule)
    assert schedule.next_run is None


@pytest.mark.parametrize("app_config", [SMTP_CONFIG])
def test_create_and_issue_e_mails_the_pdf_once(director, source, inbox):
    today = today_almaty()
    schedule = _make(director, source, today, email_recipients="buh@client.kz")
    chore_runs.plan_due(today)
    chore_runs.plan_due(today)
    (rcpts, message), = inbox.wait(1)
    assert rcpts == ["buh@client.kz"]
    attachment = next(message.iter_attachments())
    assert pdf_text(attachment.get_content()).count("Аренда офиса за") == 1
    assert len(_issued(schedule)) == 1
    assert len(inbox.messages) == 1


def test_bad_settings_are_400_with_fields(director, source):
    staff = staff_of_user(director)
    with pytest.raises(Exception) as caught:
        schedules.create_schedule(staff, {"doc_type": "wb", "source": source["id"]}, "http://x/")
    assert "doc_type" in caught.value.errors
    with pytest.raises(Exception) as caught:
        schedules.create_schedule(staff, schedule_body(source, today_almaty(), day="32", every_months="0",
                                                       end_date="2000-01-01", action="draft",
                                                       email_recipients="a@b.kz"), "http://x/")
    assert {"day", "every_months", "end_date", "email_recipients"} <= set(caught.value.errors)
    db.session.rollback()
    assert db.session.execute(select(func.count()).select_from(RecurringSchedule)).scalar() == 0
