"""Verification for anyone: upload a PDF to check it, and the page a QR code opens.

`POST /smart_doc/check_file/` answers 200 with the document record when the file's SHA-256
matches, and 200 with the JSON string "Not valid" otherwise (as the seed's clients expect);
the page says it in words. An empty `document_id` is read from the PDF's metadata; a missing
file (or no code anywhere) is a 400, an upload over CHECK_FILE_MAX_BYTES a 413.
"""
from flask import current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from portal.blueprints.documents.common import bp, route
from portal.blueprints.documents.forms import CheckForm
from portal.documents import access
from portal.documents.serializers import record_json, verification_json
from portal.documents.checking import check_file as check_upload_file
from portal.documents.verify import NOT_VALID, verification_view
from portal.staffing.service import staff_of
from portal.web.answers import copy_field_errors
from portal.web.auth import csrf_exempt
from portal.web.errors import ApiError, ValidationFailed
from portal.web.negotiation import add_vary, negotiate, wants_json


def _limit_text() -> str:
    """The upload limit in words, e.g. «10 МБ»."""
    return f"{current_app.config['CHECK_FILE_MAX_BYTES'] // (1024 * 1024)} МБ"


def _check_page(form: CheckForm, result=None, checked: bool = False, status: int = 200, not_pdf: bool = False):
    """The «Проверить документ» page with the form and, after a check, its verdict."""
    html = render_template("documents/check.html", form=form, result=result, checked=checked, not_pdf=not_pdf,
                           limit=_limit_text())
    response = current_app.response_class(html, status=status, mimetype="text/html")
    return add_vary(response, "Accept", "HX-Request")


@route("/check_file/", methods=["GET"])
def check_file_page():
    """The upload form; `?document_id=` fills the code (the QR page links here)."""
    form = CheckForm(formdata=None, document_id=request.args.get("document_id", ""))
    if wants_json():
        return jsonify({"fields": {"document_id": "13-digit doc_id or record id", "document": "PDF file"},
                        "max_bytes": current_app.config["CHECK_FILE_MAX_BYTES"], "method": "POST multipart/form-data"})
    return _check_page(form)


@route("/check_file/", methods=["POST"])
@csrf_exempt
def check_file():
    """Compare an uploaded PDF with the issued one; the upload is hashed as a stream, never stored."""
    request.max_content_length = current_app.config["CHECK_FILE_MAX_BYTES"]
    try:
        document_id = request.form.get("document_id", "").strip()
        upload = request.files.get("document")
    except RequestEntityTooLarge:
        raise ApiError(413, f"Файл больше {_limit_text()}: проверка принимает PDF до {_limit_text()}.") from None
    form = CheckForm(formdata=None, document_id=document_id)
    try:
        outcome = check_upload_file(document_id, upload.stream if upload else None)
    except ValidationFailed as exc:
        if wants_json():
            raise
        copy_field_errors(form, exc.errors)
        return _check_page(form, status=400)
    record = outcome.record
    if wants_json():
        # The seed's clients read the string "Not valid" for any file that is not the issued one.
        body = record_json(record, private_details=access.can_open(staff_of(current_user), record)) if record else NOT_VALID
        return add_vary(jsonify(body), "Accept", "HX-Request")
    form.document_id.data = outcome.code
    return _check_page(form, result=record, checked=True, not_pdf=outcome.not_pdf)


# Its body is read here, under CHECK_FILE_MAX_BYTES, not by the app-wide input check first.
check_file.streams_upload = True


@bp.get("/verify/")
def verify_index():
    """The short address people type: the check page."""
    return redirect(url_for("documents.check_file_page"))


@bp.get("/verify/<doc_id>/")
def verify(doc_id: str):
    """The page a QR code opens: details of a public document, existence of a private one."""
    view = verification_view(doc_id, staff_of(current_user))
    if view is None:
        raise ApiError(404, "Документ с таким кодом не выпускался.")
    return negotiate(view, verification_json, "documents/verify.html", view=view)
