"""Issuing the documents chosen in a list, one after another, from a page or the API.

Each document is issued exactly as from its own page (`issue`: number, render, store in one
transaction), oldest first so that numbers follow the documents' dates. A failure stops the
run: what was issued before it stays issued (each one committed whole), the failed document
and the rest consume no number. Month-end runs of hundreds go through `flask issue-batch`,
which renders on every core; a request stays within a few seconds.
"""
import logging
from dataclasses import dataclass, field
from typing import Mapping

from portal.documents.issue import IssueRequest, check_type_and_form, issue
from portal.documents.render import RenderError
from portal.errors import ValidationFailed
from portal.extensions import db
from portal.models import Staff
from portal.models.issued import IssuedDocument
from portal.models.smart_docs import SmartDocument
from portal.smart_docs.documents import document_list_query

log = logging.getLogger(__name__)

# ~80 ms per document: 50 keep a request under about five seconds.
MAX_BULK = 50


@dataclass
class BulkRequest:
    """A checked request: the type, the visibility and the caller's source documents, in issue order."""

    doc_type: str
    form: str
    sources: list


@dataclass
class BulkResult:
    """The records issued, in order, and the document whose PDF failed (None when all were issued)."""

    issued: list[IssuedDocument] = field(default_factory=list)
    stopped_at: str | None = None


def _content_ids(raw) -> tuple[list[str], list[str]]:
    """The chosen ids, de-duplicated in order, and the problems with the list itself."""
    if isinstance(raw, str):
        raw = [part for part in raw.replace(",", " ").split() if part]
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        return [], ["Передайте список id документов."]
    ids = list(dict.fromkeys(item.strip() for item in raw if item.strip()))
    if not ids:
        return [], ["Выберите хотя бы один документ."]
    if len(ids) > MAX_BULK:
        return [], [f"Не больше {MAX_BULK} документов за раз (выбрано {len(ids)})."]
    return ids, []


def clean_bulk_request(data: Mapping, staff: Staff) -> BulkRequest:
    """Check a bulk request; every problem is reported against its field (400), nothing is issued.

    An id that is not one of the caller's documents of that type is reported as not found,
    whether it is missing or another company's.
    """
    errors: dict[str, list[str]] = {}
    doc_type, form = check_type_and_form(data, errors)
    ids, id_errors = _content_ids(data.get("content_ids"))
    sources = []
    if id_errors:
        errors["content_ids"] = id_errors
    elif "type" not in errors:
        query = document_list_query(staff.company_id, doc_type).where(SmartDocument.public_id.in_(ids))
        sources = list(db.session.execute(query).unique().scalars())
        found = {source.public_id for source in sources}
        missing = [content_id[:40] for content_id in ids if content_id not in found]
        if missing:
            errors["content_ids"] = ["Не найдены среди документов этого типа вашей компании: " + ", ".join(missing) + "."]
    if errors:
        raise ValidationFailed(errors)
    sources.sort(key=lambda doc: (doc.date, doc.created, doc.id))
    return BulkRequest(doc_type, form, sources)


def issue_many(staff: Staff, wanted: BulkRequest, base_url: str) -> BulkResult:
    """Issue the sources in order; stop at the first one that cannot be rendered."""
    result = BulkResult()
    for source in wanted.sources:
        content_id = source.public_id
        try:
            record = issue(staff, IssueRequest(wanted.doc_type, wanted.form, source, source.counterparty, []), base_url)
        except RenderError:
            log.exception("PDF rendering failed for %s %s; the bulk issue stops there", wanted.doc_type, content_id)
            result.stopped_at = content_id
            break
        result.issued.append(record)
    return result
