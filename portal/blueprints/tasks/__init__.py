"""Background work: a run's progress, the director's list of runs and failed e-mails, retries."""
from portal.blueprints.tasks import views  # noqa: F401  (register the routes)
from portal.blueprints.tasks.views import bp

__all__ = ["bp"]
