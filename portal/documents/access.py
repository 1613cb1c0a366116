"""Who sees an issued document: staff of the sending company, and the viewers it was shared with.

Everyone else gets the same answer as for a document that does not exist (404), so ids
reveal nothing. Sharing is allowed only with staff of the sending or the receiving company.
"""
import re

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.orm import joinedload, lazyload

from portal.errors import ValidationFailed
from portal.extensions import db
from portal.models import Staff, User
from portal.models.base import PUBLIC_ID_RE
from portal.models.issued import IssuedDocument, issued_document_viewers

DOC_ID_RE = re.compile(r"^\d{13}$")
MAX_VIEWERS_PER_CALL = 50


def _is_viewer(staff: Staff, document_id=IssuedDocument.id):
    """SQL condition: this staff position is among the document's viewers (of every listed
    document by default, or of one by its id)."""
    return exists().where(
        issued_document_viewers.c.document_id == document_id,
        issued_document_viewers.c.staff_id == staff.id,
    )


def visible_query(staff: Staff) -> Select:
    """Documents a staff member may open: sent by their company or shared with them, newest first."""
    return (
        select(IssuedDocument)
        .where(or_(IssuedDocument.company_sender_id == staff.company_id, _is_viewer(staff)))
        .order_by(IssuedDocument.created.desc(), IssuedDocument.id.desc())
    )


def find(identifier, with_pdf: bool = False) -> IssuedDocument | None:
    """A document by its record id (8 hex) or its 13-digit `doc_id`; None for anything else.

    `with_pdf`: the record's own columns and its PDF in one query, nothing else (a download
    needs no parties, author or viewers; on PostgreSQL planning the dozen joins of the full
    record was most of a download's 10 ms). Relations are still loaded if touched."""
    if not isinstance(identifier, str):
        return None
    identifier = identifier.strip()
    if PUBLIC_ID_RE.match(identifier):
        column = IssuedDocument.public_id
    elif DOC_ID_RE.match(identifier):
        column = IssuedDocument.doc_id
    else:
        return None
    query = select(IssuedDocument).where(column == identifier)
    if with_pdf:
        query = query.options(lazyload("*"), joinedload(IssuedDocument.file))
    return db.session.execute(query).unique().scalar_one_or_none()


def can_open(staff: Staff | None, record: IssuedDocument) -> bool:
    """Staff of the sender, or a viewer."""
    if staff is None:
        return False
    return staff.company_id == record.company_sender_id or db.session.scalar(select(_is_viewer(staff, record.id)))


def visible(staff: Staff | None, identifier, with_pdf: bool = False) -> IssuedDocument | None:
    """The document if this staff member may open it, else None (the caller answers 404)."""
    record = find(identifier, with_pdf=with_pdf)
    if record is None or not can_open(staff, record):
        return None
    return record


def owned(staff: Staff | None, identifier) -> IssuedDocument | None:
    """The document if it was sent by the caller's company (sharing is the sender's decision)."""
    record = find(identifier)
    if record is None or staff is None or record.company_sender_id != staff.company_id:
        return None
    return record


def add_viewers(record: IssuedDocument, user_ids) -> list[Staff]:
    """Share with staff of the sending or receiving company, given by their user ids.

    Ids are the `user` values of `/clients/staff/`. Anyone outside the two companies, or an
    unknown id, is a 400 naming the ids, and nobody is added. The caller commits.
    """
    if isinstance(user_ids, str):
        user_ids = [part for part in re.split(r"[\s,;]+", user_ids) if part]
    if not isinstance(user_ids, list) or not user_ids or not all(isinstance(u, str) for u in user_ids):
        raise ValidationFailed({"staff": ["Укажите список id сотрудников."]})
    if len(user_ids) > MAX_VIEWERS_PER_CALL:
        raise ValidationFailed({"staff": [f"Не больше {MAX_VIEWERS_PER_CALL} сотрудников за раз."]})
    allowed = {record.company_sender_id, record.company_recipient_id} - {None}
    found = db.session.execute(
        select(Staff).join(User, Staff.user_id == User.id).where(User.public_id.in_(user_ids))
    ).unique().scalars().all()
    by_user = {member.user.public_id: member for member in found}
    wrong = [u for u in user_ids if u not in by_user or by_user[u].company_id not in allowed]
    if wrong:
        raise ValidationFailed({"staff": [
            "Поделиться можно только с сотрудниками компании-отправителя или получателя: " + ", ".join(wrong[:10])
        ]})
    present = {v.id for v in record.viewers}
    added = [member for member in by_user.values() if member.id not in present]
    for member in added:
        db.session.execute(issued_document_viewers.insert().values(document_id=record.id, staff_id=member.id))
    db.session.expire(record, ["viewers"])
    return added


def versions_of(company_id: int, doc_type: str, content_id: str) -> list[IssuedDocument]:
    """Every issue of one source document by its company, newest first (the panel's list)."""
    return list(db.session.execute(
        select(IssuedDocument)
        .where(
            IssuedDocument.company_sender_id == company_id,
            IssuedDocument.type == doc_type,
            IssuedDocument.content_id == content_id,
        )
        .order_by(IssuedDocument.created.desc(), IssuedDocument.id.desc())
    ).unique().scalars())


def share_candidates(record: IssuedDocument) -> list[Staff]:
    """Staff of the sending and receiving companies who are not viewers yet (the share form)."""
    companies = {record.company_sender_id, record.company_recipient_id} - {None}
    present = {v.id for v in record.viewers}
    members = db.session.execute(
        select(Staff).where(Staff.company_id.in_(companies)).order_by(Staff.company_id, Staff.id)
    ).unique().scalars()
    return [member for member in members if member.id not in present]
