"""The home page: a landing page for visitors, the company dashboard for staff."""
from flask import Blueprint
from flask_login import current_user

from portal.dashboard.pages import dashboard_data
from portal.dashboard.serializers import dashboard_json, document_url
from portal.smart_docs.types import DOC_TYPES
from portal.web.negotiation import negotiate

DOC_TITLES = {code: kind.title for code, kind in DOC_TYPES.items()}

bp = Blueprint("dashboard", __name__)


@bp.get("/")
def home():
    """Visitors see what the portal offers; staff see their company, colleagues, market data, documents."""
    data = dashboard_data(current_user)
    if data["account"] is None:
        return negotiate(data, dashboard_json, "dashboard/landing.html")
    return negotiate(data, dashboard_json, "dashboard/home.html", document_url=document_url, doc_titles=DOC_TITLES)
