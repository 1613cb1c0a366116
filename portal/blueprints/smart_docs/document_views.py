"""The five document types as JSON (the seed's paths) and as list and detail pages."""
from flask import abort, flash, jsonify, make_response, redirect, request, url_for
from flask_login import login_required

from portal.blueprints.smart_docs.common import current_staff, payload
from portal.blueprints.smart_docs.views import bp
from portal.documents.bulk import MAX_BULK
from portal.extensions import db
from portal.smart_docs.documents import (
    create_document,
    delete_document,
    get_document,
    list_documents,
    update_document,
)
from portal.smart_docs.serializers import LINE_SERIALIZERS, document_json
from portal.smart_docs.types import DOC_TYPES, DocType
from portal.smart_docs.words import amount_in_words
from portal.web.negotiation import is_htmx, negotiate, wants_json
from portal.web.pagination import Page, page_json, page_request


def document_list_page(kind: DocType, company_id: int) -> Page:
    """The data of a document list page: one page of the company's documents of a type.

    JSON lists every line id, so the lines are loaded in one extra query; the HTML table
    shows no lines and skips that query.
    """
    return list_documents(company_id, kind.code, page_request(), with_lines=wants_json())


def document_page(kind: DocType, company_id: int, public_id: str):
    """The data of a document page: the document, or a 404 for anything not the company's."""
    doc = get_document(company_id, kind.code, public_id)
    if doc is None:
        abort(404)
    return doc


def _make_views(kind: DocType) -> None:
    """Register the JSON and page views of one document type."""
    path = kind.path

    @login_required
    def collection():
        staff = current_staff()
        if request.method == "POST":
            # Serialised before the commit: the answer needs no second read of what was just written.
            doc = create_document(staff, kind, payload(), commit=False)
            answer = document_json(doc)
            db.session.commit()
            return jsonify(answer), 201
        page = document_list_page(kind, staff.company_id)
        return negotiate(page, lambda p: page_json(p, document_json), "smart_docs/documents.html",
                         partial="smart_docs/_documents_table.html", kind=kind, bulk_max=MAX_BULK)

    @login_required
    def item(public_id: str):
        staff = current_staff()
        doc = document_page(kind, staff.company_id, public_id)
        if request.method == "GET":
            lines = getattr(doc, kind.lines.relation)
            return negotiate(doc, document_json, "smart_docs/document.html", kind=kind, doc=doc,
                             doc_type=kind.code, lines=lines, words=amount_in_words(doc.total_sum),
                             line_json=LINE_SERIALIZERS[kind.line_kind], form=None, message=None)
        if request.method == "DELETE":
            delete_document(doc)
            if is_htmx():
                response = make_response("", 200)
                response.headers["HX-Redirect"] = url_for(f"smart_doc.{path}_list")
                return response
            return "", 204
        doc = update_document(doc, payload(), partial=request.method == "PATCH", commit=False)
        answer = document_json(doc)
        db.session.commit()
        return jsonify(answer)

    @login_required
    def delete_form(public_id: str):
        """Delete from the document page's plain form."""
        doc = document_page(kind, current_staff().company_id, public_id)
        delete_document(doc)
        if wants_json():
            return "", 204
        flash(f"{kind.title} удалён.", "success")
        return redirect(url_for(f"smart_doc.{path}_list"))

    bp.add_url_rule(f"/{path}/", f"{path}_list", collection, methods=["GET", "POST"])
    bp.add_url_rule(f"/{path}/<public_id>/", f"{path}_detail", item, methods=["GET", "PUT", "PATCH", "DELETE"])
    bp.add_url_rule(f"/{path}/<public_id>/delete/", f"{path}_delete", delete_form, methods=["POST"])


for _kind in DOC_TYPES.values():
    _make_views(_kind)
