"""Companies of the directory (AUTH ONLY): the list with its filters, and one company."""
from flask import abort, request
from flask_login import login_required

from portal.blueprints.clients.views import Resource, bp
from portal.extensions import db
from portal.serializers.directory import company_json
from portal.services.directory import LISTINGS
from portal.web.negotiation import negotiate
from portal.web.pagination import page_json, page_request, paginate

COMPANIES = Resource("clients", company_json, "Компании", auth_only=True)


@bp.get("/clients/")
@login_required
def clients_list():
    """Companies, filtered as the query string asks."""
    page = paginate(db.session, LISTINGS["clients"].query(request.args), page_request())
    return negotiate(
        page, lambda p: page_json(p, company_json), "clients/list.html",
        resource=COMPANIES, rows=[company_json(item) for item in page.items],
    )


@bp.get("/clients/<public_id>/")
@login_required
def clients_detail(public_id: str):
    """One company."""
    company = LISTINGS["clients"].get(public_id)
    if company is None:
        abort(404)
    return negotiate(company, company_json, "clients/detail.html", resource=COMPANIES, row=company_json(company))
