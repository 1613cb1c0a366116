"""The company's audit log, for its director."""
from portal.blueprints.audit.views import bp

__all__ = ["bp"]
