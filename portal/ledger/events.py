"""What the ledger tells the company's webhooks: `payment.recorded`, `invoice.paid`,
`document.annulled`, `statement.imported` (inside the writing transaction, so a rollback owes
nothing) and `invoice.overdue` (the hourly reminders pass, once per invoice).

Each body's `data` is the object's JSON twin: a payment as GET /ledger/payments/<id>/ shows it,
an invoice as GET /smart_doc/documents/<id>/ shows the issued document, a bank statement as
GET /ledger/statements/ lists it (a file with no new lines is no new statement: nothing is owed).
"""
from datetime import date

from sqlalchemy import select

from portal.extensions import db
from portal.models.ledger import LedgerInvoice, Payment
from portal.timeutil import now_utc, today_almaty

OVERDUE_BATCH = 500


def _subscribed(company_id: int, event: str) -> bool:
    from portal.webhooks.service import subscribed_endpoints

    return bool(subscribed_endpoints(company_id, event))


def _emit(company_id: int, event: str, payload: dict) -> None:
    from portal.webhooks.service import emit

    emit(company_id, event, payload)


def _invoice_payload(invoice: LedgerInvoice) -> dict:
    from portal.webhooks.payloads import issued_document

    return issued_document(invoice.document)


def payment_recorded(payment: Payment) -> None:
    if not _subscribed(payment.company_id, "payment.recorded"):
        return
    from portal.ledger.payment_json import payment_json
    from portal.webhooks.payloads import _url_context

    with _url_context(payment.invoice.document.verify_url):
        _emit(payment.company_id, "payment.recorded", payment_json(payment))


def invoice_paid(invoice: LedgerInvoice) -> None:
    if _subscribed(invoice.company_id, "invoice.paid"):
        _emit(invoice.company_id, "invoice.paid", _invoice_payload(invoice))


def invoice_annulled(invoice: LedgerInvoice) -> None:
    if _subscribed(invoice.company_id, "document.annulled"):
        _emit(invoice.company_id, "document.annulled", _invoice_payload(invoice))


def statement_imported(statement) -> None:
    if not _subscribed(statement.company_id, "statement.imported"):
        return
    from portal.ledger.statements.serializers import statement_json
    from portal.webhooks.payloads import _url_context

    with _url_context(None):
        _emit(statement.company_id, "statement.imported", statement_json(statement))


def emit_overdue(today: date | None = None) -> int:
    """Owe `invoice.overdue` for every open invoice past its due date not yet told; commits."""
    today = today or today_almaty()
    told = 0
    while True:
        invoices = db.session.execute(
            select(LedgerInvoice).where(LedgerInvoice.payment_status.in_(("unpaid", "partial")),
                                        LedgerInvoice.due_date < today,
                                        LedgerInvoice.overdue_notified_at.is_(None))
            .order_by(LedgerInvoice.document_id).limit(OVERDUE_BATCH).with_for_update(of=LedgerInvoice, skip_locked=True)
        ).unique().scalars().all()
        if not invoices:
            return told
        now = now_utc()
        subscribed: dict[int, bool] = {}  # one endpoints query per company, not per invoice
        for invoice in invoices:
            invoice.overdue_notified_at = now
            if invoice.company_id not in subscribed:
                subscribed[invoice.company_id] = _subscribed(invoice.company_id, "invoice.overdue")
            if subscribed[invoice.company_id]:
                _emit(invoice.company_id, "invoice.overdue", _invoice_payload(invoice))
                told += 1
        db.session.commit()
