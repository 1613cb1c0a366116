"""Which query answers a search: its scope (the filters, every parameter checked), the plan of
its matches and of its exact tier, and the plain list's page, each handed to the database's
own module (portal.directory.search.sqlite / .postgresql) where the two differ."""
from dataclasses import replace
from typing import Mapping

from sqlalchemy import Select, or_

from portal.directory.listings import LISTINGS, check_params
from portal.directory.search import postgresql, sqlite
from portal.directory.search.links import filter_words, without_link_filters
from portal.directory.search.scope import Scope, bin_condition, dialect, has_filters
from portal.directory.text import ParsedQuery
from portal.extensions import db
from portal.models import Company
from portal.paging import Page, PageRequest, paginate


def make_scope(args: Mapping[str, str], query: ParsedQuery) -> Scope:
    """The filters of a search (every parameter checked: a 400 names the first bad one).

    Rubric/section/type filters become words of the search index (`links`), which
    intersects its own lists; the column filters (place, KRP, OKED) stay a query. On SQLite
    one side of a search with column filters is read first and the other checked per row
    (Scope.driver)."""
    listing = LISTINGS["clients"]
    check_params(args, set(listing.filters) | listing.extra_params)
    words = filter_words(args) if query.is_searchable or query.is_blank else []
    kept = without_link_filters(args) if words else args
    scope = Scope(filtered=listing.query(kept), words=words, has_filters=has_filters(kept))
    if scope.has_filters and dialect() == "sqlite":
        scope.driver = sqlite.driver(query, scope)
    return scope


def plan(query: ParsedQuery, scope: Scope) -> Select:
    """The filtered id query with the search condition attached so the cheaper side drives."""
    if not (query.terms or query.forms_only):
        # A BIN prefix alone: its range of the BIN index, each row checked.
        return scope.checked_ids().where(bin_condition(query.bin_prefix))
    ids = scope.ids()
    if query.bin_prefix:
        ids = ids.where(bin_condition(query.bin_prefix))
    if dialect() == "sqlite":
        return sqlite.plan(ids, query, scope)
    return postgresql.plan(ids, query, scope)


def _exact_condition(query: ParsedQuery):
    """Exact BIN or exact name: the first tier, found through plain indexes."""
    tiers = []
    if query.exact_bin:
        tiers.append(Company.bin == query.exact_bin)
    if query.terms:
        tiers.append(Company.company_name_search == query.core)
    return or_(*tiers) if tiers else None


def exact_plan(query: ParsedQuery, scope: Scope) -> Select | None:
    """Exact BIN or exact name among the filtered companies (None when the query has neither).

    No ORDER BY in SQL: with one, PostgreSQL walks the primary key hoping to meet the few exact
    rows early instead of using the name index; the tier is small, first_matches sorts it."""
    condition = _exact_condition(query)
    if condition is None:
        return None
    exact = scope.checked_ids().where(condition)
    return exact.where(bin_condition(query.bin_prefix)) if query.bin_prefix else exact


def plain_page(scope: Scope, wanted: PageRequest) -> Page:
    """A page of the plain list (no search text), in id order with its exact count; with
    rubric/section/type filters, from the search index (the database's module says how)."""
    if not scope.words:
        return paginate(db.session, scope.filtered, wanted)
    if dialect() == "sqlite":
        return sqlite.plain_page(scope, wanted)
    return postgresql.plain_page(scope, wanted)


def rescoped(query: ParsedQuery, scope: Scope) -> Scope:
    """The scope for another query of the same filters (the typo fallback's corrected words):
    on SQLite, which side is read first depends on the query's matches."""
    if scope.has_filters and dialect() == "sqlite":
        return replace(scope, driver=sqlite.driver(query, scope))
    return scope
