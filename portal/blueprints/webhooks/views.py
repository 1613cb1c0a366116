"""`/webhooks/`: endpoints of the caller's company (directors only), each with its delivery log.

Thin views: the rules are `portal.webhooks.service`'s; every page has its JSON twin."""
from flask import Blueprint, jsonify, request, url_for
from flask_login import current_user, login_required

from portal.staffing.service import staff_of
from portal.web.answers import answer_refused, answer_write, render_fragment
from portal.web.errors import ApiError, ValidationFailed
from portal.web.negotiation import negotiate, wants_json
from portal.web.pagination import page_json, page_request
from portal.webhooks import service
from portal.webhooks.explain import explain
from portal.webhooks.serializers import delivery_json, endpoint_json, endpoints_json
from portal.webhooks.signing import VERIFY_SNIPPET

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")
bp.add_app_template_global(explain, "explain_error")


def _director():
    return service.require_director(staff_of(current_user))


def _body() -> dict:
    if request.is_json:
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            raise ValidationFailed({"non_field_errors": ["Ожидается JSON-объект с полями."]})
        return data
    form = request.form
    return {"url": form.get("url", ""), "description": form.get("description", ""), "events": form.getlist("events")}


def _list_page(staff, status=200, values=None, errors=None, new=None):
    data = {"endpoints": service.endpoints(staff.company_id), "events": service.EVENTS}
    return negotiate(data, endpoints_json, "webhooks/list.html", status=status, values=values or {},
                     errors=errors or {}, new=new, snippet=VERIFY_SNIPPET)


@bp.get("/")
@login_required
def endpoints():
    """The company's endpoints and the events they may ask for."""
    return _list_page(_director())


@bp.post("/")
@login_required
def create():
    """Register an endpoint: 201 with its secret (shown this once); refused, the form again."""
    staff, data = _director(), _body()
    if wants_json():
        made = service.register(staff, data)
        return jsonify(endpoint_json(made.endpoint, made.secret)), 201
    try:
        made = service.register(staff, data)
    except ValidationFailed as exc:
        return _list_page(staff, 400, values=data, errors=exc.errors)
    except ApiError as exc:
        return answer_refused(exc, redirect_to=url_for("webhooks.endpoints"))
    return _list_page(staff, 201, new=made)


@bp.get("/<public_id>/")
@login_required
def endpoint(public_id: str):
    """One endpoint (JSON: the endpoint; the page also shows its latest deliveries)."""
    staff = _director()
    found = service.get_endpoint(staff.company_id, public_id)
    page = service.deliveries_page(found, page_request()) if not wants_json() else None
    return negotiate(found, endpoint_json, "webhooks/endpoint.html", endpoint=found, page=page)


@bp.delete("/<public_id>/")
@login_required
def delete(public_id: str):
    """Remove an endpoint and its log."""
    staff = _director()
    service.remove(service.get_endpoint(staff.company_id, public_id))
    return answer_write(None, "Адрес удалён.", redirect_to=url_for("webhooks.endpoints"))


@bp.post("/<public_id>/delete/")
@login_required
def delete_form(public_id: str):
    """Remove an endpoint from the page's plain form."""
    return delete(public_id)


@bp.post("/<public_id>/enable/")
@login_required
def enable(public_id: str):
    """Switch a disabled endpoint on again."""
    staff = _director()
    found = service.enable(service.get_endpoint(staff.company_id, public_id))
    return answer_write(endpoint_json(found), "Адрес снова включён.",
                        redirect_to=url_for("webhooks.endpoint", public_id=public_id))


@bp.post("/<public_id>/secret/")
@login_required
def rotate_secret(public_id: str):
    """A new secret (shown this once, in this answer: never flashed, which would keep it in the cookie)."""
    staff = _director()
    found = service.get_endpoint(staff.company_id, public_id)
    secret = service.rotate_secret(found)
    if wants_json():
        return jsonify(endpoint_json(found, secret))
    page = service.deliveries_page(found, page_request())
    return negotiate(found, endpoint_json, "webhooks/endpoint.html", endpoint=found, page=page, new_secret=secret)


@bp.get("/<public_id>/deliveries/")
@login_required
def deliveries(public_id: str):
    """The endpoint's deliveries, newest first, each with its attempts."""
    staff = _director()
    found = service.get_endpoint(staff.company_id, public_id)
    page = service.deliveries_page(found, page_request())
    return negotiate(page, lambda p: page_json(p, delivery_json), "webhooks/endpoint.html", endpoint=found, page=page)


@bp.post("/deliveries/<public_id>/resend/")
@login_required
def resend(public_id: str):
    """Send a delivery again now (202: queued; its log shows the attempt)."""
    staff = _director()
    delivery = service.get_delivery(staff.company_id, public_id)
    back = url_for("webhooks.endpoint", public_id=delivery.endpoint.public_id)
    try:
        delivery = service.resend(delivery)
    except ApiError as exc:
        return answer_refused(exc, redirect_to=back)
    return answer_write(delivery_json(delivery), "Доставка поставлена в очередь.", redirect_to=back, status=202)
