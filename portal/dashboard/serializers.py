"""The dashboard's JSON twin: `GET /` for API clients."""
from flask import url_for

from portal.directory.serializers import company_json, staff_json
from portal.market.serializers import currencies_json, news_list_item_json
from portal.smart_docs.money import money_str
from portal.smart_docs.types import DOC_TYPES
from portal.staffing.serializers import account_json, join_request_json, member_json


def document_url(doc, external: bool = False) -> str:
    """A document's page (`/smart_doc/<type path>/<id>/`)."""
    return url_for(f"smart_doc.{DOC_TYPES[doc.doc_type].path}_detail", public_id=doc.public_id, _external=external)


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
        "url": document_url(doc, external=True),
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
        "company_proven": data["proven"],
    }
