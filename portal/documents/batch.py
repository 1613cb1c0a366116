"""Issuing many documents at once (month-end invoicing): rendering spread over CPU cores.

One issue holds its counter row while its PDF renders, so issues of one company and type run
one after another. A batch keeps numbering just as strict but renders in parallel: per
chunk it locks the counter, gives the chunk's documents the next consecutive numbers,
renders them in worker processes, stores them and commits. A failure anywhere in a chunk
rolls the chunk back (its numbers are returned) and stops the batch, so the numbers issued
are still consecutive and none is lost. Memory stays flat: only one chunk of PDFs is held.
"""
import hashlib
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from portal.documents import numbering
from portal.documents.context import build_context, stamp
from portal.documents.issue import IssueRequest
from portal.documents.qr import qr_svg_data_uri, verification_url
from portal.extensions import db
from portal.models import Staff
from portal.models.issued import IssuedDocument, IssuedFile
from portal.smart_docs.documents import get_document
from portal.timeutil import now_utc

_worker_app = None


def _init_worker(config: dict) -> None:
    """Each worker process builds its own app once (templates, filters, WeasyPrint caches)."""
    global _worker_app
    from portal import create_app

    _worker_app = create_app(config)


def _render_in_worker(doc_type: str, context: dict) -> bytes:
    """Render one PDF inside the worker's app context."""
    from portal.documents.render import render_pdf

    with _worker_app.app_context():
        return render_pdf(doc_type, context)


@dataclass
class BatchResult:
    """How a batch went: the records issued (ids and numbers) and the error that stopped it."""

    issued: list[tuple[str, str]] = field(default_factory=list)
    error: str | None = None


def _prepare(staff: Staff, request: IssueRequest, year: int, seq: int, base_url: str) -> tuple[dict, dict]:
    """The stamped print context and the record's values for one document of the chunk."""
    context = build_context(request.source)
    number = numbering.format_number(year, seq)
    doc_id = numbering.new_doc_id(db.session)
    url = verification_url(base_url, doc_id)
    issued_at = now_utc()
    printed = stamp(context, number=number, doc_id=doc_id, verify_url=url, qr=qr_svg_data_uri(url), issued_at=issued_at)
    values = dict(
        doc_id=doc_id, type=request.doc_type, form=request.form, content_id=request.source.public_id,
        year=year, seq=seq, number=number, title=context["title"], doc_date=context["date"],
        total_sum=context["total"], nds_percent=context["nds_percent"], nds_sum=context["nds_sum"],
        company_sender_id=staff.company_id, company_recipient_id=request.recipient.id if request.recipient else None,
        sender_name=context["supplier"]["name"], sender_bin=context["supplier"]["bin"],
        recipient_name=context["buyer"]["name"] or None, recipient_bin=context["buyer"]["bin"] or None,
        user_id=staff.user_id, email_recipients=request.email_recipients, verify_url=url, created=issued_at,
    )
    return printed, values


def _requests(staff: Staff, doc_type: str, form: str, content_ids: list[str]) -> list[IssueRequest]:
    """Load a chunk's source documents (each chunk in its own session state, so memory stays flat)."""
    requests = []
    for content_id in content_ids:
        source = get_document(staff.company_id, doc_type, content_id)
        if source is None:
            raise ValueError(f"document {content_id} not found")
        requests.append(IssueRequest(doc_type, form, source, source.counterparty, []))
    return requests


def _issue_chunk(staff: Staff, requests: list[IssueRequest], base_url: str, pool) -> list[tuple[str, str]]:
    """Number, render and store one chunk of documents of the same type and year, atomically."""
    doc_type = requests[0].doc_type
    year = requests[0].source.date.year
    if any(req.source.date.year != year for req in requests):
        raise ValueError("a batch chunk mixes document years; issue each year's documents separately")
    first = numbering.take_block(db.session, staff.company_id, doc_type, year, len(requests))
    prepared = [_prepare(staff, req, year, first + i, base_url) for i, req in enumerate(requests)]
    pdfs = pool.map(_render_in_worker, [doc_type] * len(prepared), [printed for printed, _ in prepared])
    issued = []
    for (_, values), pdf in zip(prepared, pdfs):
        record = IssuedDocument(**values, sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf))
        record.file = IssuedFile(pdf=pdf)
        db.session.add(record)
        issued.append((values["doc_id"], values["number"]))
    db.session.commit()
    db.session.expunge_all()
    return issued


def issue_batch(staff_id: int, doc_type: str, form: str, content_ids: list[str], base_url: str, config: dict,
                workers: int = 2, chunk: int = 40) -> BatchResult:
    """Issue every listed document (one type, one year) in chunks rendered by `workers` processes."""
    result = BatchResult()
    spawn = multiprocessing.get_context("spawn")  # no forked copies of open database connections
    with ProcessPoolExecutor(max_workers=workers, mp_context=spawn, initializer=_init_worker,
                             initargs=(config,)) as pool:
        for start in range(0, len(content_ids), chunk):
            try:
                staff = db.session.get(Staff, staff_id)
                part = _requests(staff, doc_type, form, content_ids[start:start + chunk])
                result.issued.extend(_issue_chunk(staff, part, base_url, pool))
            except Exception as exc:  # the chunk is rolled back; report and stop
                db.session.rollback()
                result.error = f"{type(exc).__name__}: {exc}"
                break
    return result
