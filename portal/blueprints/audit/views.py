"""`/audit/`: the company's events, newest first, paginated, filtered by kind; directors only."""
from flask import Blueprint, request
from flask_login import current_user, login_required

from portal.audit.events import EVENT_LABELS, detail_text, event_label
from portal.audit.log import company_log_query, event_json
from portal.extensions import db
from portal.staffing.service import staff_of
from portal.web.negotiation import negotiate
from portal.web.pagination import page_json, page_request, paginate

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.get("/")
@login_required
def log():
    """The log page and its JSON twin (`?event=<code>&page=N`)."""
    event = request.args.get("event") or None
    query = company_log_query(staff_of(current_user), event)
    page = paginate(db.session, query, page_request())
    return negotiate(page, lambda p: page_json(p, event_json), "audit/log.html", event=event,
                     labels=EVENT_LABELS, label=event_label, detail=detail_text)
