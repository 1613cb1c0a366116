"""What the dashboard shows, built once for the page and its JSON twin.

Market data and documents come from their own services (portal.market, portal.smart_docs);
the dashboard only picks what it shows and how much.
"""
from flask import request, url_for

from portal.market.serialize import currencies_json, news_list_item_json
from portal.market.service import latest_news, latest_rates
from portal.models import User
from portal.serializers.directory import company_json, staff_json
from portal.serializers.staffing import account_json, join_request_json, member_json
from portal.services.claims import own_requests, pending_requests
from portal.services.staff import staff_of
from portal.services.staffing import company_members
from portal.smart_docs.documents import recent_documents
from portal.smart_docs.money import money_str
from portal.smart_docs.types import DOC_TYPES

NEWS_ON_DASHBOARD = 3
DOCUMENTS_ON_DASHBOARD = 5


def document_url(doc) -> str:
    """A document's page under the smart-doc paths of the contract (`/smart_doc/<type path>/<id>/`)."""
    return f"/smart_doc/{DOC_TYPES[doc.doc_type].path}/{doc.public_id}/"


def dashboard_data(user: User) -> dict:
    """Everything the home page shows: a welcome for visitors, the company at a glance for staff."""
    data = {
        "account": None, "staff": None, "company": None, "members": [], "rates": None, "news": [],
        "documents": [], "my_requests": [], "pending_requests": 0,
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
    )
    return data


def document_brief_json(doc) -> dict:
    """A recent document as the dashboard lists it."""
    counterparty = doc.counterparty
    return {
        "id": doc.public_id,
        "type": doc.doc_type,
        "type_title": DOC_TYPES[doc.doc_type].title,
        "date": doc.date.isoformat() if doc.date else None,
        "counterparty": {"id": counterparty.public_id, "bin": counterparty.bin, "company_name": counterparty.company_name}
        if counterparty is not None else None,
        "total_sum": money_str(doc.total_sum),
        "url": request.url_root.rstrip("/") + document_url(doc),
    }


def dashboard_json(data: dict) -> dict:
    """`GET /` as JSON: `user` and `company` as in `/clients/get_user_company/`, then the rest."""
    company = data["company"]
    return {
        "account": account_json(data["account"]) if data["account"] else None,
        "user": staff_json(data["staff"]) if data["staff"] else None,
        "company": company_json(company) if company else None,
        "company_url": url_for("clients.clients_detail", public_id=company.public_id, _external=True) if company else None,
        "staff": [member_json(member) for member in data["members"]],
        "currencies": currencies_json(data["rates"]) if data["rates"] else None,
        "news": [news_list_item_json(item) for item in data["news"]],
        "documents": [document_brief_json(doc) for doc in data["documents"]],
        "join_requests": [join_request_json(join) for join in data["my_requests"]],
        "pending_join_requests": data["pending_requests"],
    }
