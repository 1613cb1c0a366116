"""`/tasks/`: the company's background work (director), one run's progress, retries by hand."""
from flask import Blueprint, Response, flash, jsonify, redirect, render_template, url_for
from flask_login import login_required

from portal.blueprints.smart_docs.common import current_staff
from portal.tasks import board
from portal.tasks.ledger import progress
from portal.errors import ApiError
from portal.web.negotiation import add_vary, is_htmx, negotiate, wants_json

bp = Blueprint("tasks", __name__, url_prefix="/tasks")

DIRECTOR_ONLY = "Фоновые задачи компании видит директор."


def _director():
    """The caller, who must be a director of a company (403 otherwise)."""
    staff = current_staff()
    if not staff.is_director:
        raise ApiError(403, DIRECTOR_ONLY)
    return staff


@bp.get("/")
@login_required
def board_page():
    """The company's runs (newest first) and the e-mails that were given up, with their last errors."""
    staff = _director()
    data = {"runs": board.company_runs(staff.company_id), "mails": board.failed_mails(staff.company_id)}
    return negotiate(data, lambda d: {"runs": [board.run_json(job, with_documents=False) for job in d["runs"]],
                                      "failed_mails": [board.failed_mail_json(mail) for mail in d["mails"]]},
                     "tasks/board.html", progress=progress)


@bp.get("/<int(max=2147483647):job_id>/")
@login_required
def job_page(job_id: int):
    """One run: JSON, the progress partial the list page polls (htmx), or its own page."""
    job = board.visible_job(current_staff(), job_id)
    if job is None:
        raise ApiError(404, "Задача не найдена.")
    if wants_json():
        return add_vary(jsonify(board.run_json(job)), "Accept", "HX-Request")
    template = "tasks/_progress.html" if is_htmx() else "tasks/job.html"
    html = render_template(template, job=job, state=progress(job))
    return add_vary(Response(html, mimetype="text/html"), "Accept", "HX-Request")


@bp.post("/<int(max=2147483647):job_id>/retry/")
@login_required
def job_retry(job_id: int):
    """Start a failed run's failed parts again (director): 202 with the run, or back to the list."""
    staff = _director()
    job = board.visible_job(staff, job_id)
    if job is None:
        raise ApiError(404, "Задача не найдена.")
    if progress(job).state != "failed":
        raise ApiError(409, "Задача не завершилась ошибкой: повторять нечего.")
    board.retry_run(job)
    if wants_json():
        return add_vary(jsonify(board.run_json(job)), "Accept", "HX-Request"), 202
    flash("Задача снова в очереди.", "success")
    return redirect(url_for("tasks.board_page"))


@bp.post("/mail/<int(max=2147483647):mail_id>/retry/")
@login_required
def mail_retry(mail_id: int):
    """Send a failed e-mail again (director): 202 with the new e-mail, or back to the list."""
    from portal.documents.serializers import mail_json

    staff = _director()
    mail = board.company_mail(staff.company_id, mail_id)
    if mail is None:
        raise ApiError(404, "Письмо не найдено.")
    if mail.status != "failed":
        raise ApiError(409, "Письмо не в состоянии «не доставлено»: повторять нечего.")
    new_mail = board.retry_mail(staff, mail)
    if wants_json():
        return add_vary(jsonify(mail_json(new_mail)), "Accept", "HX-Request"), 202
    flash("Письмо снова в очереди на отправку.", "success")
    return redirect(url_for("tasks.board_page"))
