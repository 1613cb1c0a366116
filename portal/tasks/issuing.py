"""An issue run on the task queue: bulk issue from a list, and `issue-batch`.

`start_run` reserves the run's numbers up front, in document order, in the same transaction
that writes the run and its chunk jobs: each chunk knows the numbers it will print
(`first_seq` ...). Chunks then render in parallel on any number of workers, on any machine,
and the numbers stay consecutive in the order of the documents, as a one-by-one issue gives
them. A chunk stores its records and marks its job done in one commit, so a worker killed at
any point either stored the whole chunk (the retry finds its numbers taken and does nothing)
or nothing of it (the retry prints the same numbers again): no number is taken twice and none
is lost. A chunk that keeps failing keeps its numbers reserved until it is retried by hand.
"""
import logging
from dataclasses import dataclass
from itertools import groupby

from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from portal.documents import numbering
from portal.documents.batch import add_records, load_chunk, stamp_chunk
from portal.documents.render import render_pdf
from portal.extensions import db
from portal.identity.proofs import require_proven
from portal.models import Staff
from portal.models.issued import IssuedDocument
from portal.models.smart_docs import SmartDocument
from portal.models.tasks import TaskJob
from portal.tasks import ledger
from portal.errors import ValidationFailed

log = logging.getLogger(__name__)


@dataclass
class RunSource:
    """A source document of a run: its public id and numbering year."""

    content_id: str
    year: int


def run_sources(company_id: int, doc_type: str, content_ids: list[str]) -> list[RunSource]:
    """The run's documents in the order given, with their years; a 400 names the missing ones."""
    rows = dict(db.session.execute(
        select(SmartDocument.public_id, SmartDocument.date)
        .where(SmartDocument.company_id == company_id, SmartDocument.doc_type == doc_type,
               SmartDocument.public_id.in_(content_ids))
    ).all())
    missing = [content_id for content_id in content_ids if content_id not in rows]
    if missing:
        raise ValidationFailed({"content_ids": ["Не найдены среди документов этого типа вашей компании: "
                                                + ", ".join(missing[:20]) + "."]})
    return [RunSource(content_id, rows[content_id].year) for content_id in content_ids]


def start_run(staff: Staff, doc_type: str, form: str, content_ids: list[str], base_url: str,
              title: str, chunk_size: int | None = None) -> TaskJob:
    """Reserve the numbers, write the run and its chunks, commit, and enqueue the chunks.

    Documents of one year take one block of consecutive numbers; a run spanning a new year
    takes a block in each year's counter.
    """
    require_proven(staff, "выпускать документы")
    chunk_size = chunk_size or int(current_app.config["ISSUE_CHUNK"])
    sources = run_sources(staff.company_id, doc_type, content_ids)
    params = {"staff_id": staff.id, "doc_type": doc_type, "form": form, "base_url": base_url}
    try:
        run = ledger.new_job("issue_run", {**params, "count": len(sources)}, company_id=staff.company_id,
                             user_id=staff.user_id, title=title, total=len(sources))
        db.session.flush()
        chunks = []
        for year, group in groupby(sources, key=lambda source: source.year):
            ids = [source.content_id for source in group]
            first = numbering.take_block(db.session, staff.company_id, doc_type, year, len(ids))
            for start in range(0, len(ids), chunk_size):
                part = ids[start:start + chunk_size]
                chunks.append(ledger.new_job(
                    "issue_chunk", {**params, "year": year, "first_seq": first + start, "content_ids": part},
                    company_id=staff.company_id, user_id=staff.user_id, title=title, total=len(part), parent=run))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    ledger.enqueue([chunk.id for chunk in chunks])
    return run


def _stored(params: dict, company_id: int, count: int) -> int:
    """How many of a chunk's reserved numbers already carry an issued document."""
    first = params["first_seq"]
    return db.session.execute(
        select(func.count(IssuedDocument.id)).where(
            IssuedDocument.company_sender_id == company_id, IssuedDocument.type == params["doc_type"],
            IssuedDocument.year == params["year"], IssuedDocument.seq.between(first, first + count - 1))
    ).scalar_one()


def run_chunk(job: TaskJob) -> None:
    """Issue one chunk with its reserved numbers: render each PDF, store all, mark done, commit."""
    params, count = job.params, job.total
    staff = db.session.get(Staff, params["staff_id"])
    if staff is None or staff.company_id != job.company_id:
        raise RuntimeError("сотрудник, начавший выпуск, больше не работает в компании")
    if _stored(params, job.company_id, count) == count:
        log.info("chunk job %s: stored by an earlier attempt, nothing to do", job.id)
        ledger.mark_done(job)
        db.session.commit()
        return
    chunk = load_chunk(staff, params["doc_type"], params["form"], params["content_ids"])
    if chunk.year != params["year"]:
        raise RuntimeError(f"дата документа изменилась: год {chunk.year} вместо {params['year']}")
    stamped = stamp_chunk(staff, chunk, params["first_seq"], params["base_url"])
    pdfs = [render_pdf(chunk.doc_type, printed) for _, printed in stamped]
    add_records([record for record, _ in stamped], pdfs)
    ledger.mark_done(job)
    try:
        db.session.commit()
    except IntegrityError:
        # Another delivery stored these numbers while this one rendered (its lease ran out).
        db.session.rollback()
        if _stored(params, job.company_id, count) != count:
            raise
        job = db.session.get(TaskJob, job.id, populate_existing=True)
        ledger.mark_done(job)
        db.session.commit()


def run_records(run: TaskJob) -> list[IssuedDocument]:
    """The documents a run has issued so far, in number order."""
    params = run.params
    parts = ledger.children(run)
    if not parts:
        return []
    conditions = [
        (IssuedDocument.year == part.params["year"])
        & IssuedDocument.seq.between(part.params["first_seq"], part.params["first_seq"] + part.total - 1)
        for part in parts if part.state == "done"
    ]
    if not conditions:
        return []
    return list(db.session.execute(
        select(IssuedDocument).where(IssuedDocument.company_sender_id == run.company_id,
                                     IssuedDocument.type == params["doc_type"], or_(*conditions))
        .order_by(IssuedDocument.year, IssuedDocument.seq)
    ).unique().scalars())
