"""Issuing a document: number, doc_id, QR, PDF and record in one all-or-nothing transaction.

On PostgreSQL the number is taken first (the counter row's lock), then the PDF is rendered with
that number in it, then record and bytes are stored and everything commits together. On SQLite
the PDF is rendered with the number the counter will give next and the number is then taken
only if still free (`renders_before_numbering`). Any failure (a template error, WeasyPrint,
the database) rolls the whole transaction back, which also gives the number back: no number
is lost and no record is left half written. The e-mail is queued in the same transaction and
goes out only after the commit, so a message never announces a document that does not exist,
and a committed document's message is never forgotten. What the caller asks for is checked
first, in portal.documents.issue_request.
"""
import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from sqlalchemy.exc import OperationalError

from portal.webhooks.payloads import emit_issued
from portal.documents import numbering
from portal.documents.context import build_context, context_year, stamp
from portal.documents.issue_request import IssueRequest
from portal.documents.mail import queue_mail
from portal.documents.once import already_issued, as_repeat, source_hash
from portal.documents.qr import qr_data_uri, verification_url
from portal.documents.render import render_pdf
from portal.identity.proofs import authority_columns, require_proven
from portal.extensions import db
from portal.models import Staff
from portal.models.issued import IssuedDocument, IssuedFile
from portal.timeutil import now_utc

LOCK_RETRIES = 5


def _locked(exc: OperationalError) -> bool:
    """SQLite's answer when another issue held the write lock longer than busy_timeout."""
    return "database is locked" in str(exc.orig or exc)


def renders_before_numbering(session) -> bool:
    """Whether an issue first renders and then takes its number (SQLite), or the reverse.

    SQLite has one write lock for the whole database: taking the number first would hold it
    through the render (~65 ms), and every other write of the portal (any company's) would
    wait behind it. PostgreSQL locks only the counter row of the same company, type and year,
    so there the number comes first and same-counter issues queue instead of rendering twice.
    """
    return session.get_bind().dialect.name == "sqlite"


def issue(
    staff: Staff,
    request: IssueRequest,
    base_url: str,
    render: Callable[[str, dict], bytes] = render_pdf,
) -> IssuedDocument:
    """Issue one document; commits on success, rolls back (and re-raises) on any failure.

    On SQLite the document is rendered with the number the counter will give next and stored
    only if that number is still free; if another issue took it meanwhile, it is issued again
    the locked way (at most one render wasted). A queue of concurrent issues can outlast
    busy_timeout; the rolled-back attempt consumed nothing, so it is simply tried again.

    Unless `request.reissue`, a source whose print is unchanged answers the record already
    issued (marked by portal.documents.once.as_repeat) and takes no number.
    """
    require_proven(staff, "выпускать документы")
    context = build_context(request.source)
    fingerprint = source_hash(context, request.form)
    earlier = _earlier(staff, request, fingerprint)
    if earlier is not None:
        return as_repeat(earlier)
    if renders_before_numbering(db.session):
        record = _issue_unlocked(staff, request, context, base_url, render, fingerprint)
        if record is not None:
            return record
    for attempt in range(LOCK_RETRIES):
        try:
            return _issue_locked(staff, request, context, base_url, render, fingerprint)
        except OperationalError as exc:
            if not _locked(exc) or attempt == LOCK_RETRIES - 1:
                raise
    raise AssertionError("unreachable")


def _earlier(staff: Staff, request: IssueRequest, fingerprint: str) -> IssuedDocument | None:
    """The record an identical earlier issue made, unless a new copy is asked for."""
    if request.reissue:
        return None
    return already_issued(staff.company_id, request.doc_type, request.source.public_id, fingerprint)


def _answer_earlier(staff: Staff, request: IssueRequest, fingerprint: str) -> IssuedDocument | None:
    """Inside the numbering lock: give the number back and answer the earlier record, if there is one."""
    earlier = _earlier(staff, request, fingerprint)
    if earlier is None:
        return None
    earlier_id = earlier.id
    db.session.rollback()
    return as_repeat(db.session.get(IssuedDocument, earlier_id))


@dataclass
class _Printed:
    """A rendered issue, before it is stored."""

    seq: int
    doc_id: str
    public_id: str
    verify_url: str
    issued_at: datetime
    pdf: bytes


def _print(request: IssueRequest, context: dict, year: int, seq: int, base_url: str, render,
           identifiers: tuple[str, str]) -> _Printed:
    """Stamp the context with the number, doc_id and QR, and render the PDF (no database work)."""
    doc_id, public_id = identifiers
    number = numbering.format_number(year, seq)
    url = verification_url(base_url, doc_id)
    issued_at = now_utc()
    printed = stamp(context, number=number, doc_id=doc_id, verify_url=url, qr=qr_data_uri(url), issued_at=issued_at)
    return _Printed(seq, doc_id, public_id, url, issued_at, render(request.doc_type, printed))


def record_columns(staff: Staff, context: dict, *, doc_type: str, form: str, content_id: str,
                   recipient_id: int | None, year: int, seq: int, doc_id: str, verify_url: str,
                   issued_at: datetime, email_recipients: list[str], public_id: str | None = None) -> dict:
    """An issued record's columns but the PDF's hash and size: one and batch issues store the same.

    Without `public_id` the record gets a free one when it is flushed.
    """
    return dict(
        doc_id=doc_id, public_id=public_id, type=doc_type, form=form, content_id=content_id,
        year=year, seq=seq, number=numbering.format_number(year, seq), title=context["title"],
        doc_date=context["date"], total_sum=context["total"], nds_percent=context["nds_percent"],
        nds_sum=context["nds_sum"], company_sender_id=staff.company_id, company_recipient_id=recipient_id,
        sender_name=context["supplier"]["name"], sender_bin=context["supplier"]["bin"],
        recipient_name=context["buyer"]["name"] or None, recipient_bin=context["buyer"]["bin"] or None,
        user_id=staff.user_id, email_recipients=list(email_recipients), verify_url=verify_url, created=issued_at,
        **authority_columns(staff.company_id),
    )


def _store(staff: Staff, request: IssueRequest, context: dict, year: int, printed: _Printed,
           fingerprint: str) -> IssuedDocument:
    """Add the record, its PDF and its e-mail, and commit."""
    pdf = printed.pdf
    record = IssuedDocument(
        **record_columns(staff, context, doc_type=request.doc_type, form=request.form,
                         content_id=request.source.public_id,
                         recipient_id=request.recipient.id if request.recipient else None, year=year,
                         seq=printed.seq, doc_id=printed.doc_id, verify_url=printed.verify_url,
                         issued_at=printed.issued_at, email_recipients=request.email_recipients,
                         public_id=printed.public_id),
        sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf), source_hash=fingerprint,
    )
    record.file = IssuedFile(pdf=pdf)
    if request.email_recipients:
        queue_mail(record, request.email_recipients, staff.user_id, printed.issued_at)
    db.session.add(record)
    emit_issued([record])
    db.session.commit()
    return record


def _issue_locked(staff: Staff, request: IssueRequest, context: dict, base_url: str, render,
                  fingerprint: str) -> IssuedDocument:
    """Take the number (the counter stays locked), render and store, in one transaction."""
    session = db.session
    year = context_year(context)
    try:
        seq = numbering.take_next(session, staff.company_id, request.doc_type, year)
        earlier = _answer_earlier(staff, request, fingerprint)
        if earlier is not None:
            return earlier
        printed = _print(request, context, year, seq, base_url, render, numbering.new_identifiers(session))
        return _store(staff, request, context, year, printed, fingerprint)
    except Exception:
        session.rollback()
        raise


def _issue_unlocked(staff: Staff, request: IssueRequest, context: dict, base_url: str,
                    render, fingerprint: str) -> IssuedDocument | None:
    """Render with the next number unlocked, then take it and store; None if it was taken meanwhile.

    Everything before the compare-and-set only reads, so no write lock is held while rendering.
    A render failure still consumes nothing: the counter has not been touched.
    """
    session = db.session
    year = context_year(context)
    try:
        seq = numbering.peek_next(session, staff.company_id, request.doc_type, year)
        printed = _print(request, context, year, seq, base_url, render, numbering.new_identifiers(session))
        if not numbering.take_if_next(session, staff.company_id, request.doc_type, year, seq):
            session.rollback()
            return None
        earlier = _answer_earlier(staff, request, fingerprint)
        if earlier is not None:
            return earlier
        return _store(staff, request, context, year, printed, fingerprint)
    except OperationalError as exc:
        session.rollback()
        if _locked(exc):
            return None
        raise
    except Exception:
        session.rollback()
        raise
