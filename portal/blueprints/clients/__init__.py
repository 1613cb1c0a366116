"""The company directory and the Clients API."""
from portal.blueprints.clients import (
    companies,  # noqa: F401  (registers the company views)
    directory_page,  # noqa: F401  (registers the directory page)
)
from portal.blueprints.clients.views import bp

__all__ = ["bp"]
