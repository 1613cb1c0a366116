"""«Выпустить выбранные»: issuing the documents ticked in a type's list, and its API twin."""
from flask import Response, flash, jsonify, redirect, render_template, request, url_for
from flask_login import login_required

from portal.blueprints.documents.common import public_base_url, route
from portal.blueprints.smart_docs.common import current_staff, payload
from portal.blueprints.smart_docs.views import navigation
from portal.documents.bulk import MAX_BULK, clean_bulk_request, issue_many
from portal.documents.serializers import record_json
from portal.smart_docs.pages import document_list_page
from portal.smart_docs.types import DOC_TYPES
from portal.web.errors import ApiError, ValidationFailed
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


def _summary(result) -> str:
    """One line for the flash: how many, which numbers, and what stopped the run."""
    numbers = [record.number for record in result.issued]
    text = f"Выпущено документов: {len(numbers)}"
    if numbers:
        text += f" (№ {numbers[0]}" + (f" – {numbers[-1]})." if len(numbers) > 1 else ").")
    if result.stopped_at:
        text += " Остановлено: PDF не сформирован, этот и следующие документы не выпущены, номера не израсходованы."
    return text


@route("/documents/bulk/", methods=["POST"])
@login_required
def documents_bulk():
    """Issue the chosen documents of one type (JSON 201 with the records, or a redirect for people)."""
    staff = current_staff()
    as_json = request.is_json
    data = payload() if as_json else _form_payload(request.form)
    try:
        wanted = clean_bulk_request(data, staff)
    except ValidationFailed as exc:
        if as_json or wants_json():
            raise
        return _list_again(data, exc.errors)
    result = issue_many(staff, wanted, public_base_url())
    if not result.issued and result.stopped_at:
        raise ApiError(500, "Не удалось сформировать PDF. Номер не израсходован, документ не создан.")
    if as_json or wants_json():
        body = {"issued": [record_json(record) for record in result.issued],
                "stopped": None if result.stopped_at is None else
                {"content_id": result.stopped_at, "detail": "PDF не сформирован; этот и следующие документы не выпущены."}}
        return add_vary(jsonify(body), "Accept", "HX-Request"), 201
    flash(_summary(result), "warning" if result.stopped_at else "success")
    return redirect(url_for("documents.documents_list", type=wanted.doc_type))
