"""Smart documents: catalogues, line items and documents, as JSON and as pages.

Served under /smart_doc/ and, because the seed used both spellings, under /smart_docs/ too:
`alias` mounts the same views a second time (endpoints `smart_docs.smart_doc.*`).
"""
from flask import Blueprint

from portal.blueprints.smart_docs.views import bp

alias = Blueprint("smart_docs", __name__, url_prefix="/smart_docs")
alias.register_blueprint(bp, url_prefix="")

__all__ = ["alias", "bp"]
