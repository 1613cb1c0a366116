"""`reminder.sent`: a payment reminder's e-mail went out (the mail server took it).

The e-mail is an ordinary `MailDelivery`, sent by portal.documents.mail with the same attempts
and retries as every other, so the event is owed where its status turns `sent`: in the flush
that writes it, inside the same transaction (a rolled-back attempt tells nothing, a retried one
tells once, when it succeeds). `outbox` (mail switched off, the message kept in a file) is not
a sending and tells nothing.
"""
from sqlalchemy import event as sa_event, inspect, select
from sqlalchemy.orm import Session

from portal.models import MailDelivery
from portal.models.chores import InvoiceReminder, ReminderRule
from portal.models.ledger import LedgerInvoice
from portal.timeutil import iso

EVENT = "reminder.sent"


def reminder_json(reminder: InvoiceReminder, mail: MailDelivery, session: Session) -> dict:
    """The event's `data`: which invoice, by which rule (null: sent by hand), to whom, when."""
    invoice = session.get(LedgerInvoice, reminder.document_id)
    document = invoice.document
    rule = session.get(ReminderRule, reminder.rule_id) if reminder.rule_id else None
    return {
        "invoice": {"id": document.public_id, "number": document.number, "date": document.doc_date.isoformat()},
        "rule": rule.public_id if rule else None,
        "days": reminder.days,
        "by_hand": reminder.days is None,
        "recipients": list(mail.recipients),
        "subject": mail.subject,
        "sent_at": iso(mail.sent_at),
    }


def _became_sent(mail: MailDelivery) -> bool:
    history = inspect(mail).attrs.status.history
    return mail.status == "sent" and "sent" in (history.added or ()) and "sent" not in (history.deleted or ())


# First among the flush's listeners: the deliveries it owes still get their public ids there.
@sa_event.listens_for(Session, "before_flush", insert=True)
def _tell_sent_reminders(session: Session, flush_context, instances) -> None:
    sent = [obj for obj in session.dirty if isinstance(obj, MailDelivery) and _became_sent(obj)]
    if not sent:
        return
    from portal.webhooks.service import emit

    with session.no_autoflush:
        for mail in sent:
            reminder = session.execute(select(InvoiceReminder).where(InvoiceReminder.mail_id == mail.id)).scalar_one_or_none()
            if reminder is not None:
                emit(reminder.company_id, EVENT, reminder_json(reminder, mail, session))
