"""The smart-documents start page: catalogues, document types and the latest documents."""
from flask import url_for
from flask_login import login_required

from portal.blueprints.smart_docs.common import current_staff
from portal.blueprints.smart_docs.views import bp
from portal.smart_docs.documents import recent_documents
from portal.smart_docs.money import money_str
from portal.smart_docs.service import CATALOGUES, RESOURCES
from portal.smart_docs.types import DOC_TYPES
from portal.web.negotiation import negotiate


def home_page(company_id: int) -> dict:
    """The data of the start page."""
    return {"catalogues": [RESOURCES[name] for name in CATALOGUES], "types": list(DOC_TYPES.values()),
            "recent": recent_documents(company_id, 10)}


def home_json(data: dict) -> dict:
    """Where everything is, and the latest documents."""
    return {
        "catalogues": {r.name: url_for(f"smart_doc.{r.name}_list", _external=True) for r in data["catalogues"]},
        "documents": {t.code: url_for(f"smart_doc.{t.path}_list", _external=True) for t in data["types"]},
        "recent": [
            {"id": d.public_id, "type": d.doc_type, "date": d.date.isoformat(), "total_sum": money_str(d.total_sum),
             "url": url_for(f"smart_doc.{DOC_TYPES[d.doc_type].path}_detail", public_id=d.public_id, _external=True)}
            for d in data["recent"]
        ],
    }


@bp.get("/")
@login_required
def home():
    """Start page of smart documents."""
    return negotiate(home_page(current_staff().company_id), home_json, "smart_docs/home.html")
