"""The accountant's ledger: the registry of issued and drafted documents."""
from portal.blueprints.ledger.views import bp

__all__ = ["bp"]
