"""«Настройки документов»: VAT payer, «Цены включают НДС» and the VAT registration certificate."""
from flask import flash, make_response, redirect, render_template, request, url_for
from flask_login import login_required

from portal.blueprints.smart_docs.common import current_staff, payload
from portal.blueprints.smart_docs.views import bp
from portal.smart_docs.settings import (
    doc_settings,
    save_settings,
    settings_input,
    settings_json,
)
from portal.web.errors import ValidationFailed
from portal.web.negotiation import add_vary, negotiate, wants_json


def _form_payload(form) -> dict:
    """The page's inputs as the API's keys: an unticked checkbox is sent as false."""
    data = {key: form.get(key, "") for key in ("vat_series", "vat_number", "vat_date")}
    data.update({key: key in form for key in ("vat_payer", "prices_include_vat")})
    return data


def _page(values: dict, errors: dict | None = None, status: int = 200):
    """The settings page with its values and messages."""
    response = make_response(render_template("smart_docs/settings.html", values=values, errors=errors or {}), status)
    return add_vary(response, "Accept", "HX-Request")


@bp.route("/settings/", methods=["GET", "PUT", "PATCH", "POST"], endpoint="doc_settings")
@login_required
def doc_settings_page():
    """Show or change the company's document settings (JSON: PUT/PATCH; the page: POST)."""
    staff = current_staff()
    if request.method == "GET":
        return negotiate(doc_settings(staff.company_id), settings_json, "smart_docs/settings.html",
                         values=settings_input(doc_settings(staff.company_id)), errors={})
    if request.method in ("PUT", "PATCH") and not request.is_json:
        raise ValidationFailed({"non_field_errors": ["Ожидается JSON-объект с настройками (Content-Type: application/json)."]})
    # The page posts its form; an API client may POST JSON, which is saved as PUT.
    data = payload() if request.is_json else _form_payload(request.form)
    try:
        saved = save_settings(staff.company_id, data, partial=request.method == "PATCH")
    except ValidationFailed as exc:
        if wants_json():
            raise
        return _page(data, exc.errors, status=400)
    if wants_json():
        return negotiate(saved, settings_json, "smart_docs/settings.html")
    flash("Настройки документов сохранены.", "success")
    return redirect(url_for("smart_doc.doc_settings"))

