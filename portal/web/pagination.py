"""The request side of pagination: `page`/`page_size` from the query string and the DRF
envelope `{count, next, previous, results}` with absolute URLs (the query side is `portal.paging`)."""
from typing import Any, Callable
from urllib.parse import urlencode

from flask import current_app, request

from portal.errors import ApiError, field_error
from portal.web.conditional import note_items_modified
from portal.paging import Page, PageRequest, paginate  # noqa: F401 (the views' one import for paging)

# Longer numbers cannot be a page of any list we hold; answering 404 early avoids
# integer overflow in the database.
MAX_DIGITS = 12


def _positive_digits(name: str, raw: str) -> str:
    """The significant ASCII digits of a positive number, or a 400 naming the parameter.

    `str.isdigit` also accepts "²" or Arabic-Indic digits, which `int()` then rejects:
    only 0-9 are accepted here. The length is checked by the caller before `int()`, which
    refuses strings of thousands of digits.
    """
    digits = raw.lstrip("0")
    if not (raw.isascii() and raw.isdigit()) or not digits:
        raise field_error(name, "Ожидается целое положительное число.")
    return digits


def page_request() -> PageRequest:
    """Read `page` and `page_size` from the query string; page_size is capped at the maximum."""
    config = current_app.config
    page, size = 1, config["PAGE_SIZE"]
    raw_page = request.args.get("page")
    if raw_page is not None:
        digits = _positive_digits("page", raw_page)
        if len(digits) > MAX_DIGITS:
            raise ApiError(404, "Неверная страница.")
        page = int(digits)
    raw_size = request.args.get("page_size")
    if raw_size is not None:
        digits = _positive_digits("page_size", raw_size)
        size = config["MAX_PAGE_SIZE"] if len(digits) > MAX_DIGITS else int(digits)
    return PageRequest(page=page, page_size=min(size, config["MAX_PAGE_SIZE"]))


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
    """The DRF envelope (its Last-Modified: the newest `updated` of the page's objects)."""
    note_items_modified(page.items)
    return {
        "count": page.count,
        "next": page_url(page.page + 1) if page.has_next else None,
        "previous": page_url(page.page - 1) if page.has_previous else None,
        "results": [serialize(item) for item in page.items],
    }
