"""The blueprint and the modules that add its routes."""
from flask import Blueprint

bp = Blueprint("smart_doc", __name__, url_prefix="/smart_doc")


@bp.context_processor
def navigation() -> dict:
    """What every smart-doc page's sub-navigation and labels need (other blueprints that render
    a smart-doc page call it too)."""
    from portal.smart_docs.service import CATALOGUES, RESOURCES
    from portal.smart_docs.types import ACTOR_LABELS, DOC_TYPES, TERM_LABELS

    return {
        "sd_types": list(DOC_TYPES.values()), "sd_doc_types": DOC_TYPES,
        "sd_catalogues": [RESOURCES[name] for name in CATALOGUES],
        "actor_labels": ACTOR_LABELS, "term_labels": TERM_LABELS,
    }

