"""The document builder pages and the htmx fragments they call.

Every sum on the page comes back from `lines` (the server computes money); the
counterparty is looked up live in the directory; a beneficiary can be added inline.
"""
from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask.views import MethodView
from flask_login import login_required
from werkzeug.datastructures import MultiDict

from portal.blueprints.smart_docs.common import current_staff
from portal.blueprints.smart_docs.views import bp
from portal.models import Staff
from portal.smart_docs import service
from portal.smart_docs.builder import Draft, draft_from_document, draft_json, read_draft, save_draft
from portal.smart_docs.counterparties import counterparty_by_id, find_counterparties
from portal.smart_docs.documents import get_document
from portal.smart_docs.form_fields import CATALOGUE_FIELDS
from portal.smart_docs.pages import builder_page
from portal.smart_docs.serializers import beneficiary_json
from portal.smart_docs.types import DOC_TYPES, DocType
from portal.timeutil import today_almaty
from portal.web.errors import ValidationFailed
from portal.web.negotiation import add_vary, negotiate, wants_json
from portal.web.views import add_views


def _page(template: str, data, serialize, status: int = 200, **context):
    """A builder page or fragment, or its JSON twin for an API client."""
    if wants_json():
        return negotiate(data, serialize, template, status=status)
    response = make_response(render_template(template, data=data, **context), status)
    return add_vary(response, "Accept", "HX-Request")


def _companies_json(companies) -> list:
    """Directory companies as the builder lists them."""
    return [{"id": c.public_id, "bin": c.bin, "company_name": c.company_name} for c in companies]


def _kind(code: str) -> DocType:
    """The document type of a code, or 404."""
    kind = DOC_TYPES.get(code)
    if kind is None:
        abort(404)
    return kind


def _fresh_draft(kind: DocType, staff: Staff) -> Draft:
    """An empty builder: today's date, the date's VAT rate, and a buyer from `?buyer=` if given."""
    form = MultiDict({"date": today_almaty().isoformat()})
    buyer = request.args.get(kind.counterparty_key) or request.args.get("buyer")
    company = counterparty_by_id(buyer) if buyer else None
    if company is not None and company.id != staff.company_id:
        form[kind.counterparty_key] = company.public_id
    return read_draft(kind, form, staff.company_id)


def _builder(kind: DocType, doc=None):
    """The builder page: show it, recompute it (no JavaScript), or save it."""
    staff = current_staff()
    if request.method == "GET":
        draft = draft_from_document(doc) if doc is not None else _fresh_draft(kind, staff)
        return _page("smart_docs/builder.html", draft, draft_json, **builder_page(kind, staff, draft, doc))
    if request.form.get("action"):
        # Add/remove without JavaScript: the same page again, recomputed, nothing saved.
        draft = read_draft(kind, request.form, staff.company_id, doc)
        return _page("smart_docs/builder.html", draft, draft_json, **builder_page(kind, staff, draft, doc))
    try:
        saved = save_draft(staff, kind, request.form, doc)
    except ValidationFailed as exc:
        if wants_json():
            raise
        draft = read_draft(kind, request.form, staff.company_id, doc)
        return _page("smart_docs/builder.html", draft, draft_json, 400, **builder_page(kind, staff, draft, doc, exc.errors))
    flash(f"{kind.title} сохранён.", "success")
    return redirect(url_for(f"smart_doc.{kind.path}_detail", public_id=saved.public_id))


class Builder(MethodView):
    """`/<type>/new/` and `/<type>/<id>/edit/`: the document builder of one type."""

    decorators = [login_required]

    def __init__(self, kind: DocType):
        self.kind = kind

    def get(self, public_id: str | None = None):
        """The builder: empty for a new document, filled for the company's document."""
        return _builder(self.kind, self._doc(public_id))

    def post(self, public_id: str | None = None):
        """Recompute (add/remove a line without JavaScript) or save the builder's form."""
        return _builder(self.kind, self._doc(public_id))

    def _doc(self, public_id: str | None):
        """The document being edited (a 404 if it is not the company's), or None for a new one."""
        if public_id is None:
            return None
        doc = get_document(current_staff().company_id, self.kind.code, public_id)
        if doc is None:
            abort(404)
        return doc


for _kind_ in DOC_TYPES.values():
    add_views(bp, [(f"/{_kind_.path}/new/", f"{_kind_.path}_new", Builder),
                   (f"/{_kind_.path}/<public_id>/edit/", f"{_kind_.path}_edit", Builder)], _kind_)


@bp.post("/builder/<code>/lines/")
@login_required
def builder_lines(code: str):
    """The lines and totals fragment for the form as it stands (add/remove applied)."""
    kind = _kind(code)
    staff = current_staff()
    doc = get_document(staff.company_id, code, request.form.get("document_id", ""))
    draft = read_draft(kind, request.form, staff.company_id, doc)
    # live=1: a quantity is being typed; answer the sums and totals only (see _builder_live.html).
    template = "smart_docs/_builder_live.html" if request.form.get("live") else "smart_docs/_builder_lines.html"
    return _page(template, draft, draft_json, **builder_page(kind, staff, draft, doc))


@bp.get("/builder/<code>/counterparties/")
@login_required
def builder_counterparties(code: str):
    """Live search results: directory companies matching a name or the start of a BIN."""
    kind = _kind(code)
    staff = current_staff()
    query = request.args.get("q", "")
    companies = find_counterparties(query, exclude_company_id=staff.company_id)
    return _page("smart_docs/_counterparty_results.html", companies, _companies_json,
                 kind=kind, companies=companies, query=query.strip())


@bp.get("/builder/<code>/counterparty/")
@login_required
def builder_counterparty(code: str):
    """The chosen counterparty block (or the empty picker when `id` is blank)."""
    kind = _kind(code)
    staff = current_staff()
    company = counterparty_by_id(request.args.get("id", ""))
    if company is not None and company.id == staff.company_id:
        company = None
    return _page("smart_docs/_counterparty.html", [company] if company else [], _companies_json,
                 kind=kind, chosen=company, errors={})


@bp.post("/builder/beneficiary/")
@login_required
def builder_beneficiary():
    """Add a beneficiary from the invoice builder and return the select with it chosen."""
    staff = current_staff()
    resource = service.RESOURCES["beneficiaries"]
    data = {spec.key: request.form.get("nb-" + spec.key, "") for spec in CATALOGUE_FIELDS["beneficiaries"]}
    kind = DOC_TYPES["ip"]
    try:
        created = service.create(resource, staff, data)
    except ValidationFailed as exc:
        if wants_json():
            raise
        return _page("smart_docs/_beneficiary.html", None, None, 400, **builder_page(kind, staff, Draft(kind, {}, [], None)),
                     nb_values=data, nb_errors=exc.errors, nb_open=True)
    draft = Draft(kind, {"beneficiary": created.public_id}, [], None)
    return _page("smart_docs/_beneficiary.html", created, beneficiary_json, 201, **builder_page(kind, staff, draft),
                 nb_values={}, nb_errors={}, nb_open=False, notice=f"Бенефициар «{created.beneficiary}» добавлен.")
