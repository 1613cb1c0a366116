"""Issued documents: list, issue, one record, its PDF and QR, a ZIP; changes are refused."""
import logging

from flask import Response, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import login_required

from portal.blueprints.documents.common import bp, public_base_url, route
from portal.blueprints.documents.forms import IssueForm, MailForm, ViewersForm, choices, issue_payload
from portal.blueprints.smart_docs.common import current_staff, payload
from portal.documents import access, bundle
from portal.documents.filenames import content_disposition, pdf_filename
from portal.documents.issue import issue
from portal.documents.issue_request import clean_issue_request
from portal.documents.mail import enqueue_pending, for_viewer, report, send_to_new_addresses
from portal.tasks import board
from portal.tasks.ledger import progress
from portal.documents.once import is_repeat
from portal.documents.qr import qr_png
from portal.documents.render import RenderError
from portal.documents.serializers import delivery_json, owner_record_json, record_json
from portal.extensions import db
from portal.ledger.filters import period_only
from portal.smart_docs.documents import get_document
from portal.ledger.filters import REGISTRY_TYPES
from portal.web.answers import copy_field_errors
from portal.web.errors import ApiError, ValidationFailed, error_response
from portal.web.negotiation import add_vary, is_htmx, negotiate, wants_json
from portal.web.pagination import page_json, page_request, paginate

log = logging.getLogger(__name__)
REPEATED = ("Документ не изменился с выпуска № {number}: это тот же документ, новый номер не взят. "
            "Нужна ещё одна копия с новым номером — «Выпустить новую копию».")
IMMUTABLE = "Выпущенный документ нельзя изменить или удалить: для исправления выпустите новый документ."


def _record_or_404(public_id: str, with_pdf: bool = False):
    """A record the caller may open, else 404 (the same answer as for a missing one)."""
    record = access.visible(current_staff(), public_id, with_pdf=with_pdf)
    if record is None:
        raise ApiError(404, "Документ не найден.")
    return record


@bp.app_template_global()
def issue_panel(doc, doc_type: str, form: IssueForm | None = None, message: str | None = None) -> dict:
    """What `documents/_issue_panel.html` shows on a smart document's page."""
    staff = current_staff()
    if form is None:
        form = IssueForm(formdata=None, doc_type=doc_type, content_id=doc.public_id,
                         company_recipient=doc.counterparty.public_id if doc.counterparty else "")
    return {"form": form, "versions": access.versions_of(staff.company_id, doc_type, doc.public_id),
            "message": message}


@route("/documents/", methods=["GET"])
@login_required
def documents_list():
    """Documents sent by the caller's company or shared with the caller; `?type=`, `?date_from=`
    and `?date_to=` (the document's date, inclusive) filter."""
    staff = current_staff()
    query = access.visible_query(staff)
    doc_type = request.args.get("type")
    if doc_type:
        if doc_type not in REGISTRY_TYPES:
            raise ValidationFailed({"type": ["Тип документа: " + ", ".join(REGISTRY_TYPES) + "."]})
        query = query.where(access.IssuedDocument.type == doc_type)
    date_from, date_to = period_only(request.args)
    if date_from:
        query = query.where(access.IssuedDocument.doc_date >= date_from)
    if date_to:
        query = query.where(access.IssuedDocument.doc_date <= date_to)
    page = paginate(db.session, query, page_request())
    run = board.visible_job(staff, request.args.get("job", type=int) or 0)
    return negotiate(page, lambda p: page_json(p, record_json), "documents/list.html", doc_type=doc_type,
                     staff=staff, zip_max=current_app.config["DOCUMENTS_ZIP_MAX"],
                     run=run, run_state=progress(run) if run else None)


def _panel_response(source, doc_type: str, form: IssueForm, message: str | None, status: int = 200):
    """The issue panel alone (htmx swaps it in place)."""
    html = render_template("documents/_issue_panel.html", doc=source, doc_type=doc_type, form=form, message=message)
    return add_vary(Response(html, status=status, mimetype="text/html"), "Accept", "HX-Request")


@route("/documents/", methods=["POST"])
@login_required
def documents_issue():
    """Issue a PDF from a smart document (JSON 201, or the refreshed panel / a redirect for people).

    An `Idempotency-Key` header is answered app-wide (portal.web.idempotency), as on every POST.
    """
    return _issue(current_staff())


def _issue(staff):
    """Issue from the request's payload and answer for its caller (JSON, the htmx panel or a redirect)."""
    data = payload() if request.is_json else issue_payload(request.form)
    htmx = is_htmx()
    try:
        wanted = clean_issue_request(data, staff)
        record = issue(staff, wanted, public_base_url())
    except ValidationFailed as exc:
        source = _source_for_panel(staff, data)
        if htmx and source is not None:
            form = IssueForm(formdata=request.form)
            copy_field_errors(form, {IssueForm.API_NAMES.get(name, name): messages
                                     for name, messages in exc.errors.items()})
            return _panel_response(source, source.doc_type, form, None, status=400)
        raise
    except RenderError:
        log.exception("PDF rendering failed")
        raise ApiError(500, "Не удалось сформировать PDF. Номер не израсходован, документ не создан.") from None
    repeat = is_repeat(record)
    if repeat:
        delivery = send_to_new_addresses(record, wanted.email_recipients, staff.user_id)
        message = REPEATED.format(number=record.number)
        if delivery is not None and delivery.detail:
            message += " " + for_viewer(delivery, staff.is_director).detail
    else:
        delivery = enqueue_pending(record)
        message = _delivery_message(record, for_viewer(delivery, staff.is_director))
    if wants_json():
        body = owner_record_json(record)
        body["email_delivery"] = delivery_json(delivery) if delivery is not None else None
        body["reissued"] = False if repeat else bool(wanted.reissue)
        body["already_issued"] = repeat
        response = jsonify(body)
        response.status_code = 200 if repeat else 201
        response.headers["Location"] = url_for("documents.documents_detail", public_id=record.public_id, _external=True)
        return add_vary(response, "Accept", "HX-Request")
    if htmx:
        form = IssueForm(formdata=None, doc_type=wanted.doc_type, content_id=wanted.source.public_id,
                         company_recipient=data.get("company_recipient") or "", visibility=wanted.form)
        return _panel_response(wanted.source, wanted.doc_type, form, message)
    flash(message, "success")
    return redirect(url_for("documents.documents_detail", public_id=record.public_id))


def _source_for_panel(staff, data):
    """The smart document a failed panel submission came from, to show the panel again."""
    doc_type, content_id = data.get("type"), data.get("content_id")
    if not isinstance(doc_type, str) or not isinstance(content_id, str):
        return None
    return get_document(staff.company_id, doc_type, content_id)


def _delivery_message(record, delivery) -> str:
    """A one-line Russian summary of the issue and its e-mail."""
    text = f"Выпущен документ № {record.number} (код проверки {record.doc_id})."
    return f"{text} {delivery.detail}" if delivery.detail else text


@route("/documents/<string(minlength=8, maxlength=13):public_id>/", methods=["GET"])  # a record id or a doc_id
@login_required
def documents_detail(public_id: str):
    """One issued document: its record, download, QR and sharing."""
    record = _record_or_404(public_id)
    owner = current_staff().company_id == record.company_sender_id
    return negotiate(record, owner_record_json if owner else record_json, "documents/detail.html",
                     **detail_context(record, owner))


def detail_context(record, owner: bool, mail_form: MailForm | None = None) -> dict:
    """What the document page shows beside the record: sharing and e-mail, for the sender's staff."""
    viewers_form = ViewersForm(formdata=None)
    if not owner:
        return {"owner": False, "viewers_form": viewers_form}
    viewers_form.staff.choices = choices(
        (m.user.public_id, f"{m.user.full_name or m.user.email} — {m.company.company_name}")
        for m in access.share_candidates(record))
    if mail_form is None:
        mail_form = MailForm(formdata=None, email_recipients=", ".join(record.email_recipients or []))
    return {"owner": True, "viewers_form": viewers_form, "mail_form": mail_form,
            "deliveries": deliveries(record)}


def deliveries(record) -> list[dict]:
    """Each e-mail of the record with its state in the page's words."""
    rows, staff = [], current_staff()
    for mail in record.mails:
        delivery = for_viewer(report(mail), staff is not None and staff.is_director)
        rows.append({"mail": mail, "status": delivery.status, "detail": delivery.detail})
    return rows


@route("/documents/<string(length=8):public_id>/", methods=["PUT", "PATCH", "DELETE"])
@login_required
def documents_change(public_id: str):
    """Issued documents never change: 405 with the reason (404 first if the caller cannot see it)."""
    _record_or_404(public_id)
    response = error_response(405, IMMUTABLE)
    response.headers["Allow"] = "GET, HEAD, OPTIONS"
    return response


@route("/documents/<public_id>/file/", methods=["GET"])
@login_required
def file(public_id: str):
    """The PDF exactly as issued; `?inline=1` opens it in the browser instead of saving."""
    record = _record_or_404(public_id, with_pdf=True)
    disposition = "inline" if request.args.get("inline") else "attachment"
    response = Response(record.file.pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(pdf_filename(record), disposition)
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.set_etag(record.sha256)
    return response.make_conditional(request)


@route("/documents/<public_id>/qr_code/", methods=["GET"])
@login_required
def qr_code(public_id: str):
    """The QR code of the document's verification page, as a PNG."""
    record = _record_or_404(public_id)
    response = Response(qr_png(record.verify_url), mimetype="image/png")
    response.headers["Content-Disposition"] = content_disposition(f"QR_{record.number}.png", "inline")
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


@route("/documents/zip/", methods=["GET"])
@login_required
def documents_zip():
    """A ZIP of the chosen PDFs: `?id=<id>&id=<id>` or `?ids=a,b` (record ids or doc_ids)."""
    staff = current_staff()
    ids = bundle.parse_ids(request.args.getlist("id") + request.args.getlist("ids"))
    try:
        records = bundle.chosen_documents(staff, ids, current_app.config["DOCUMENTS_ZIP_MAX"])
    except ValidationFailed as exc:
        if wants_json():
            raise
        # The list's «Скачать выбранные» with nothing (or too much) ticked: back to the same list.
        flash(" ".join(message for messages in exc.errors.values() for message in messages), "warning")
        back = {name: request.args[name] for name in ("type", "page") if request.args.get(name)}
        return redirect(url_for("documents.documents_list", **back))
    response = Response(bundle.zip_bytes(records), mimetype="application/zip")
    response.headers["Content-Disposition"] = content_disposition(f"Документы_{len(records)}.zip")
    response.headers["Cache-Control"] = "private, no-store"
    return response
