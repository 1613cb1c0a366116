"""Issued documents: issuing, downloads, ZIP, sharing, numbering settings and verification."""
from portal.blueprints.documents import bulk_views, check_views, mail_views, settings_views, views  # noqa: F401  (register the routes)
from portal.blueprints.documents.common import bp

__all__ = ["bp"]
