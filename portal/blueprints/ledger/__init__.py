"""The accountant's ledger: the registry of issued and drafted documents, its exports, bank statements."""
from portal.blueprints.ledger.views import bp
from portal.blueprints.ledger import exports, reconciliation, statements  # noqa: F401,E402  (routes on bp)

__all__ = ["bp"]
