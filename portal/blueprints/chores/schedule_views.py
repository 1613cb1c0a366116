"""Schedules of recurring documents: list and create, the schedule page, change, pause, resume,
take the template again, retry a failed run. Directors manage; workers see. Page and JSON at the
same paths."""
from datetime import date

from flask import url_for
from flask_login import login_required

from portal.blueprints.chores.common import ID, bp
from portal.blueprints.documents.common import public_base_url
from portal.blueprints.smart_docs.common import current_staff, payload
from portal.chores import pages, runs, schedules
from portal.chores.serializers import detail_json, run_json, schedule_json, schedules_json
from portal.errors import ApiError, ValidationFailed
from portal.extensions import db
from portal.web.answers import answer_refused, answer_write, render_fragment
from portal.web.negotiation import negotiate, wants_json


def _list_page(staff, status: int = 200, values=None, errors=None):
    return negotiate(pages.schedule_list(staff.company_id), schedules_json, "chores/schedules.html", status=status,
                     staff=staff, choices=pages.template_choices(staff.company_id), values=values or {},
                     errors=errors or {}, titles=schedules.TYPE_TITLES)


def _detail_page(staff, public_id: str, status: int = 200, values=None, errors=None):
    return negotiate(pages.schedule_view(staff.company_id, public_id), detail_json, "chores/schedule.html",
                     status=status, staff=staff, values=values or {}, errors=errors or {},
                     titles=schedules.TYPE_TITLES, every_text=schedules.every_text)


def _detail_url(public_id: str) -> str:
    return url_for("chores.schedule_detail", public_id=public_id)


@bp.get("/recurring/")
@login_required
def schedule_list():
    """The company's schedules with their next run dates (and, for a director, the form to add one)."""
    return _list_page(current_staff())


@bp.post("/recurring/")
@login_required
def schedule_create():
    """Make a schedule of a template document (director): 201 with it, or the form with its messages."""
    staff, data = current_staff(), payload()
    try:
        schedule = schedules.create_schedule(staff, data, public_base_url())
    except ValidationFailed as exc:
        db.session.rollback()
        if wants_json():
            raise
        return _list_page(staff, 400, data, exc.errors)
    except ApiError as exc:
        db.session.rollback()
        return answer_refused(exc, redirect_to=url_for("chores.schedule_list"))
    db.session.commit()
    body = detail_json(pages.schedule_view(staff.company_id, schedule.public_id))
    return answer_write(body, "Расписание создано.", redirect_to=_detail_url(schedule.public_id), status=201)


@bp.get(f"/recurring/{ID}/")
@login_required
def schedule_detail(public_id: str):
    """The schedule: next runs, the documents each run made, template versions."""
    return _detail_page(current_staff(), public_id)


@bp.route(f"/recurring/{ID}/", methods=["POST", "PATCH"])
@login_required
def schedule_update(public_id: str):
    """Change when and how it runs (director); fields not sent stay."""
    staff, data = current_staff(), payload()
    schedule = schedules.find_schedule(staff.company_id, public_id, lock=True)
    try:
        schedules.update_schedule(staff, schedule, data)
    except ValidationFailed as exc:
        db.session.rollback()
        if wants_json():
            raise
        return _detail_page(staff, public_id, 400, data, exc.errors)
    except ApiError as exc:
        db.session.rollback()
        return answer_refused(exc, redirect_to=_detail_url(public_id))
    db.session.commit()
    return answer_write(detail_json(pages.schedule_view(staff.company_id, public_id)), "Расписание сохранено.",
                        redirect_to=_detail_url(public_id))


def _action(public_id: str, act, message: str):
    staff = current_staff()
    schedule = schedules.find_schedule(staff.company_id, public_id, lock=True)
    try:
        act(staff, schedule)
    except ApiError as exc:
        db.session.rollback()
        return answer_refused(exc, redirect_to=_detail_url(public_id))
    db.session.commit()
    return answer_write(schedule_json(pages.schedule_view(staff.company_id, public_id)), message,
                        redirect_to=_detail_url(public_id))


@bp.post(f"/recurring/{ID}/pause/")
@login_required
def schedule_pause(public_id: str):
    """Pause (director): no run until resumed."""
    return _action(public_id, lambda staff, s: schedules.set_paused(staff, s, True), "Расписание приостановлено.")


@bp.post(f"/recurring/{ID}/resume/")
@login_required
def schedule_resume(public_id: str):
    """Resume (director): the next run is the first period from today on."""
    return _action(public_id, lambda staff, s: schedules.set_paused(staff, s, False), "Расписание возобновлено.")


@bp.post(f"/recurring/{ID}/template/")
@login_required
def schedule_template(public_id: str):
    """Take the template document as it is now as a new version (director); later runs use it."""
    return _action(public_id, schedules.take_template, "Шаблон обновлён: следующие документы будут по новой версии.")


def _period(text: str) -> date:
    """The run's period from the path (its first day, YYYY-MM-DD); anything else names no run: 404."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ApiError(404, "Запуска за этот период нет.") from None


@bp.post(f"/recurring/{ID}/runs/<string(length=10):period>/retry/")
@login_required
def run_retry(public_id: str, period: str):
    """Make a failed run again (director): 202 with the run, queued; htmx gets its row back."""
    staff = current_staff()
    schedule = schedules.find_schedule(staff.company_id, public_id)
    run = runs.find_run(schedule, _period(period))

    def row(status: int, notice=None, error=None):
        return render_fragment("chores/_run_row.html", status, run=run, s=schedule, staff=staff, notice=notice,
                               error=error)

    try:
        run = runs.retry_run(staff, run)
    except ApiError as exc:
        run = runs.find_run(schedule, run.period_start)
        return answer_refused(exc, redirect_to=_detail_url(public_id), fragment=row)
    return answer_write(run_json(run), "Запуск поставлен в очередь.", redirect_to=_detail_url(public_id),
                        status=202, fragment=row)
