"""What an issue request asks for, checked: document type and form, source, recipient company,
e-mail addresses and the reissue flag, each problem reported against its field."""
import re
from dataclasses import dataclass, field
from typing import Mapping

from sqlalchemy import select

from portal.documents.once import wants_reissue
from portal.errors import ValidationFailed
from portal.extensions import db
from portal.models import Company, Staff
from portal.models.base import PUBLIC_ID_RE
from portal.models.issued import FORMS
from portal.smart_docs.documents import get_document
from portal.smart_docs.types import DOC_TYPES

EMAIL_RE = re.compile(r"^[^@\s,;<>\"']+@[^@\s,;<>\"']+\.[^@\s,;<>\"']+$")
MAX_RECIPIENTS = 10


@dataclass
class IssueRequest:
    """What the caller asked for, checked: the source document and how to issue it."""

    doc_type: str
    form: str
    source: object
    recipient: Company | None
    email_recipients: list[str] = field(default_factory=list)
    # A new copy with a new number even when an identical one was issued (the «Выпустить заново» button).
    reissue: bool = False


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
    reissue = wants_reissue(data.get("reissue"))
    if reissue is None:
        errors["reissue"] = ["Ожидается true или false."]
    if errors:
        raise ValidationFailed(errors)
    return IssueRequest(doc_type, form, source, recipient, emails, bool(reissue))
