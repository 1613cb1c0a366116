"""Ledger test data: issued invoice records written straight to the database (no PDF rendering),
so a test can have many invoices with chosen amounts, dates and due dates. The issuing listener
opens their ledger rows exactly as for a real issue. No tests here."""
import hashlib
import itertools
from datetime import date, datetime, timezone
from decimal import Decimal

from portal.extensions import db
from portal.models import Company, IssuedDocument, LedgerInvoice

_seq = itertools.count(1)


def make_invoice(company: Company, counterparty: Company | None, amount: str, doc_date: date,
                 due_date: date | None = None, doc_type: str = "ip") -> LedgerInvoice | IssuedDocument:
    """An issued record of `doc_type` (its ledger row for an invoice) with the given figures."""
    seq = next(_seq)
    record = IssuedDocument(
        doc_id=f"9{seq:012d}", type=doc_type, form="pu", content_id=f"{seq:08x}", year=doc_date.year, seq=seq,
        number=f"{doc_date.year}-{seq:06d}", title="Счёт на оплату", doc_date=doc_date, total_sum=Decimal(amount),
        nds_percent=Decimal("0"), nds_sum=Decimal("0"), company_sender_id=company.id,
        company_recipient_id=counterparty.id if counterparty else None, sender_name=company.company_name,
        sender_bin=company.bin, recipient_name=counterparty.company_name if counterparty else None,
        recipient_bin=counterparty.bin if counterparty else None, email_recipients=[],
        verify_url=f"http://localhost/verify/9{seq:012d}/", sha256=hashlib.sha256(str(seq).encode()).hexdigest(),
        size=1, created=datetime.combine(doc_date, datetime.min.time(), tzinfo=timezone.utc),
    )
    db.session.add(record)
    db.session.flush()
    if doc_type != "ip":
        db.session.commit()
        return record
    invoice = db.session.get(LedgerInvoice, record.id)
    invoice.due_date = due_date
    db.session.commit()
    return invoice
