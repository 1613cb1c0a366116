"""`/ledger/statements/`: upload a bank statement, see its lines, confirm the proposed matches.

Workers and directors alike may import and confirm (recording payments is a worker's job).
"""
import base64

from flask import Response, flash, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select

from portal.blueprints.ledger.views import bp
from portal.blueprints.smart_docs.common import current_staff
from portal.errors import ApiError, ValidationFailed
from portal.extensions import db
from portal.ledger.statements.confirming import confirm, statement_view
from portal.ledger.statements.importing import NeedsMapping, decode_upload, import_statement, remembered_columns
from portal.ledger.statements.serializers import statement_json, statement_view_json
from portal.ledger.statements.tables import FIELDS
from portal.models.statements import BankStatement, StatementMapping
from portal.paging import Page
from portal.web.answers import answer_refused, answer_write, render_fragment
from portal.web.negotiation import add_vary, is_htmx, negotiate, wants_json
from portal.web.pagination import page_json, page_request


def _statements_page(company_id: int) -> Page:
    wanted = page_request()
    base = select(BankStatement).where(BankStatement.company_id == company_id)
    count = db.session.execute(select(func.count()).select_from(base.subquery())).scalar_one()
    items = list(db.session.execute(base.order_by(BankStatement.id.desc()).offset(wanted.offset)
                                    .limit(wanted.page_size)).scalars())
    page = Page(items=items, count=count, page=wanted.page, page_size=wanted.page_size)
    if wanted.page > page.num_pages:
        raise ApiError(404, "Неверная страница.")
    return page


def _banks(company_id: int) -> list[str]:
    return list(db.session.execute(select(StatementMapping.bank_key).where(StatementMapping.company_id == company_id)
                                   .order_by(StatementMapping.bank_key)).scalars())


def _upload_context(company_id: int, **form) -> dict:
    return {"fields": FIELDS, "banks": _banks(company_id), "form": form}


@bp.get("/statements/")
@login_required
def statements():
    staff = current_staff()
    page = _statements_page(staff.company_id)
    return negotiate(page, lambda p: page_json(p, statement_json), "ledger/statements.html",
                     **_upload_context(staff.company_id, errors={}, values={}))


def _read_upload() -> tuple[str, bytes, str, dict]:
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        name, data = upload.filename, upload.read()
    elif request.form.get("file_data"):
        name, data = request.form.get("file_name", ""), decode_upload(request.form["file_data"])
    else:
        raise ValidationFailed({"file": ["Выберите файл выписки."]})
    columns = {key: request.form.get(f"col_{key}", "").strip()[:200] for key in FIELDS}
    return name[:255], data, request.form.get("bank", "").strip()[:100], {k: v for k, v in columns.items() if v}


@bp.post("/statements/")
@login_required
def statements_upload():
    """Multipart `file` (+ `bank` and `col_<field>` for CSV/XLSX); 201 with the statement, 200 if nothing new."""
    staff = current_staff()
    name, data, bank, columns = "", b"", request.form.get("bank", ""), {}
    try:
        name, data, bank, columns = _read_upload()
        if not columns and bank:
            columns = remembered_columns(staff.company_id, bank) or {}
        result = import_statement(staff.company_id, current_user.id, name, data, bank, columns)
    except ValidationFailed as exc:
        if wants_json():
            if isinstance(exc, NeedsMapping):
                raise ValidationFailed({**exc.errors, "headers": [h for h in exc.headers if h] or ["—"]}) from None
            raise
        values = {"bank": bank, "file_name": name, **{f"col_{k}": v for k, v in columns.items()}}
        context = _upload_context(staff.company_id, errors=exc.errors, values=values,
                                  headers=getattr(exc, "headers", None),
                                  file_data=base64.b64encode(data).decode() if isinstance(exc, NeedsMapping) else "")
        if is_htmx():
            return render_fragment("ledger/_upload.html", status=400, **context)
        return render_fragment("ledger/statements.html", status=400, data=_statements_page(staff.company_id),
                               **context)
    if result.statement is None:
        where = result.seen_in[0] if result.seen_in else None
        message = f"Все {result.lines_in_file} операций этой выписки уже были загружены: ничего не записано дважды."
        payload = {"lines_in_file": result.lines_in_file, "lines_new": 0, "statement": None,
                   "seen_in": [statement_json(s) for s in result.seen_in]}
        target = url_for("ledger.statement_detail", public_id=where.public_id) if where else url_for("ledger.statements")
        return _done(payload, message, target, 200)
    message = f"Загружено операций: {result.lines_new} из {result.lines_in_file}."
    if result.lines_new < result.lines_in_file:
        message += f" Остальные {result.lines_in_file - result.lines_new} уже были в прежних выписках."
    payload = {**statement_json(result.statement), "seen_in": [statement_json(s) for s in result.seen_in]}
    return _done(payload, message, url_for("ledger.statement_detail", public_id=result.statement.public_id), 201)


def _done(payload: dict, message: str, target: str, status: int) -> Response:
    if is_htmx() and not wants_json():
        flash(message, "success")
        response = Response(status=204)
        response.headers["HX-Redirect"] = target
        return response
    response = answer_write(payload, message, redirect_to=target, status=status)
    if status == 201 and wants_json():
        response.headers["Location"] = target
    return response


@bp.get("/statements/<public_id>/")
@login_required
def statement_detail(public_id: str):
    staff = current_staff()
    view = statement_view(staff.company_id, public_id)
    return negotiate(view, statement_view_json, "ledger/statement.html", partial="ledger/_statement_lines.html",
                     errors={})


def _choices() -> list[dict]:
    if request.is_json:
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not isinstance(body.get("matches"), list):
            raise ValidationFailed({"matches": ["Ожидается {\"matches\": [{\"line\", \"invoice\"}, …]}."]})
        out = []
        for item in body["matches"]:
            if not isinstance(item, dict) or not isinstance(item.get("line"), str) \
                    or not isinstance(item.get("invoice"), str):
                raise ValidationFailed({"matches": ["Каждое сопоставление — объект со строками line и invoice."]})
            out.append({"line": item["line"], "invoice": item["invoice"],
                        "confirm_overpayment": item.get("confirm_overpayment") is True})
        return out
    return [{"line": line_id, "invoice": request.form.get(f"invoice_{line_id}", ""),
             "confirm_overpayment": request.form.get(f"over_{line_id}") == "on"}
            for line_id in request.form.getlist("take")]


@bp.post("/statements/<public_id>/confirm/")
@login_required
def statement_confirm(public_id: str):
    """Record the ticked matches as payments (all or none); the page is re-shown with what is left."""
    staff = current_staff()
    statement_view(staff.company_id, public_id)  # 404 before reading the body for another company's id
    target = url_for("ledger.statement_detail", public_id=public_id)

    def fragment(status=200, notice=None, error=None, errors=None):
        view = statement_view(staff.company_id, public_id)
        html = render_template("ledger/_statement_lines.html", data=view, notice=notice, error=error,
                               errors=errors or {}, submitted=submitted if errors else {})
        return add_vary(Response(html, status=status, mimetype="text/html"), "Accept", "HX-Request")

    submitted: dict = {}
    try:
        choices = _choices()
        submitted = {c["line"]: c for c in choices}
        payments = confirm(staff.company_id, current_user.id, public_id, choices)
    except ValidationFailed as exc:
        if wants_json():
            raise
        if is_htmx():
            return fragment(status=400, error="Ничего не записано: исправьте отмеченные строки.", errors=exc.errors)
        return answer_refused(exc, redirect_to=target)
    message = f"Записано платежей: {len(payments)}."
    payload = statement_view_json(statement_view(staff.company_id, public_id)) | {"recorded": len(payments)}
    return answer_write(payload, message, redirect_to=target, fragment=fragment)
