"""`/ledger/`: the registry of everything the company issued and drafted (page, htmx, JSON)."""
from flask import Blueprint, request
from flask_login import login_required

from portal.blueprints.smart_docs.common import current_staff
from portal.ledger.filters import KINDS, REGISTRY_TYPES, SORTS, STATUSES, read_filters
from portal.ledger.payments import STATES as PAYMENT_STATES
from portal.ledger.registry import registry_page
from portal.ledger.serializers import row_json, row_url
from portal.paging import Page
from portal.web.negotiation import negotiate, wants_json
from portal.web.pagination import page_json, page_request

bp = Blueprint("ledger", __name__, url_prefix="/ledger")


@bp.get("/")
@login_required
def registry():
    """The registry; filters live in the query string, so a reload or a shared link shows the same."""
    staff = current_staff()
    wanted = read_filters(request.args)
    status = 200
    if wanted.errors and not wants_json():
        # People see the form again with the messages beside the fields, and no rows.
        page, status = Page(items=[], count=0, page=1, page_size=1), 400
    else:
        page = registry_page(staff.company_id, wanted, page_request())
    return negotiate(page, lambda p: page_json(p, row_json), "ledger/registry.html", partial="ledger/_rows.html",
                     status=status, filters=wanted, errors=wanted.errors, kinds=KINDS, sorts=SORTS,
                     statuses=STATUSES, doc_types=REGISTRY_TYPES, row_url=row_url,
                     payment_states=PAYMENT_STATES)
