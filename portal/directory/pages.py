"""What the directory's pages show: each list page's resource (its rows and columns), the
search page's fields and its outcome for a person, and the options of a dependent select.

Plain data and functions (no request): the blueprint (portal.blueprints.clients) reads the
request, calls these, and renders the templates in portal/templates/clients/.
"""
from dataclasses import dataclass
from typing import Callable, Mapping

from portal.directory import serializers as ser
from portal.directory.filters import children_of
from portal.directory.listings import known_params, search_text
from portal.directory.labels import CHILD_LINKS, LIST_COLUMNS
from portal.directory.search import SearchOutcome, parse_query, search_companies
from portal.errors import ValidationFailed
from portal.paging import Page, PageRequest


@dataclass(frozen=True)
class Resource:
    """A list path of the Clients API and how its page shows it."""

    name: str
    serialize: Callable
    title: str
    auth_only: bool = False
    id_key: str = "id"
    page_extras: Callable | None = None

    def page_row(self, item) -> dict:
        """What a table row of the HTML page shows: the JSON object plus readable extras."""
        row = self.serialize(item)
        if self.page_extras is not None:
            row.update(self.page_extras(item))
        return row

    def page_rows(self, items) -> list[dict]:
        """The table rows of a list page (built only when a page, not JSON, is answered)."""
        return [self.page_row(item) for item in items]

    @property
    def columns(self) -> list[str] | None:
        """JSON keys shown as table columns on the list page (None: every key)."""
        return LIST_COLUMNS.get(self.name)

    @property
    def child(self) -> tuple[str, str, str] | None:
        """(label, list endpoint, filter parameter) of the list nested under each row."""
        return CHILD_LINKS.get(self.name)


RESOURCES = [
    Resource("sections", ser.section_json, "Разделы"),
    Resource("sub_sections", ser.sub_section_json, "Подразделы"),
    Resource("rubrics", ser.rubric_json, "Рубрики"),
    Resource("regions", ser.region_json, "Регионы"),
    Resource("localities", ser.locality_json, "Населённые пункты"),
    Resource("districts", ser.district_json, "Районы"),
    Resource("types", ser.type_json, "Типы компаний"),
    Resource("krp_names", ser.krp_json, "Размеры предприятий (КРП)"),
    Resource("emails", ser.email_json, "Электронные адреса"),
    Resource("phone_numbers", ser.phone_json, "Телефоны", auth_only=True),
]
STAFF = Resource(
    "staff", ser.staff_json, "Сотрудники", auth_only=True, id_key="user",
    page_extras=lambda staff: {"full_name": staff.user.full_name, "email": staff.user.email},
)

# How the caller's company is shown on the get_user_company page (the company list is the search page).
COMPANY = Resource("clients", ser.company_json, "Компании", auth_only=True)

# Parameters the search form sends, and how the page names them in messages.
FIELD_LABELS = {
    "search": "Запрос", "section": "Раздел", "sub_section": "Подраздел", "rubric": "Рубрика",
    "region": "Регион", "locality": "Населённый пункт", "district": "Район", "krp": "КРП",
    "oked": "ОКЭД", "type": "Тип", "page": "Страница", "page_size": "Размер страницы",
}
FORM_PARAMS = tuple(name for name in FIELD_LABELS if name not in ("page", "page_size"))

# Which query parameters each dependent select sends: (parent, grandparent).
OPTION_PARENTS = {
    "sub_sections": ("section", None),
    "rubrics": ("sub_section", "section"),
    "types": ("rubric", "sub_section"),
    "districts": ("locality", None),
}


def page_params(args: Mapping[str, str]) -> dict:
    """The search page's parameters from the link a person followed: `q` (what other sites'
    search links send) is the search text unless the form's own `search` is there too, and
    parameters the page does not know are left out (portal.directory.listings.known_params)."""
    params = known_params(args, (*FORM_PARAMS, "page", "page_size"))
    text = search_text(args)
    return {**params, "search": text} if text else params


def search_page(args: Mapping[str, str], wanted: Callable[[], PageRequest]) -> tuple[SearchOutcome, dict | None]:
    """What the search page shows a person: the outcome, or, when a filter is bad, an empty
    outcome and the messages to show beside the fields. `wanted` reads the page asked for; it
    runs here, so a bad `page` or `page_size` is shown beside the fields too."""
    try:
        return search_companies(args, wanted(), with_similar=True), None
    except ValidationFailed as exc:
        empty = SearchOutcome(page=Page(items=[], count=0, page=1, page_size=20), query=parse_query(args.get("search")))
        return empty, exc.errors


def select_options(kind: str, args: Mapping[str, str]) -> list | None:
    """The options of the dependent select `kind` for the parents chosen in `args` (None: no
    such select)."""
    if kind not in OPTION_PARENTS:
        return None
    parent, grandparent = OPTION_PARENTS[kind]
    return children_of(kind, args.get(parent), args.get(grandparent) if grandparent else None)
