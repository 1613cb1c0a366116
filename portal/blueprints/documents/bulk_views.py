"""«Выпустить выбранные»: issuing the documents ticked in a type's list, and its API twin."""
from flask import Response, jsonify, redirect, render_template, request, url_for
from flask_login import login_required

from portal.blueprints.documents.common import public_base_url, route
from portal.blueprints.smart_docs.common import current_staff, payload
from portal.blueprints.smart_docs.views import navigation
from portal.documents.bulk import MAX_BULK, clean_bulk_request
from portal.smart_docs.pages import document_list_page
from portal.smart_docs.types import DOC_TYPES
from portal.tasks.board import run_json
from portal.tasks.issuing import start_run
from portal.web.errors import ValidationFailed
from portal.web.negotiation import add_vary, wants_json
from portal.web.pagination import page_request


def _form_payload(form_data) -> dict:
    """The list page's inputs as the API's keys (`visibility` for `form`, as on the issue panel)."""
    return {"type": form_data.get("doc_type"), "form": form_data.get("visibility"),
            "content_ids": form_data.getlist("content_ids")}


def _list_again(data: dict, errors: dict):
    """The type's list page again, with the ticks kept and the reasons above the table (400)."""
    kind = DOC_TYPES.get(data.get("type"))
    if kind is None:
        raise ValidationFailed(errors)
    staff = current_staff()
    messages = [message for values in errors.values() for message in values]
    # Rendered from this blueprint, the page does not get the smart-doc sub-navigation by itself.
    html = render_template("smart_docs/documents.html", **navigation(),
                           data=document_list_page(kind, staff.company_id, page_request(), with_lines=False), kind=kind, sd_active_type=kind.code,
                           selected=set(data.get("content_ids") or ()), visibility=data.get("form") or "pr",
                           bulk_errors=messages, bulk_max=MAX_BULK)
    return add_vary(Response(html, status=400, mimetype="text/html"), "Accept", "HX-Request")


@route("/documents/bulk/", methods=["POST"])
@login_required
def documents_bulk():
    """Start issuing the chosen documents of one type on the task queue: JSON 202 with the run
    (poll its `url`), or, for people, the issued list with the run's progress bar."""
    staff = current_staff()
    as_json = request.is_json
    data = payload() if as_json else _form_payload(request.form)
    try:
        wanted = clean_bulk_request(data, staff)
    except ValidationFailed as exc:
        if as_json or wants_json():
            raise
        return _list_again(data, exc.errors)
    kind = DOC_TYPES[wanted.doc_type]
    run = start_run(staff, wanted.doc_type, wanted.form, [source.public_id for source in wanted.sources],
                    public_base_url(), f"{kind.title}: выпуск {len(wanted.sources)} шт.")
    if as_json or wants_json():
        response = add_vary(jsonify(run_json(run)), "Accept", "HX-Request")
        response.status_code = 202
        response.headers["Location"] = url_for("tasks.job_page", job_id=run.id, _external=True)
        return response
    return redirect(url_for("documents.documents_list", type=wanted.doc_type, job=run.id))
