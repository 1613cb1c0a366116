"""The accountant's ledger: the registry, invoices' payments and state, and receivables."""
from portal.blueprints.ledger import invoice_views, payment_views, receivables_views  # noqa: F401  (routes)
from portal.blueprints.ledger.views import bp

__all__ = ["bp"]
