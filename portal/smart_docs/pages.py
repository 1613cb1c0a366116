"""What each smart-doc page shows, built once for the page and its JSON twin.

The views pass in what they read from the request (the page asked for, whether the caller
wants JSON); nothing here reads the request, so the same data serves HTML, htmx and JSON.
"""
from typing import Mapping

from portal.errors import ApiError
from portal.extensions import db
from portal.models import SmartDocument, Staff
from portal.paging import Page, PageRequest, paginate
from portal.smart_docs.banking import KNP_SUGGESTIONS
from portal.smart_docs.builder import Draft, builder_options
from portal.smart_docs.counterparties import counterparty_by_id
from portal.smart_docs.documents import document_list_query, get_document, list_documents
from portal.smart_docs.form_fields import CATALOGUE_FIELDS, TERM_SUGGESTIONS
from portal.smart_docs.scope import owned_query
from portal.web.sync import apply_sync, wants_sync
from portal.smart_docs.types import ACTOR_LABELS, TERM_LABELS, DocType, field_label, text_limit


def resource_page(model: type, company_id: int, wanted: PageRequest, args: Mapping[str, str] | None = None) -> Page:
    """A catalogue or line-item list page: one page of the company's objects of `model`
    (`args`: the sync parameters `updated_after`/`ordering`, portal.web.sync)."""
    query = owned_query(model, company_id)
    if args and wants_sync(args):
        query = apply_sync(query, model, args)
    return paginate(db.session, query, wanted)


def document_list_page(kind: DocType, company_id: int, wanted: PageRequest, with_lines: bool,
                       args: Mapping[str, str] | None = None) -> Page:
    """A document list page: one page of the company's documents of a type.

    JSON lists every line id, so the lines are loaded in one extra query (`with_lines`); the
    HTML table shows no lines and skips that query.
    """
    if args and wants_sync(args):
        query = apply_sync(document_list_query(company_id, kind.code, with_lines), SmartDocument, args)
        return paginate(db.session, query, wanted)
    return list_documents(company_id, kind.code, wanted, with_lines=with_lines)


def document_page(kind: DocType, company_id: int, public_id: str):
    """A document page: the company's document, or a 404 for anything not the company's."""
    doc = get_document(company_id, kind.code, public_id)
    if doc is None:
        raise ApiError(404, "Не найдено.")
    return doc


def builder_page(kind: DocType, staff: Staff, draft: Draft, doc=None, errors=None) -> dict:
    """The data of a builder page: the draft, what the selects offer, the chosen counterparty."""
    chosen = counterparty_by_id(draft.values.get(kind.counterparty_key, "")) if draft.values.get(kind.counterparty_key) else None
    return {
        "kind": kind, "draft": draft, "doc": doc, "errors": errors or {}, "chosen": chosen,
        "options": builder_options(staff.company_id, kind),
        "term_labels": TERM_LABELS, "actor_labels": ACTOR_LABELS, "term_suggestions": TERM_SUGGESTIONS,
        "text_limit": text_limit, "field_label": field_label, "beneficiary_fields": CATALOGUE_FIELDS["beneficiaries"], "knp_suggestions": KNP_SUGGESTIONS,
    }
