"""Finding the counterparty of a document in the company directory, by name or BIN.

The directory's own search (portal.directory.search: word prefixes in Russian and Kazakh,
BIN prefixes, ranking) does the finding, so the builder finds what the company search finds.
"""
from sqlalchemy import select

from portal.directory.search import search_companies
from portal.extensions import db
from portal.models import Company
from portal.paging import PageRequest

MIN_QUERY = 2


def find_counterparties(query: str, exclude_company_id: int | None = None, limit: int = 8) -> list[Company]:
    """Directory companies matching a name or the start of a BIN, best first (never the caller's own)."""
    text = " ".join((query or "").split())[:100]
    if len(text) < MIN_QUERY:
        return []
    outcome = search_companies({"search": text}, PageRequest(page=1, page_size=limit + 1))
    found = [company for company in outcome.page.items if company.id != exclude_company_id]
    return found[:limit]


def counterparty_by_id(public_id: str) -> Company | None:
    """A directory company by public id."""
    return db.session.execute(select(Company).where(Company.public_id == (public_id or "").lower())).unique().scalar_one_or_none()
