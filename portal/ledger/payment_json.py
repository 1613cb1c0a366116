"""JSON shapes of the ledger's invoices, payments, their history and the receivables."""
from flask import url_for

from portal.ledger.card import InvoiceCard
from portal.ledger.payments import STATES
from portal.ledger.receivables import CounterpartyDebt, Receivables
from portal.models.ledger import PAYMENT_METHODS, InvoiceClosing, LedgerInvoice, Payment, PaymentChange
from portal.smart_docs.money import money_str
from portal.timeutil import iso
from portal.web.pagination import page_json


def _user(user) -> dict | None:
    return {"id": user.public_id, "name": user.full_name or user.email} if user is not None else None


def invoice_url(invoice: LedgerInvoice, external: bool = True) -> str:
    return url_for("ledger.invoice_card", public_id=invoice.document.public_id, _external=external)


def invoice_brief(invoice: LedgerInvoice) -> dict:
    """The invoice as a payment names it."""
    return {"id": invoice.document.public_id, "number": invoice.number, "date": invoice.doc_date.isoformat(),
            "counterparty": {"name": invoice.counterparty_name, "bin": invoice.counterparty_bin},
            "url": invoice_url(invoice)}


def payment_json(payment: Payment) -> dict:
    return {
        "id": payment.public_id,
        "invoice": invoice_brief(payment.invoice),
        "paid_on": payment.paid_on.isoformat(),
        "amount": money_str(payment.amount),
        "method": payment.method,
        "method_text": PAYMENT_METHODS[payment.method],
        "reference": payment.reference,
        "note": payment.note,
        "from_statement": payment.statement_line_id is not None,
        "created": iso(payment.created),
        "updated": iso(payment.updated),
        "deleted": iso(payment.deleted_at),
        "url": url_for("ledger.payment_item", public_id=payment.public_id, _external=True),
    }


def change_json(change: PaymentChange) -> dict:
    return {"payment": change.payment.public_id, "action": change.action, "at": iso(change.at),
            "user": _user(change.user), "old": change.old_values, "new": change.new_values}


def closing_json(closing: InvoiceClosing) -> dict:
    record = closing.closing_document
    return {"id": record.public_id, "type": record.type, "title": record.title, "number": record.number,
            "date": record.doc_date.isoformat(), "total_sum": money_str(record.total_sum),
            "invoice": closing.invoice.document.public_id,
            "url": url_for("documents.documents_detail", public_id=record.public_id, _external=True)}


def invoice_json(card: InvoiceCard) -> dict:
    inv = card.invoice
    return {
        "id": inv.document.public_id,
        "doc_id": inv.document.doc_id,
        "number": inv.number,
        "date": inv.doc_date.isoformat(),
        "due_date": inv.due_date.isoformat() if inv.due_date else None,
        "counterparty": {"name": inv.counterparty_name, "bin": inv.counterparty_bin},
        "amount": money_str(inv.amount),
        "paid": money_str(inv.paid),
        "remaining": money_str(card.remaining),
        "overpaid": money_str(card.overpaid),
        "state": card.state,
        "state_text": STATES[card.state],
        "paid_at": iso(inv.paid_at),
        "annulled": {"at": iso(inv.annulled_at), "reason": inv.annul_reason, "by": _user(inv.annulled_by_user)}
        if inv.annulled_at else None,
        "payments": [payment_json(p) for p in card.payments],
        "history": [change_json(c) for c in card.history],
        "closed_by": [closing_json(c) for c in card.closings],
        "document_url": url_for("documents.documents_detail", public_id=inv.document.public_id, _external=True),
        "url": invoice_url(inv),
    }


def counterparty_json(c: CounterpartyDebt) -> dict:
    return {"bin": c.bin, "name": c.name, "owed": money_str(c.owed), "overdue": money_str(c.overdue),
            "open_invoices": c.open_invoices, "credit": money_str(c.credit), "balance": money_str(c.balance)}


def receivables_json(data: Receivables) -> dict:
    return {
        "date": data.today.isoformat(),
        "owed": money_str(data.owed),
        "overdue": money_str(data.overdue),
        "open_invoices": data.open_count,
        "overdue_invoices": data.overdue_count,
        "credit": money_str(data.credit),
        "aging": [{"bucket": code, "label": label, "amount": money_str(amount), "invoices": count}
                  for code, label, amount, count in data.buckets],
        # A page of them in the portal's envelope (count, next, previous, results): `page`, `page_size`.
        "counterparties": page_json(data.counterparties, counterparty_json),
        "counterparty_count": data.counterparty_count,
        "months": [{"month": f"{m.year:04d}-{m.month:02d}", "issued": money_str(m.issued), "paid": money_str(m.paid)}
                   for m in data.months],
    }
