"""Issuing an акт сверки: the same number, doc_id, QR, PDF and record path as every issued document.

The act has no smart-document source, so `portal.documents.issue.issue` (built around one) is
not used; its parts are: the company's own counter for type `rc` (numbering.take_next), the
13-digit doc_id and public id, the verification URL and QR, the WeasyPrint render, and the
record's columns (`record_columns`) with the PDF, all in one transaction. The number is taken
before rendering on both databases (on SQLite that holds the write lock for the render, ~0.1 s:
acts are rare, unlike invoices, whose SQLite path renders first). Each act is a new document:
the period's figures change with every payment, so there is no «already issued» to answer.
"""
import hashlib

from portal.documents import numbering
from portal.documents.context import stamp
from portal.documents.issue import record_columns
from portal.documents.qr import qr_data_uri, verification_url
from portal.documents.render import render_pdf
from portal.extensions import db
from portal.identity.proofs import require_proven
from portal.ledger.reconciliation import DOC_TYPE, print_context, reconcile
from portal.models import Company, Staff
from portal.models.base import new_public_id
from portal.models.issued import FORMS, IssuedDocument, IssuedFile
from portal.timeutil import now_utc, today_almaty
from portal.errors import ValidationFailed
from sqlalchemy import select


def preview_context(staff: Staff, counterparty_bin: str, start, end) -> dict:
    company = db.session.get(Company, staff.company_id)
    return print_context(company, reconcile(staff.company_id, counterparty_bin, start, end), today_almaty())


def issue_reconciliation(staff: Staff, counterparty_bin: str, start, end, base_url: str,
                         form: str = "pr") -> IssuedDocument:
    """Number, render and store the act; commits, or rolls back everything and re-raises."""
    require_proven(staff, "выпускать документы")
    if form not in FORMS:
        raise ValidationFailed({"form": ["Форма: pu (публичный) или pr (закрытый)."]})
    context = preview_context(staff, counterparty_bin, start, end)
    session = db.session
    year = context["date"].year
    try:
        seq = numbering.take_next(session, staff.company_id, DOC_TYPE, year)
        doc_id, public_id = numbering.new_identifiers(session)
        url = verification_url(base_url, doc_id)
        issued_at = now_utc()
        printed = stamp(context, number=numbering.format_number(year, seq), doc_id=doc_id, verify_url=url,
                        qr=qr_data_uri(url), issued_at=issued_at)
        pdf = render_pdf(DOC_TYPE, printed)
        recipient = session.execute(select(Company.id).where(Company.bin == counterparty_bin)).scalar()
        record = IssuedDocument(
            **record_columns(staff, context, doc_type=DOC_TYPE, form=form, content_id=new_public_id(),
                             recipient_id=recipient, year=year, seq=seq, doc_id=doc_id, verify_url=url,
                             issued_at=issued_at, email_recipients=[], public_id=public_id),
            sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf),
        )
        record.file = IssuedFile(pdf=pdf)
        session.add(record)
        session.commit()
        return record
    except Exception:
        session.rollback()
        raise
