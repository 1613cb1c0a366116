"""The machine-readable API description."""
from portal.blueprints.api_docs.views import bp

__all__ = ["bp"]
