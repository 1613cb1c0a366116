"""The five document types as JSON (the seed's paths) and as list and detail pages."""
from flask import jsonify, make_response, request, url_for
from flask.views import MethodView
from flask_login import login_required

from portal.blueprints.smart_docs.common import current_staff, payload
from portal.blueprints.smart_docs.views import bp
from portal.documents.bulk import MAX_BULK
from portal.extensions import db
from portal.smart_docs.documents import (
    create_document,
    delete_document,
    update_document,
)
from portal.smart_docs.pages import document_list_page, document_page
from portal.smart_docs.serializers import LINE_SERIALIZERS, document_json
from portal.smart_docs.types import DOC_TYPES, DocType
from portal.smart_docs.words import amount_in_words
from portal.web.answers import answer_write
from portal.web.negotiation import is_htmx, negotiate, wants_json
from portal.web.pagination import page_json, page_request
from portal.web.views import add_views


class DocumentList(MethodView):
    """`/<type>/`: the company's documents of one type, and creating one."""

    decorators = [login_required]

    def __init__(self, kind: DocType):
        self.kind = kind

    def get(self):
        """The list as the seed's JSON page, the list page, or (htmx) its table."""
        page = document_list_page(self.kind, current_staff().company_id, page_request(), with_lines=wants_json(),
                                  args=request.args)
        return negotiate(page, lambda p: page_json(p, document_json), "smart_docs/documents.html",
                         partial="smart_docs/_documents_table.html", kind=self.kind, bulk_max=MAX_BULK)

    def post(self):
        """Create a document from JSON (201); the builder page creates through its own form."""
        # Serialised before the commit: the answer needs no second read of what was just written.
        doc = create_document(current_staff(), self.kind, payload(), commit=False)
        answer = document_json(doc)
        db.session.commit()
        return jsonify(answer), 201


class DocumentItem(MethodView):
    """`/<type>/<id>/`: one document of the company (another company's id is a 404)."""

    decorators = [login_required]

    def __init__(self, kind: DocType):
        self.kind = kind

    def get(self, public_id: str):
        """The document as JSON or as its page (lines, amount in words, the issue panel)."""
        doc = self._doc(public_id)
        kind = self.kind
        return negotiate(doc, document_json, "smart_docs/document.html", kind=kind, doc=doc,
                         doc_type=kind.code, lines=getattr(doc, kind.lines.relation),
                         words=amount_in_words(doc.total_sum), line_json=LINE_SERIALIZERS[kind.line_kind],
                         form=None, message=None)

    def _doc(self, public_id: str):
        """The company's document, or a 404."""
        return document_page(self.kind, current_staff().company_id, public_id)

    def put(self, public_id: str):
        """Replace the document's fields."""
        return self._update(public_id, partial=False)

    def patch(self, public_id: str):
        """Change some of the document's fields."""
        return self._update(public_id, partial=True)

    def delete(self, public_id: str):
        """Delete the document: 204, or (htmx) back to the list."""
        delete_document(self._doc(public_id))
        if is_htmx():
            response = make_response("", 200)
            response.headers["HX-Redirect"] = url_for(f"smart_doc.{self.kind.path}_list")
            return response
        return "", 204

    def _update(self, public_id: str, partial: bool):
        doc = update_document(self._doc(public_id), payload(), partial=partial, commit=False)
        answer = document_json(doc)
        db.session.commit()
        return jsonify(answer)


class DocumentDelete(MethodView):
    """`/<type>/<id>/delete/`: delete from the document page's plain form."""

    decorators = [login_required]

    def __init__(self, kind: DocType):
        self.kind = kind

    def post(self, public_id: str):
        """Delete, then back to the list with a message (204 for JSON)."""
        delete_document(document_page(self.kind, current_staff().company_id, public_id))
        return answer_write(None, f"{self.kind.title} удалён.", redirect_to=url_for(f"smart_doc.{self.kind.path}_list"))


for _kind in DOC_TYPES.values():
    add_views(bp, [
        (f"/{_kind.path}/", f"{_kind.path}_list", DocumentList),
        (f"/{_kind.path}/<public_id>/", f"{_kind.path}_detail", DocumentItem),
        (f"/{_kind.path}/<public_id>/delete/", f"{_kind.path}_delete", DocumentDelete),
    ], _kind)
