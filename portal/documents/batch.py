"""Issuing many documents at once (month-end invoicing): rendering spread over CPU cores.

One issue holds its counter row while its PDF renders, so issues of one company and type run
one after another. A batch keeps numbering just as strict but renders in parallel: per
chunk it locks the counter, gives the chunk's documents the next consecutive numbers,
renders them in worker processes, stores them and commits, while the next chunk is read. A
failure in a chunk rolls that chunk back (its numbers are returned) and stops the batch, so
the numbers issued are still consecutive and none is lost. Memory stays flat: at most two
chunks are held. This is the single-machine path (`issue-batch --here`); by default the
command hands the chunks to the task queue (`portal.tasks.issuing`), which reuses the loading,
numbering and storing steps below.
"""
import hashlib
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from portal.documents import numbering
from portal.documents.context import build_context, stamp
from portal.documents.issue import record_columns
from portal.documents.qr import qr_data_uri, verification_url
from portal.identity.proofs import require_proven
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


@dataclass
class _Item:
    """One document of a chunk, read and ready to number: plain values only, so a commit of
    the previous chunk (which expires ORM objects) cannot touch it."""

    content_id: str
    recipient_id: int | None
    context: dict


@dataclass
class Chunk:
    """Documents of one type and one year, before numbering."""

    doc_type: str
    form: str
    year: int
    items: list[_Item]


@dataclass
class _Rendering:
    """A numbered chunk whose PDFs the workers are rendering."""

    values: list[dict]
    futures: list


def load_chunk(staff: Staff, doc_type: str, form: str, content_ids: list[str]) -> Chunk:
    """Read a chunk's source documents and build their print contexts (the database part)."""
    items, years = [], set()
    for content_id in content_ids:
        source = get_document(staff.company_id, doc_type, content_id)
        if source is None:
            raise ValueError(f"document {content_id} not found")
        years.add(source.date.year)
        items.append(_Item(source.public_id, source.counterparty_id, build_context(source)))
    if len(years) > 1:
        raise ValueError("a batch chunk mixes document years; issue each year's documents separately")
    return Chunk(doc_type, form, years.pop(), items)


def stamp_chunk(staff: Staff, chunk: Chunk, first: int, base_url: str) -> list[tuple[dict, dict]]:
    """Give a chunk's documents the numbers `first`, `first + 1`, ...: each document's record
    columns and its print context (number, doc_id, QR stamped), ready to render."""
    stamped = []
    for i, item in enumerate(chunk.items):
        doc_id = numbering.new_doc_id(db.session)
        url = verification_url(base_url, doc_id)
        issued_at = now_utc()
        record = record_columns(staff, item.context, doc_type=chunk.doc_type, form=chunk.form,
                                content_id=item.content_id, recipient_id=item.recipient_id, year=chunk.year,
                                seq=first + i, doc_id=doc_id, verify_url=url, issued_at=issued_at,
                                email_recipients=[])
        printed = stamp(item.context, number=record["number"], doc_id=doc_id, verify_url=url,
                        qr=qr_data_uri(url), issued_at=issued_at)
        stamped.append((record, printed))
    return stamped


def add_records(values: list[dict], pdfs: list[bytes]) -> list[tuple[str, str]]:
    """Add the issued records with their PDFs to the session (the caller commits)."""
    from portal.webhooks.payloads import emit_issued

    issued, records = [], []
    for columns, pdf in zip(values, pdfs):
        record = IssuedDocument(**columns, sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf))
        record.file = IssuedFile(pdf=pdf)
        db.session.add(record)
        records.append(record)
        issued.append((columns["doc_id"], columns["number"]))
    emit_issued(records)
    return issued


def _start_rendering(staff: Staff, chunk: Chunk, base_url: str, pool) -> _Rendering:
    """Number the chunk (the counter row stays locked until its commit) and hand it to the workers."""
    first = numbering.take_block(db.session, staff.company_id, chunk.doc_type, chunk.year, len(chunk.items))
    stamped = stamp_chunk(staff, chunk, first, base_url)
    futures = [pool.submit(_render_in_worker, chunk.doc_type, printed) for _, printed in stamped]
    return _Rendering([record for record, _ in stamped], futures)


def _store(rendering: _Rendering) -> list[tuple[str, str]]:
    """Wait for a chunk's PDFs, store them with their records and commit the chunk."""
    issued = add_records(rendering.values, [future.result() for future in rendering.futures])
    db.session.commit()
    db.session.expunge_all()
    return issued


def issue_batch(staff_id: int, doc_type: str, form: str, content_ids: list[str], base_url: str, config: dict,
                workers: int = 2, chunk: int = 40) -> BatchResult:
    """Issue every listed document (one type, one year) in chunks rendered by `workers` processes.

    A pipeline: while the workers render chunk n, this process reads chunk n+1's sources and
    builds their contexts; then it stores and commits chunk n, numbers chunk n+1 and hands it
    over. Numbers are taken only after the previous chunk committed, so a failure leaves the
    issued numbers consecutive and gives the failed chunk's numbers back.
    """
    require_proven(db.session.get(Staff, staff_id), "выпускать документы")
    result = BatchResult()
    spawn = multiprocessing.get_context("spawn")  # no forked copies of open database connections
    parts = [content_ids[start:start + chunk] for start in range(0, len(content_ids), chunk)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=spawn, initializer=_init_worker,
                             initargs=(config,)) as pool:
        rendering = None
        try:
            for part in parts:
                try:
                    loaded = load_chunk(db.session.get(Staff, staff_id), doc_type, form, part)
                finally:
                    # Chunk n is good whatever happened to the reading of chunk n+1: keep it.
                    if rendering is not None:
                        result.issued.extend(_store(rendering))
                        rendering = None
                rendering = _start_rendering(db.session.get(Staff, staff_id), loaded, base_url, pool)
            if rendering is not None:
                result.issued.extend(_store(rendering))
        except Exception as exc:  # the chunk in hand is rolled back (its numbers too); stop
            db.session.rollback()
            if rendering is not None:
                for future in rendering.futures:
                    future.cancel()
            result.error = f"{type(exc).__name__}: {exc}"
    return result
