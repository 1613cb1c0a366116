"""Page-number pagination of a query: which slice was asked for and the page it gives.

The request side (reading `page`, the DRF envelope with absolute URLs) is
`portal.web.pagination`; this module knows no request, so services can return a `Page`.

A page costs a constant number of statements whatever its number:
- small tables: one statement, the total riding along as `count(*) OVER ()`;
- the large directory tables (companies, e-mails, phones): the count (kept by triggers on
  PostgreSQL, see `portal.models.counters`) and the page, whose ids are picked from a narrow
  index before the wide rows are read; when the ids are contiguous (no row ever deleted) the
  page is a plain id range, so page 40,000 costs what page 1 costs.
"""
from dataclasses import dataclass
from typing import Any, Sequence

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from portal.errors import ApiError
from portal.models.counters import is_counted, table_stats


@dataclass
class PageRequest:
    """Which slice of a list the caller asked for."""

    page: int
    page_size: int

    @property
    def offset(self) -> int:
        """Rows to skip."""
        return (self.page - 1) * self.page_size


@dataclass
class Page:
    """One page of a list and what the links need."""

    items: Sequence[Any]
    count: int
    page: int
    page_size: int

    @property
    def num_pages(self) -> int:
        """Number of pages (at least 1, as DRF counts an empty list)."""
        return max(1, -(-self.count // self.page_size))

    @property
    def has_next(self) -> bool:
        """Whether a later page exists."""
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        """Whether an earlier page exists."""
        return self.page > 1


def _past_the_end() -> ApiError:
    """DRF's answer to a page beyond the last one."""
    return ApiError(404, "Неверная страница.")


def _single_model(query: Select):
    """The mapped class when `query` selects exactly one ORM entity, else None."""
    descriptions = query.column_descriptions
    if len(descriptions) != 1:
        return None
    entity = descriptions[0].get("entity")
    return entity if descriptions[0].get("expr") is entity else None


def _whole_table_by_id(query: Select, model) -> bool:
    """Whether `query` is every row of the table in id order (no filter, join, grouping).

    SQLAlchemy has no public accessor for joins, grouping and ordering of a Select; these
    attributes are stable across 2.0 (pinned in requirements.txt) and a test covers them.
    """
    order = query._order_by_clauses
    return (
        query.whereclause is None
        and not query._setup_joins
        and not query._group_by_clauses
        and not query._distinct
        and len(order) == 1
        and order[0].compare(model.__table__.c.id)
    )


# Page statements of the lists whose base query is built once (the unfiltered lists), by the
# identity of that query: building and hashing a statement costs more than running it on a
# small table. Bounded, as filtered queries are new objects on every request.
_PAGE_STATEMENTS: dict[int, tuple[Select, Select]] = {}
_PAGE_STATEMENTS_MAX = 256


def _page_statement(query: Select, with_total: bool) -> Select:
    """`query` limited to one page (bound parameters), with its total as a window count."""
    cache_key = id(query) * 2 + with_total
    cached = _PAGE_STATEMENTS.get(cache_key)
    if cached is not None and cached[0] is query:
        return cached[1]
    statement = query.add_columns(func.count().over()) if with_total else query
    statement = statement.limit(bindparam("page_limit")).offset(bindparam("page_offset"))
    if len(_PAGE_STATEMENTS) >= _PAGE_STATEMENTS_MAX:
        _PAGE_STATEMENTS.clear()
    _PAGE_STATEMENTS[cache_key] = (query, statement)
    return statement


def _small_page(session: Session, query: Select, wanted: PageRequest, count: int | None) -> Page:
    """One statement: the page with its total as a window count (or the count given)."""
    with_total = count is None and not query._distinct
    if count is None and not with_total:
        count = session.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    statement = _page_statement(query, with_total)
    rows = session.execute(statement, {"page_limit": wanted.page_size, "page_offset": wanted.offset}).unique().all()
    if with_total:
        if not rows and wanted.page > 1:
            raise _past_the_end()
        count = rows[0][-1] if rows else 0
    page = Page(items=[row[0] for row in rows], count=count, page=wanted.page, page_size=wanted.page_size)
    if wanted.page > page.num_pages:
        raise _past_the_end()
    return page


def _large_page(session: Session, query: Select, model, wanted: PageRequest, count: int | None) -> Page:
    """Count (kept or counted), then read the page's wide rows by ids picked from a narrow index."""
    whole = _whole_table_by_id(query, model)
    low = high = None
    if count is None and whole:
        count, low, high = table_stats(session, model)
    elif count is None:
        ids = query.with_only_columns(model.id).order_by(None)
        count = session.execute(select(func.count()).select_from(ids.subquery())).scalar_one()
    page = Page(items=[], count=count, page=wanted.page, page_size=wanted.page_size)
    if wanted.page > page.num_pages:
        raise _past_the_end()
    if count == 0:
        # Nothing to read; and asking for the first ids of an empty filter can walk a whole index.
        return page
    if low is not None and high - low + 1 == count:
        # Contiguous ids: the n-th row is simply low + n.
        first = low + wanted.offset
        rows = query.where(model.id >= first, model.id < first + wanted.page_size)
    else:
        ids = query.with_only_columns(model.id).limit(wanted.page_size).offset(wanted.offset)
        rows = query.where(model.id.in_(ids))
    page.items = session.execute(rows).unique().scalars().all()
    return page


def paginate(session: Session, query: Select, wanted: PageRequest, count: int | None = None) -> Page:
    """Run `query` for one page; a page past the end is a 404 as in DRF."""
    model = _single_model(query)
    if model is not None and is_counted(model):
        return _large_page(session, query, model, wanted, count)
    return _small_page(session, query, wanted, count)
