"""What an invoice's ledger card shows: state, payments, their history, and the closing documents."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portal.ledger import invoices, payments
from portal.models.issued import IssuedDocument
from portal.models.ledger import InvoiceClosing, LedgerInvoice, Payment, PaymentChange


@dataclass
class InvoiceCard:
    invoice: LedgerInvoice
    state: str
    remaining: Decimal
    overpaid: Decimal
    payments: list[Payment]
    history: list[PaymentChange]
    closings: list[InvoiceClosing]
    closable: list[IssuedDocument]

    @property
    def record(self) -> IssuedDocument:
        return self.invoice.document

    @property
    def state_text(self) -> str:
        return payments.STATES[self.state]


def card_of(invoice: LedgerInvoice, today: date) -> InvoiceCard:
    """The card's data for an invoice already found inside the caller's company."""
    return InvoiceCard(
        invoice=invoice, state=payments.invoice_state(invoice, today), remaining=payments.remaining(invoice),
        overpaid=payments.overpaid(invoice), payments=payments.live_payments(invoice),
        history=payments.payment_history(invoice.company_id, invoice.document_id),
        closings=invoices.closings_of(invoice), closable=invoices.closable_documents(invoice),
    )


def invoice_card(company_id: int, public_id: str, today: date) -> InvoiceCard:
    """The company's invoice card by the issued document's public id (404 for anyone else's)."""
    return card_of(invoices.invoice_by_public_id(company_id, public_id), today)
