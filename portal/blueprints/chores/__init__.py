"""Recurring documents (`/recurring/`), reminder rules (`/reminders/`) and an invoice's reminders."""
from portal.blueprints.chores import reminder_views, schedule_views  # noqa: F401  (routes)
from portal.blueprints.chores.common import bp

__all__ = ["bp"]
