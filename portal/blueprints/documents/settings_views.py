"""Numbering settings («продолжить с номера») and sharing with viewers."""
from flask import flash, redirect, request, url_for
from flask_login import login_required

from portal.blueprints.documents.common import route
from portal.blueprints.documents.forms import NumberingForm, choices
from portal.blueprints.smart_docs.common import current_staff, payload
from portal.documents import access, numbering
from portal.documents.context import TITLES
from portal.documents.serializers import numbering_json, owner_record_json
from portal.extensions import db
from portal.identity.proofs import require_proven
from portal.timeutil import today_almaty
from portal.web.answers import copy_field_errors
from portal.web.errors import ApiError, ValidationFailed, field_error
from portal.web.negotiation import negotiate, wants_json


def _year(raw) -> int:
    """The numbering year asked for (this year by default), within a sane range."""
    if raw in (None, ""):
        return today_almaty().year
    try:
        year = int(raw)
    except (TypeError, ValueError):
        raise field_error("year", "Укажите год числом.") from None
    if not 2000 <= year <= 2100:
        raise field_error("year", "Год от 2000 до 2100.")
    return year


def _numbering_page(staff, year: int, form: NumberingForm, status: int = 200):
    """The settings rows for a year, as JSON or the page."""
    rows = numbering.settings_rows(db.session, staff.company_id, year, TITLES)
    return negotiate(rows, numbering_json, "documents/numbering.html", status=status, form=form, year=year,
                     can_edit=staff.is_director)


@route("/documents/numbering/", methods=["GET"])
@login_required
def numbering_settings():
    """Numbers per document type for a year (`?year=`): last given and next."""
    staff = current_staff()
    year = _year(request.args.get("year"))
    form = NumberingForm(formdata=None, year=year)
    form.type.choices = choices(TITLES.items())
    return _numbering_page(staff, year, form)


@route("/documents/numbering/", methods=["POST"])
@login_required
def numbering_update():
    """Directors set the next number of a type and year (a company moving from another tool)."""
    staff = current_staff()
    if not staff.is_director:
        raise ApiError(403, "Менять нумерацию может только директор компании.")
    require_proven(staff, "менять настройки компании")
    data = payload()
    form = NumberingForm(formdata=None if request.is_json else request.form)
    form.type.choices = choices(TITLES.items())
    try:
        doc_type = data.get("type")
        if not isinstance(doc_type, str) or doc_type not in TITLES:
            raise field_error("type", "Выберите тип документа.")
        year = _year(data.get("year"))
        raw = data.get("next_number")
        if isinstance(raw, bool) or not str(raw or "").strip().isdigit():
            raise field_error("next_number", "Укажите целое число больше нуля.")
        numbering.continue_from(db.session, staff.company_id, doc_type, year, int(str(raw).strip()))
        db.session.commit()
    except ValidationFailed as exc:
        db.session.rollback()
        if wants_json():
            raise
        copy_field_errors(form, exc.errors)
        try:
            shown = _year(data.get("year"))
        except ValidationFailed:
            shown = today_almaty().year
        return _numbering_page(staff, shown, form, status=400)
    if wants_json():
        return _numbering_page(staff, year, form)
    flash(f"Следующий номер: {numbering.format_number(year, int(str(raw).strip()))}.", "success")
    return redirect(url_for("documents.numbering_settings", year=year))


@route("/viewers/", methods=["POST"])
@login_required
def viewers_add():
    """Share a document (`document_id`) with staff (`staff`: their user ids) of either party."""
    staff = current_staff()
    data = payload()
    if not request.is_json:
        data = {"document_id": request.form.get("document_id"), "staff": request.form.getlist("staff")}
    if not data.get("document_id"):
        raise field_error("document_id", "Обязательное поле.")
    record = access.owned(staff, data.get("document_id"))
    if record is None:
        raise ApiError(404, "Документ не найден.")
    added = access.add_viewers(record, data.get("staff"))
    db.session.commit()
    if wants_json():
        return negotiate(record, owner_record_json, "documents/detail.html")
    names = ", ".join(member.user.full_name or member.user.email for member in added) or "никто не добавлен"
    flash(f"Доступ открыт: {names}.", "success")
    return redirect(url_for("documents.documents_detail", public_id=record.public_id))
