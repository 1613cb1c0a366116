"""Where a search looks: the list's filters as a query, and the filter words the index answers."""
from dataclasses import dataclass
from typing import Mapping

from sqlalchemy import Select, and_, literal

from portal.directory.listings import LISTINGS
from portal.extensions import db
from portal.models import Company


def dialect() -> str:
    """The database in use ("sqlite" or "postgresql")."""
    return db.session.get_bind().dialect.name


def has_filters(args: Mapping[str, str]) -> bool:
    """Whether any directory filter (not paging, format or search) narrows the list."""
    return any((args.get(name) or "").strip() for name in LISTINGS["clients"].filters)


def bin_condition(prefix: str):
    """BINs starting with `prefix`: a range the unique BIN index serves (":" sorts after "9")."""
    return and_(Company.bin >= prefix, Company.bin < prefix + ":")


@dataclass
class Scope:
    """Where a search looks: the filters as a query, and the ones the search index answers.

    `driver` says which side SQLite reads first when column filters meet index words:
    "index" — the index's matches, when they are few; "filter" — the column filter's
    companies (their own index), checked against the matches (portal.directory.search.sqlite).
    PostgreSQL's planner weighs the sides itself."""

    filtered: Select
    words: list[str]
    has_filters: bool
    driver: str = "filter"

    @property
    def checked(self) -> Select:
        """The filtered companies with the link filters as checks of each company's own row
        (its stored link words): for rows found by another index (exact names, a BIN range,
        the first words of filtered companies), where reading every link of a section first
        would cost more than the rows themselves."""
        padded = literal(" ") + Company.link_terms + literal(" ")
        return self.filtered.where(*(padded.contains(f" {word} ", autoescape=True) for word in self.words))

    def ids(self) -> Select:
        """The filtered companies' ids, unordered (the plan or the ranking orders them)."""
        return self.filtered.with_only_columns(Company.id).order_by(None)

    def checked_ids(self) -> Select:
        """The ids of `checked`, unordered."""
        return self.checked.with_only_columns(Company.id).order_by(None)
