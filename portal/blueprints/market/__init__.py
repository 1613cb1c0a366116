"""Market data pages and API: exchange rates, the converter, business news."""
from portal.blueprints.market.views import bp

__all__ = ["bp"]
