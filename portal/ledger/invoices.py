"""An invoice's life besides payments: finding it by its public id, annulling it, and the acts and
waybills that close it. Like payments.py, nothing here commits: the views and commands do."""
from sqlalchemy import select

from portal.errors import ApiError, ValidationFailed, field_error
from portal.extensions import db
from portal.ledger import events
from portal.models import Staff
from portal.models.base import PUBLIC_ID_RE
from portal.models.issued import IssuedDocument
from portal.models.ledger import CLOSING_TYPES, INVOICE_TYPE, InvoiceClosing, LedgerInvoice
from portal.ledger.payments import settle_status
from portal.timeutil import now_utc

MAX_REASON = 500


def invoice_by_public_id(company_id: int, public_id: str, *, lock: bool = False) -> LedgerInvoice:
    """The company's invoice by the issued document's public id; another company's is a 404 too."""
    if not isinstance(public_id, str) or not PUBLIC_ID_RE.match(public_id):
        raise ApiError(404, "Счёт не найден.")
    query = (select(LedgerInvoice).join(IssuedDocument, IssuedDocument.id == LedgerInvoice.document_id)
             .where(LedgerInvoice.company_id == company_id, IssuedDocument.public_id == public_id))
    if lock:
        query = query.with_for_update(of=LedgerInvoice)
    invoice = db.session.execute(query).unique().scalar_one_or_none()
    if invoice is None:
        raise ApiError(404, "Счёт не найден.")
    return invoice


def annul_invoice(staff: Staff, invoice: LedgerInvoice, reason) -> LedgerInvoice:
    """Annul an invoice: director only, with a reason. The PDF and the number stay; payments already
    recorded become the counterparty's credit, and no new payment is accepted."""
    if not staff.is_director:
        raise ApiError(403, "Аннулировать счёт может только директор компании.")
    if invoice.annulled_at is not None:
        raise ApiError(409, "Счёт уже аннулирован.")
    text = " ".join(str(reason or "").split()) if isinstance(reason, (str, type(None))) else ""
    if not text:
        raise field_error("reason", "Укажите причину аннулирования.")
    if len(text) > MAX_REASON:
        raise field_error("reason", f"Не больше {MAX_REASON} символов.")
    return mark_annulled(invoice, text, staff.user_id)


def mark_annulled(invoice: LedgerInvoice, reason: str, user_id: int | None, at=None) -> LedgerInvoice:
    """Record the annulment (the checks are the caller's: annul_invoice for people)."""
    invoice.annulled_at = at or now_utc()
    invoice.annul_reason = reason
    invoice.annulled_by = user_id
    settle_status(invoice)
    db.session.flush()
    events.invoice_annulled(invoice)
    return invoice


def annulment_of(document_id: int) -> LedgerInvoice | None:
    """The ledger row of an annulled invoice (for the verification page), or None."""
    invoice = db.session.get(LedgerInvoice, document_id)
    return invoice if invoice is not None and invoice.annulled_at is not None else None


def closings_of(invoice: LedgerInvoice) -> list[InvoiceClosing]:
    """The acts and waybills linked to the invoice, in the order they were linked."""
    return list(db.session.execute(
        select(InvoiceClosing).where(InvoiceClosing.company_id == invoice.company_id,
                                     InvoiceClosing.invoice_id == invoice.document_id)
        .order_by(InvoiceClosing.created, InvoiceClosing.closing_document_id)
    ).unique().scalars())


def closing_of(company_id: int, document_id: int) -> InvoiceClosing | None:
    """The link of an issued act or waybill to the invoice it closes, if there is one."""
    return db.session.execute(
        select(InvoiceClosing).where(InvoiceClosing.company_id == company_id,
                                     InvoiceClosing.closing_document_id == document_id)
    ).unique().scalar_one_or_none()


def closable_documents(invoice: LedgerInvoice, limit: int = 50) -> list[IssuedDocument]:
    """The company's issued acts and waybills to the invoice's counterparty that close nothing yet."""
    linked = select(InvoiceClosing.closing_document_id).where(InvoiceClosing.company_id == invoice.company_id)
    where = [IssuedDocument.company_sender_id == invoice.company_id, IssuedDocument.type.in_(CLOSING_TYPES),
             IssuedDocument.id.not_in(linked)]
    if invoice.counterparty_id is not None:
        where.append(IssuedDocument.company_recipient_id == invoice.counterparty_id)
    return list(db.session.execute(
        select(IssuedDocument).where(*where).order_by(IssuedDocument.doc_date.desc(), IssuedDocument.id.desc())
        .limit(limit)
    ).unique().scalars())


def _closing_document(company_id: int, public_id) -> IssuedDocument:
    if not isinstance(public_id, str) or not PUBLIC_ID_RE.match(public_id):
        raise field_error("document", "Выберите выпущенный акт или накладную.")
    record = db.session.execute(
        select(IssuedDocument).where(IssuedDocument.company_sender_id == company_id,
                                     IssuedDocument.public_id == public_id)
    ).unique().scalar_one_or_none()
    if record is None:
        raise field_error("document", "Документ не найден среди выпущенных вашей компанией.")
    if record.type not in CLOSING_TYPES:
        raise field_error("document", "Счёт закрывают только акт выполненных работ (Р-1) или накладная (З-2).")
    return record


def link_closing(staff: Staff, invoice: LedgerInvoice, document_public_id) -> InvoiceClosing:
    """Link an issued act or waybill of the same company to the invoice it closes."""
    record = _closing_document(staff.company_id, document_public_id)
    if invoice.counterparty_id is not None and record.company_recipient_id not in (None, invoice.counterparty_id):
        raise field_error("document", "Документ выписан другому контрагенту, чем счёт.")
    existing = closing_of(staff.company_id, record.id)
    if existing is not None:
        if existing.invoice_id == invoice.document_id:
            return existing
        raise ValidationFailed({"document": [f"Документ уже закрывает счёт № {existing.invoice.number}."]})
    closing = InvoiceClosing(closing_document_id=record.id, invoice_id=invoice.document_id,
                             company_id=staff.company_id, created_by=staff.user_id, created=now_utc())
    db.session.add(closing)
    db.session.flush()
    return closing


def unlink_closing(staff: Staff, invoice: LedgerInvoice, document_public_id) -> None:
    """Remove the link of an act or waybill to this invoice; a document not linked to it is a 404."""
    if not isinstance(document_public_id, str) or not PUBLIC_ID_RE.match(document_public_id):
        raise ApiError(404, "Связь не найдена.")
    closing = db.session.execute(
        select(InvoiceClosing).join(IssuedDocument, IssuedDocument.id == InvoiceClosing.closing_document_id)
        .where(InvoiceClosing.company_id == staff.company_id, InvoiceClosing.invoice_id == invoice.document_id,
               IssuedDocument.public_id == document_public_id)
    ).unique().scalar_one_or_none()
    if closing is None:
        raise ApiError(404, "Связь не найдена.")
    db.session.delete(closing)
    db.session.flush()


def is_invoice(record: IssuedDocument) -> bool:
    return record.type == INVOICE_TYPE
