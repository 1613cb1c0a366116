"""What the dashboard shows, built once for the page and its JSON twin (`serializers`).

Market data and documents come from their own services (portal.market, portal.smart_docs);
the dashboard only picks what it shows and how much.
"""

from portal.market.service import latest_news, latest_rates
from portal.models import User
from portal.identity.proofs import is_proven
from portal.smart_docs.documents import recent_documents
from portal.staffing.claims import own_requests, pending_requests
from portal.staffing.service import company_members, staff_of

NEWS_ON_DASHBOARD = 3
DOCUMENTS_ON_DASHBOARD = 5


def dashboard_data(user: User) -> dict:
    """Everything the home page shows: a welcome for visitors, the company at a glance for staff."""
    data = {
        "account": None, "staff": None, "company": None, "members": [], "rates": None, "news": [],
        "documents": [], "my_requests": [], "pending_requests": 0, "proven": False,
    }
    if not getattr(user, "is_authenticated", False):
        return data
    staff = staff_of(user)
    data.update(account=user, staff=staff, rates=latest_rates(), news=latest_news(NEWS_ON_DASHBOARD))
    if staff is None:
        data["my_requests"] = own_requests(user)
        return data
    data.update(
        company=staff.company,
        members=company_members(staff.company_id),
        documents=recent_documents(staff.company_id, DOCUMENTS_ON_DASHBOARD),
        pending_requests=len(pending_requests(staff.company_id)) if staff.is_director else 0,
        proven=is_proven(staff.company_id),
    )
    return data
