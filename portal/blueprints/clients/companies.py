"""Companies of the directory (AUTH ONLY): the search page with its JSON twin, and the company card."""
from flask import abort, request, url_for
from flask_login import login_required

from portal.blueprints.clients.views import bp
from portal.directory.card import company_card
from portal.directory.filters import consistent_filters, filter_choices
from portal.directory.pages import FIELD_LABELS, FORM_PARAMS, page_params, search_page
from portal.directory.search import SearchOutcome, search_companies
from portal.directory.serializers import company_json
from portal.web.negotiation import is_htmx, negotiate, wants_json
from portal.web.pagination import page_json, page_request, paginate
from portal.web.sync import wants_sync
from portal.directory.listings import LISTINGS, search_text
from portal.directory.answer_cache import cached_json
from portal.errors import field_error
from portal.extensions import db


def search_url(args: dict, page: int | None = None) -> str:
    """The search page's URL for these parameters (and page): what the address bar shows."""
    params = {name: args[name] for name in FORM_PARAMS if args.get(name)}
    if page and page > 1:
        params["page"] = page
    if args.get("page_size"):
        params["page_size"] = args["page_size"]
    return url_for("clients.clients_list", **params)


def _render_search(outcome: SearchOutcome, args: dict, errors: dict | None = None, status: int = 200):
    """The search page, its results fragment for htmx, or the DRF envelope."""
    response = negotiate(
        outcome, lambda o: page_json(o.page, company_json),
        "clients/search.html", partial="clients/_results.html", status=status,
        args=args, choices=None if (is_htmx() or wants_json()) else filter_choices(args), search_url=search_url,
        errors=errors, labels=FIELD_LABELS,
    )
    if is_htmx():
        response.headers["HX-Push-Url"] = search_url(args, outcome.page.page)
    return response


@bp.get("/clients/")
@login_required
def clients_list():
    """Search and list companies. People get child filters that no longer belong to a changed
    parent dropped (and the clean URL pushed), and bad filters shown beside the fields;
    API clients get exactly what they asked for, or a 400 naming the parameter."""
    if wants_json() and wants_sync(request.args):
        return _sync_page()
    if wants_json():
        # The list answers every caller alike (access is checked above), so it is cached on the
        # directory's data version (portal.directory.answer_cache).
        return cached_json(lambda: _render_search(
            search_companies(request.args, page_request(), with_contacts=False), request.args.to_dict()))
    args = consistent_filters(page_params(request.args))
    outcome, errors = search_page(args, page_request)
    if errors:
        return _render_search(outcome, args, errors=errors, status=400)
    return _render_search(outcome, args)


def _sync_page():
    """Companies changed since `updated_after` (or all by `ordering=updated`), with the list's
    filters; a search text ranks by relevance, which a sync cannot walk, so it is refused."""
    if search_text(request.args):
        raise field_error("search", "Не сочетается с updated_after и ordering: синхронизация идёт по времени изменения.")
    query = LISTINGS["clients"].query(request.args)
    page = paginate(db.session, query, page_request())
    return negotiate(page, lambda p: page_json(p, company_json), "clients/search.html")


def issue_document_url(public_id: str) -> str:
    """The smart-documents builder with this company as the buyer."""
    return url_for("smart_doc.invoices_for_payment_new", buyer=public_id)


@bp.get("/clients/<public_id>/")
@login_required
def clients_detail(public_id: str):
    """One company: the seed's JSON object, or the company card."""
    card = company_card(public_id)
    if card is None:
        abort(404)
    return negotiate(
        card, lambda c: company_json(c.company), "clients/company.html",
        card=card, c=card.company, issue_url=issue_document_url(public_id), search_url=search_url,
    )
