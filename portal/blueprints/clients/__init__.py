"""The company directory and the Clients API."""
from portal.blueprints.clients.views import bp

__all__ = ["bp"]
