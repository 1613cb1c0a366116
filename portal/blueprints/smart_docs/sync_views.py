"""`/smart_doc/deleted/`: what a sync must remove (tombstones of the company's deleted objects)."""
from flask import request
from flask_login import login_required

from portal.blueprints.smart_docs.common import current_staff
from portal.blueprints.smart_docs.views import bp
from portal.directory.listings import check_params
from portal.smart_docs.tombstones import check_horizon, deleted_page, tombstone_json
from portal.web.negotiation import negotiate
from portal.web.pagination import page_json, page_request
from portal.web.sync import SYNC_PARAMS


@bp.get("/deleted/")
@login_required
def deleted_list():
    """The company's deleted smart-doc objects (`?updated_after=`, `?kind=`), oldest first; an
    `updated_after` older than the tombstones are kept is a 410 (resync fully)."""
    check_params(request.args, SYNC_PARAMS | {"kind"})
    check_horizon(request.args)
    page = deleted_page(current_staff().company_id, page_request(), request.args)
    return negotiate(page, lambda p: page_json(p, tombstone_json), "smart_docs/deleted.html")
