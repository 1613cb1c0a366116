"""The accountant's ledger: the registry, invoices' payments and state, receivables, exports,
bank statements and the акт сверки."""
from portal.blueprints.ledger import invoice_views, payment_views, receivables_views  # noqa: F401  (routes)
from portal.blueprints.ledger.views import bp
from portal.blueprints.ledger import exports, reconciliation, statements  # noqa: F401,E402  (routes on bp)

__all__ = ["bp"]
