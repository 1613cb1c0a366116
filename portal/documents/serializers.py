"""JSON shapes of issued documents: the seed's record keys, plus number, hash and dates."""
from flask import url_for

from portal.identity.proofs import authority_text
from portal.documents.mail import Delivery, report
from portal.documents.verify import VerificationView
from portal.models.issued import IssuedDocument, MailDelivery
from portal.smart_docs.money import money_str
from portal.timeutil import iso


def _company_id(company) -> str | None:
    return company.public_id if company is not None else None


def record_json(record: IssuedDocument, private_details: bool = True) -> dict:
    """One issued document, as `/smart_doc/documents/` returns it.

    `private_details=False` (a file check by someone outside the document's circle) gives
    `email_recipients` and `viewers` as null: holding the file proves what it says, not who
    else received it.
    """
    return {
        "id": record.public_id,
        "doc_id": record.doc_id,
        "type": record.type,
        "form": record.form,
        "content_id": record.content_id,
        "file": url_for("documents.file", public_id=record.public_id, _external=True),
        "qr_code": url_for("documents.qr_code", public_id=record.public_id, _external=True),
        "user": record.user.public_id if record.user is not None else None,
        "company_sender": _company_id(record.company_sender),
        "company_recipient": _company_id(record.company_recipient),
        "email_recipients": list(record.email_recipients or []) if private_details else None,
        "viewers": [v.user.public_id for v in record.viewers] if private_details else None,
        "number": record.number,
        "title": record.title,
        "date": record.doc_date.isoformat(),
        "total_sum": money_str(record.total_sum),
        "nds_sum": money_str(record.nds_sum),
        "sha256": record.sha256,
        "size": record.size,
        "verify_url": record.verify_url,
        "created": iso(record.created),
        "authority": authority_json(record),
    }


def authority_json(record: IssuedDocument) -> dict:
    """How the issuer's authority was established, as recorded at issue time."""
    return {"method": record.authority_method, "proven_at": iso(record.authority_at),
            "text": authority_text(record.authority_method, record.authority_at)}


def delivery_json(delivery: Delivery) -> dict:
    """The outcome of an e-mail attempt, as the issue and send answers carry it."""
    return {"status": delivery.status, "detail": delivery.detail, "retry_at": iso(delivery.retry_at)}


def mail_json(mail: MailDelivery) -> dict:
    """One e-mail of a document with its attempts (staff of the sending company only)."""
    delivery = report(mail)
    return {
        "id": mail.id,
        "recipients": list(mail.recipients),
        "status": mail.status,
        "detail": delivery.detail,
        "attempts": mail.attempts,
        "last_error": mail.last_error or None,
        "next_attempt_at": iso(mail.next_attempt_at),
        "sent_at": iso(mail.sent_at),
        "created": iso(mail.created),
    }


def owner_record_json(record: IssuedDocument) -> dict:
    """The record as its sender's staff see it: with the e-mails sent of it."""
    return {**record_json(record), "email_deliveries": [mail_json(mail) for mail in record.mails]}


def verification_json(view: VerificationView) -> dict:
    """The QR page as JSON: existence always; parties, number, date and total when allowed."""
    record = view.record
    annulment = view.annulment
    data = {"doc_id": record.doc_id, "exists": True, "form": record.form, "issued": iso(record.created),
            "authority": authority_json(record)}
    if annulment is not None:
        # Only an annulled invoice has the key. A private document's reason stays private like its
        # other details; the fact does not.
        data["annulled"] = {"at": iso(annulment.annulled_at), "reason": annulment.annul_reason if view.full else None}
    if view.full:
        data.update({
            "title": record.title,
            "number": record.number,
            "date": record.doc_date.isoformat(),
            "company_sender": {"name": record.sender_name, "bin": record.sender_bin},
            "company_recipient": {"name": record.recipient_name, "bin": record.recipient_bin}
            if record.recipient_name else None,
            "total_sum": money_str(record.total_sum),
            "sha256": record.sha256,
        })
    return data


def numbering_json(rows: list[dict]) -> dict:
    """The numbering settings: one row per document type for the year."""
    return {"results": rows}
