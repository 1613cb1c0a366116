"""The search itself: one page of companies for the list's filters and its search text."""
from dataclasses import dataclass, field
from typing import Mapping

from portal.directory.listings import search_text
from portal.directory.search.plans import exact_plan, make_scope, plain_page, plan
from portal.directory.search.ranking import first_matches, rank
from portal.directory.search.results import counted_page, empty_page, load_companies, load_contacts
from portal.directory.search.scope import has_filters
from portal.directory.search.typos import FEW, similar_companies
from portal.directory.text import ParsedQuery, parse_query
from portal.paging import Page, PageRequest


@dataclass
class SearchOutcome:
    """One page of companies and how it was found."""

    page: Page
    query: ParsedQuery
    capped: bool = False
    ranked: bool = True
    notes: list[str] = field(default_factory=list)
    contacts: dict = field(default_factory=dict)
    filtered: bool = False
    # «Возможно, вы искали»: near names when the text found fewer than typos.FEW (typos.py).
    similar: list = field(default_factory=list)


def search_companies(args: Mapping[str, str], wanted: PageRequest, with_contacts: bool = True,
                     with_similar: bool = False) -> SearchOutcome:
    """One page of companies for the list's filters and its `search` text (or `q`, its alias;
    blank: every company).

    `with_contacts=False` skips the phones and e-mails the page shows and the JSON does not;
    `with_similar` looks for near names when the text found little (the page's «Возможно, вы искали»)."""
    contacts = load_contacts if with_contacts else (lambda ids: {})
    query = parse_query(search_text(args))
    scope = make_scope(args, query)  # also checks the filters (400)
    if query.is_blank:
        # No text: the plain list with its exact count, then phones and e-mails for its rows.
        page = plain_page(scope, wanted)
        ids = [company.id for company in page.items]
        return SearchOutcome(page=page, query=query, ranked=False, contacts=contacts(ids), filtered=has_filters(args))
    if not query.is_searchable:
        return SearchOutcome(page=empty_page(wanted), query=query, notes=["В запросе нет ни букв, ни цифр."])
    ranking = rank(query, *first_matches(plan(query, scope), exact_plan(query, scope)))
    page = counted_page(ranking.count, wanted)
    ids = ranking.ids[wanted.offset:wanted.offset + wanted.page_size]
    page.items = load_companies(ids)
    notes = []
    if query.forms_only:
        notes.append("Показаны компании с формой собственности " + ", ".join(f.upper() for f in query.forms) + ".")
    if query.bin_prefix and not query.exact_bin:
        notes.append(f"Поиск по началу БИН: {query.bin_prefix}.")
    similar = []
    if with_similar and ranking.count < FEW and wanted.page == 1:
        known = set(ids)
        similar = [company for company in similar_companies(query, scope) if company.id not in known]
    return SearchOutcome(page=page, query=query, capped=ranking.capped, ranked=ranking.ranked, notes=notes,
                         contacts=contacts(ids), similar=similar)
