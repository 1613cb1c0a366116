"""Issuing the documents chosen in a list, from a page or the API: checking the request.

The request only checks what was chosen and starts an issue run on the task queue
(`portal.tasks.issuing.start_run`): the numbers are reserved oldest first, so they follow the
documents' dates as one-by-one issues would, and workers render the chunks while the list
page shows the run's progress. Any number of documents can be chosen, up to MAX_BULK.
"""
from dataclasses import dataclass
from typing import Mapping

from portal.documents.issue_request import check_type_and_form
from portal.errors import ValidationFailed
from portal.extensions import db
from portal.models import Staff
from portal.models.smart_docs import SmartDocument
from portal.smart_docs.documents import document_list_query

# The request only reserves numbers and writes the run; the workers do the rest. The cap
# bounds one request's reservation, not the time it takes.
MAX_BULK = 10_000


@dataclass
class BulkRequest:
    """A checked request: the type, the visibility and the caller's source documents, in issue order."""

    doc_type: str
    form: str
    sources: list


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
