"""The dashboard: the user's company at a glance."""
from flask import Blueprint
from flask_login import current_user

from portal.services.staff import staff_of
from portal.web.negotiation import negotiate

bp = Blueprint("dashboard", __name__)


def dashboard_data(user) -> dict:
    """Everything the dashboard shows, for the page and its JSON twin."""
    staff = staff_of(user)
    return {"staff": staff, "company": staff.company if staff else None}


def dashboard_json(data: dict) -> dict:
    from portal.serializers.directory import company_json, staff_json

    return {
        "user": staff_json(data["staff"]) if data["staff"] else None,
        "company": company_json(data["company"]) if data["company"] else None,
    }


@bp.get("/")
def home():
    """The landing page: the dashboard for staff, a welcome for visitors."""
    return negotiate(dashboard_data(current_user), dashboard_json, "dashboard/home.html")
