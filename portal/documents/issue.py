"""Issuing a document: number, doc_id, QR, PDF and record in one all-or-nothing transaction.

The number is taken first (the counter row's lock), then the PDF is rendered with that number
in it, then record and bytes are stored and everything commits together. Any failure (a
template error, WeasyPrint, the database) rolls the whole transaction back, which also gives
the number back: no number is lost and no record is left half written. The e-mail is queued in
the same transaction and goes out only after the commit, so a message never announces a
document that does not exist, and a committed document's message is never forgotten.
"""
import hashlib
import re
from dataclasses import dataclass, field
from typing import Callable, Mapping

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from portal.documents import numbering
from portal.documents.context import build_context, context_year, stamp
from portal.documents.mail import queue_mail
from portal.documents.qr import qr_data_uri, verification_url
from portal.documents.render import render_pdf
from portal.extensions import db
from portal.models import Company, Staff
from portal.models.issued import FORMS, IssuedDocument, IssuedFile
from portal.smart_docs.documents import get_document
from portal.smart_docs.types import DOC_TYPES
from portal.timeutil import now_utc
from portal.web.errors import ValidationFailed

EMAIL_RE = re.compile(r"^[^@\s,;<>\"']+@[^@\s,;<>\"']+\.[^@\s,;<>\"']+$")
MAX_RECIPIENTS = 10
PUBLIC_ID_RE = re.compile(r"^[0-9a-f]{8}$")


@dataclass
class IssueRequest:
    """What the caller asked for, checked: the source document and how to issue it."""

    doc_type: str
    form: str
    source: object
    recipient: Company | None
    email_recipients: list[str] = field(default_factory=list)


def parse_recipients(raw) -> tuple[list[str], list[str]]:
    """E-mail addresses from a JSON list or a comma/semicolon/space separated string.

    Returns (clean addresses, error messages); addresses are lower-cased and de-duplicated.
    """
    if raw is None or raw == "":
        return [], []
    if isinstance(raw, str):
        items = [part for part in re.split(r"[\s,;]+", raw) if part]
    elif isinstance(raw, list) and all(isinstance(item, str) for item in raw):
        items = [item.strip() for item in raw if item.strip()]
    else:
        return [], ["Укажите адреса списком строк или через запятую."]
    errors = [f"Неверный адрес электронной почты: {item[:80]}" for item in items if len(item) > 254 or not EMAIL_RE.match(item)]
    clean = list(dict.fromkeys(item.lower() for item in items))
    if len(clean) > MAX_RECIPIENTS:
        errors.append(f"Не больше {MAX_RECIPIENTS} адресов.")
    return clean, errors


def _company_by_public_id(value) -> Company | None:
    """A directory company by its public id (None for anything that is not one)."""
    if not isinstance(value, str) or not PUBLIC_ID_RE.match(value):
        return None
    return db.session.execute(select(Company).where(Company.public_id == value)).unique().scalar_one_or_none()


def check_type_and_form(data: Mapping, errors: dict[str, list[str]]) -> tuple:
    """The requested document type and visibility (`pr` when not given); problems go into `errors`."""
    doc_type = data.get("type")
    if not isinstance(doc_type, str) or doc_type not in DOC_TYPES:
        errors["type"] = ["Выберите тип документа: " + ", ".join(DOC_TYPES) + "."]
    form = data.get("form") or "pr"
    if not isinstance(form, str) or form not in FORMS:
        errors["form"] = ["Форма: pu (публичный) или pr (закрытый)."]
    return doc_type, form


def clean_issue_request(data: Mapping, staff: Staff) -> IssueRequest:
    """Check an issue request; every problem is reported against its field (400)."""
    errors: dict[str, list[str]] = {}
    doc_type, form = check_type_and_form(data, errors)
    sender = data.get("company_sender")
    if sender not in (None, "") and sender != staff.company.public_id:
        errors["company_sender"] = ["Отправителем может быть только ваша компания."]
    source = None
    content_id = data.get("content_id")
    if not content_id:
        errors["content_id"] = ["Обязательное поле."]
    elif isinstance(doc_type, str) and doc_type in DOC_TYPES:
        source = get_document(staff.company_id, doc_type, content_id if isinstance(content_id, str) else "")
        if source is None:
            errors["content_id"] = ["Документ этого типа не найден в вашей компании."]
    recipient = source.counterparty if source is not None else None
    wanted = data.get("company_recipient")
    if wanted not in (None, ""):
        company = _company_by_public_id(wanted)
        if company is None:
            errors["company_recipient"] = ["Компания не найдена в справочнике."]
        elif source is not None and company.id != source.counterparty_id:
            errors["company_recipient"] = ["Получатель должен совпадать с контрагентом документа."]
    emails, email_errors = parse_recipients(data.get("email_recipients"))
    if email_errors:
        errors["email_recipients"] = email_errors
    if errors:
        raise ValidationFailed(errors)
    return IssueRequest(doc_type, form, source, recipient, emails)


LOCK_RETRIES = 5


def _locked(exc: OperationalError) -> bool:
    """SQLite's answer when another issue held the write lock longer than busy_timeout."""
    return "database is locked" in str(exc.orig or exc)


def issue(
    staff: Staff,
    request: IssueRequest,
    base_url: str,
    render: Callable[[str, dict], bytes] = render_pdf,
) -> IssuedDocument:
    """Issue one document; commits on success, rolls back (and re-raises) on any failure.

    On SQLite a queue of concurrent issues can outlast busy_timeout; the rolled-back attempt
    consumed nothing, so it is simply tried again.
    """
    source = request.source
    context = build_context(source)
    for attempt in range(LOCK_RETRIES):
        try:
            return _issue_once(staff, request, context, base_url, render)
        except OperationalError as exc:
            if not _locked(exc) or attempt == LOCK_RETRIES - 1:
                raise
    raise AssertionError("unreachable")


def _issue_once(staff: Staff, request: IssueRequest, context: dict, base_url: str, render) -> IssuedDocument:
    """One attempt: number, render and store in a single transaction."""
    session = db.session
    source = request.source
    year = context_year(context)
    try:
        seq = numbering.take_next(session, staff.company_id, request.doc_type, year)
        number = numbering.format_number(year, seq)
        doc_id, public_id = numbering.new_identifiers(session)
        url = verification_url(base_url, doc_id)
        issued_at = now_utc()
        printed = stamp(context, number=number, doc_id=doc_id, verify_url=url,
                        qr=qr_data_uri(url), issued_at=issued_at)
        pdf = render(request.doc_type, printed)
        record = IssuedDocument(
            doc_id=doc_id, public_id=public_id, type=request.doc_type, form=request.form, content_id=source.public_id,
            year=year, seq=seq, number=number, title=context["title"], doc_date=context["date"],
            total_sum=context["total"], nds_percent=context["nds_percent"], nds_sum=context["nds_sum"],
            company_sender_id=staff.company_id, company_recipient_id=request.recipient.id if request.recipient else None,
            sender_name=context["supplier"]["name"], sender_bin=context["supplier"]["bin"],
            recipient_name=context["buyer"]["name"] or None, recipient_bin=context["buyer"]["bin"] or None,
            user_id=staff.user_id, email_recipients=request.email_recipients, verify_url=url,
            sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf), created=issued_at,
        )
        record.file = IssuedFile(pdf=pdf)
        if request.email_recipients:
            queue_mail(record, request.email_recipients, staff.user_id, issued_at)
        session.add(record)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return record
