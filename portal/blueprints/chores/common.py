"""The blueprint and the small helpers its views share."""
from flask import Blueprint

bp = Blueprint("chores", __name__)
ID = "<string(length=8):public_id>"


@bp.app_context_processor
def _invoice_reminders_helper():
    """Lets the ledger's invoice card show its reminders section without knowing this area."""

    def invoice_reminders_of(public_id: str):
        from portal.blueprints.smart_docs.common import current_staff
        from portal.chores.pages import invoice_reminders
        from portal.timeutil import today_almaty

        return invoice_reminders(current_staff().company_id, public_id, today_almaty())

    return {"invoice_reminders_of": invoice_reminders_of}
