"""DRF-style page-number pagination: `{count, next, previous, results}` with absolute URLs."""
from urllib.parse import urlencode
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from flask import current_app, request
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from portal.web.errors import ApiError, field_error

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
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _positive_int(name: str, raw: str | None, default: int) -> int:
    """Parse a positive integer query parameter or raise a 400 naming it."""
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise field_error(name, "Ожидается целое положительное число.")
    if len(raw) > 12:
        raise ApiError(404, "Неверная страница.")
    return int(raw)


def page_request() -> PageRequest:
    """Read `page` and `page_size` from the query string; page_size is capped at the maximum."""
    config = current_app.config
    page = _positive_int("page", request.args.get("page"), 1)
    size = _positive_int("page_size", request.args.get("page_size"), config["PAGE_SIZE"])
    return PageRequest(page=page, page_size=min(size, config["MAX_PAGE_SIZE"]))


def paginate(session: Session, query: Select, wanted: PageRequest, count: int | None = None) -> Page:
    """Run `query` for one page; a page past the end is a 404 as in DRF."""
    if count is None:
        count = session.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    page = Page(items=[], count=count, page=wanted.page, page_size=wanted.page_size)
    if wanted.page > page.num_pages:
        raise ApiError(404, "Неверная страница.")
    page.items = session.execute(query.limit(wanted.page_size).offset(wanted.offset)).unique().scalars().all()
    return page


def page_url(number: int | None) -> str | None:
    """The absolute URL of another page of the current list, keeping every other parameter."""
    if number is None:
        return None
    args = request.args.to_dict(flat=False)
    if number == 1:
        args.pop("page", None)
    else:
        args["page"] = [str(number)]
    base = request.base_url
    if not args:
        return base
    return base + "?" + urlencode(args, doseq=True)


def page_json(page: Page, serialize: Callable[[Any], dict]) -> dict:
    """The DRF envelope."""
    return {
        "count": page.count,
        "next": page_url(page.page + 1) if page.has_next else None,
        "previous": page_url(page.page - 1) if page.has_previous else None,
        "results": [serialize(item) for item in page.items],
    }
