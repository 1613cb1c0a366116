"""E-mail an issued PDF (again) from its page or the API; the sending company's staff only."""
from flask import Response, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import login_required

from portal.blueprints.documents.common import route
from portal.blueprints.documents.forms import MailForm
from portal.blueprints.documents.views import deliveries, detail_context
from portal.blueprints.smart_docs.common import current_staff, payload
from portal.documents import access
from portal.documents.issue_request import parse_recipients
from portal.documents.mail import for_viewer, send_again
from portal.documents.serializers import delivery_json, mail_json
from portal.extensions import limiter
from portal.web.errors import ApiError, ValidationFailed
from portal.web.negotiation import add_vary, is_htmx, wants_json


def _send_limit() -> str:
    """MAIL_SEND_LIMIT, read per request so tests and deployments can set it."""
    return current_app.config["MAIL_SEND_LIMIT"]


def _sender_key() -> str:
    """Limit per user (a shared office IP must not block colleagues)."""
    staff = current_staff()
    return f"user:{staff.user_id}" if staff is not None else f"ip:{request.remote_addr}"


@route("/documents/<string(length=8):public_id>/mail/", methods=["POST"])
@login_required
@limiter.limit(_send_limit, key_func=_sender_key, scope="document-mail")
def documents_mail(public_id: str):
    """Send the PDF to `email_recipients`: 201 with the e-mail's state, or back to the page."""
    staff = current_staff()
    record = access.owned(staff, public_id)
    if record is None:
        raise ApiError(404, "Документ не найден.")
    raw = payload().get("email_recipients") if request.is_json else request.form.get("email_recipients", "")
    recipients, errors = parse_recipients(raw)
    if not recipients and not errors:
        errors = ["Укажите хотя бы один адрес."]
    if errors:
        if wants_json():
            raise ValidationFailed({"email_recipients": errors})
        form = MailForm(formdata=request.form)
        form.email_recipients.errors = errors
        page = render_template("documents/detail.html", data=record, **detail_context(record, True, form))
        return page, 400
    mail, delivery = send_again(record, recipients, staff.user_id)
    if wants_json():
        response = jsonify({**mail_json(mail), "delivery": delivery_json(delivery)})
        response.status_code = 201
        return add_vary(response, "Accept", "HX-Request")
    flash(for_viewer(delivery, staff.is_director).detail, "success" if delivery.status in ("sent", "outbox") else "warning")
    return redirect(url_for("documents.documents_detail", public_id=record.public_id))


@route("/documents/<string(length=8):public_id>/mail/", methods=["GET"])
@login_required
def documents_mails(public_id: str):
    """The document's e-mails and where each stands: JSON, the htmx partial the page polls while
    one waits for the queue, or (a person following the link) the document page."""
    record = access.owned(current_staff(), public_id)
    if record is None:
        raise ApiError(404, "Документ не найден.")
    if wants_json():
        return add_vary(jsonify({"results": [mail_json(mail) for mail in record.mails]}), "Accept", "HX-Request")
    if not is_htmx():
        return redirect(url_for("documents.documents_detail", public_id=record.public_id, _anchor="mail"))
    html = render_template("documents/_mails.html", data=record, deliveries=deliveries(record))
    return add_vary(Response(html, mimetype="text/html"), "Accept", "HX-Request")
