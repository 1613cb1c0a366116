"""Smart documents: catalogues, line items and documents, as JSON and as pages.

Served under /smart_doc/ (and its /smart_docs/ alias, added app-wide by `portal.blueprints.alias`).
The view modules attach their routes to `bp`; importing them here completes the blueprint.
"""
from portal.blueprints.smart_docs import (  # noqa: F401
    builder_views, catalogue_views, document_views, home_views, settings_views, sync_views,
)
from portal.blueprints.smart_docs.views import bp

__all__ = ["bp"]
