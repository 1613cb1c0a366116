"""Directory queries: one place builds each list and its filters, for pages, JSON and the CLI."""
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, lazyload, load_only

from portal.extensions import db
from portal.models.base import PUBLIC_ID_RE
from portal.models import (
    Company,
    CompanyType,
    District,
    Email,
    KrpName,
    Locality,
    PhoneNumber,
    Region,
    Rubric,
    Section,
    SubSection,
    company_rubrics,
    company_types,
)
from portal.errors import field_error
from portal.web.sync import SYNC_PARAMS, apply_sync, wants_sync

# Query parameters every list understands besides its own filters.
COMMON_PARAMS = frozenset({"page", "page_size", "format"})


def check_params(args: Mapping[str, str], accepted: Iterable[str] = ()) -> None:
    """A 400 naming the first query parameter a list does not understand, or gets twice.

    DRF ignores unknown parameters; integrators then get an unfiltered list and never learn
    that they misspelt a filter, so the portal says so instead.
    """
    allowed = COMMON_PARAMS | set(accepted)
    for name in args:
        if name not in allowed:
            raise field_error(name, "Неизвестный параметр. Допустимы: " + ", ".join(sorted(allowed)) + ".")
        if hasattr(args, "getlist") and len(args.getlist(name)) > 1:
            raise field_error(name, "Параметр указан больше одного раза.")


def known_params(args: Mapping[str, str], accepted: Iterable[str] = ()) -> dict:
    """The parameters of a link a person followed that a page understands, the rest left out.

    People arrive with whatever another site or a mail client added (`utm_source`, `fbclid`)
    or an old bookmark's misspelt filter: the page then shows what it can, not an error. The
    JSON twin stays strict (check_params): an integrator must learn of a misspelt filter."""
    allowed = COMMON_PARAMS | set(accepted)
    return {name: value for name, value in args.items() if name in allowed}


# What search links of other sites and people's habits name the search text (`?q=строй`): the
# company list reads it as `search` (its name since the seed API).
SEARCH_ALIAS = "q"


def search_text(args: Mapping[str, str]) -> str | None:
    """The company list's search text: `search`, or its alias `q` when `search` is blank (the
    search form's own field wins, as on the page)."""
    return args.get("search") or args.get(SEARCH_ALIAS)


def resolve_id(param: str, model, raw: str) -> int:
    """Turn a public id from the query string into the internal key, or a 400 naming `param`."""
    if not PUBLIC_ID_RE.fullmatch(raw):
        raise field_error(param, "Ожидается id: 8 символов 0-9 и a-f (строчные).")
    key = db.session.execute(select(model.id).where(model.public_id == raw)).scalar_one_or_none()
    if key is None:
        raise field_error(param, f"Объект с id «{raw}» не найден.")
    return key


def _digits(param: str, raw: str, lengths: range) -> str:
    """ASCII digits of an allowed length, or a 400 naming `param`."""
    value = raw
    if not (value.isascii() and value.isdigit()) or len(value) not in lengths:
        low, high = lengths.start, lengths.stop - 1
        size = f"{low}" if low == high else f"от {low} до {high}"
        raise field_error(param, f"Ожидается {size} цифр.")
    return value


def _by_fk(column, model, param: str):
    """A filter on a foreign key given as the related object's public id."""

    def apply(query: Select, raw: str) -> Select:
        """Keep the rows pointing at the object `raw` names."""
        return query.where(column == resolve_id(param, model, raw))

    return apply


def _filter_bin(query: Select, raw: str) -> Select:
    """Exactly one BIN (12 digits)."""
    return query.where(Company.bin == _digits("bin", raw, range(12, 13)))


def _filter_oked(query: Select, raw: str) -> Select:
    """OKED codes are hierarchical: `46` finds every 46xxx company (a range keeps the index usable)."""
    code = _digits("oked", raw, range(2, 6))
    upper = str(int(code) + 1).zfill(len(code))
    if len(upper) > len(code):
        # "99" has no next prefix of the same length: everything from it up belongs to it.
        return query.where(Company.oked >= code)
    return query.where(Company.oked >= code, Company.oked < upper)


def _filter_krp(query: Select, raw: str) -> Select:
    """KRP by its official code (`105`) or by the size class's public id."""
    if raw.isascii() and raw.isdigit() and len(raw) == 3:
        return query.where(Company.krp_code == raw)
    return query.where(Company.krp_id == resolve_id("krp", KrpName, raw))


def _linked(column, wanted):
    """Companies linked (through `column`'s table) to `wanted`, one id or a subquery of ids:
    `companies.id IN (companies of those rubrics)`, so the database starts from the covering
    link index (a rubric of 2,840 companies counts in milliseconds). A word search answers
    these filters in its index instead (portal.directory.search.links)."""
    condition = column == wanted if not isinstance(wanted, Select) else column.in_(wanted)
    return Company.id.in_(select(column.table.c.company_id).where(condition))


def _rubric_link(raw: str):
    """The `rubric` filter: one rubric."""
    return company_rubrics.c.rubric_id, resolve_id("rubric", Rubric, raw)


def _sub_section_link(raw: str):
    """The `sub_section` filter: any rubric of the sub-section."""
    sub_id = resolve_id("sub_section", SubSection, raw)
    return company_rubrics.c.rubric_id, select(Rubric.id).where(Rubric.sub_section_id == sub_id)


def _section_link(raw: str):
    """The `section` filter: any rubric of the section."""
    section_id = resolve_id("section", Section, raw)
    return company_rubrics.c.rubric_id, select(Rubric.id).join(SubSection).where(SubSection.section_id == section_id)


def _type_link(raw: str):
    """The `type` filter: one company type."""
    return company_types.c.type_id, resolve_id("type", CompanyType, raw)


# Filters that select companies through a link table: (link column, one id or a subquery of ids).
LINK_FILTERS = {"section": _section_link, "sub_section": _sub_section_link, "rubric": _rubric_link, "type": _type_link}


def _link_filter(link: Callable):
    """A company filter from a link-table condition (an id list, or a per-row check)."""
    def apply(query: Select, raw: str) -> Select:
        return query.where(_linked(*link(raw)))

    apply.__doc__ = link.__doc__
    return apply


@dataclass
class Listing:
    """A list resource: its base query, its filters, and a default order that is stable."""

    model: type
    base: Callable[[], Select]
    filters: Mapping[str, Callable[[Select, str], Select]] = field(default_factory=dict)
    extra_params: frozenset = frozenset()

    @property
    def syncable(self) -> bool:
        """Lists of rows with a time of change take `updated_after` and `ordering` (portal.web.sync)."""
        return hasattr(self.model, "updated")

    @property
    def params(self) -> set[str]:
        """The query parameters the list understands besides COMMON_PARAMS."""
        return set(self.filters) | self.extra_params | (SYNC_PARAMS if self.syncable else set())

    def query(self, args: Mapping[str, str]) -> Select:
        """Apply every filter present in `args`; unknown parameters are a 400."""
        check_params(args, self.params)
        query = self.base()
        for name, apply in self.filters.items():
            raw = args.get(name)
            if raw:
                query = apply(query, raw)
        if self.syncable and wants_sync(args):
            query = apply_sync(query, self.model, args)
        return query

    def get(self, public_id: str):
        """One object by public id, or None."""
        if not PUBLIC_ID_RE.fullmatch(public_id or ""):
            return None
        query = self.base().where(self.model.public_id == public_id)
        return db.session.execute(query).unique().scalar_one_or_none()


def _ordered(model, *options) -> Callable[[], Select]:
    """The base query of a list: every row, in id order (stable across pages).

    Built once: a Select is immutable (filters return new ones), and building it again for
    every request costs more than running it against a small table.
    """
    statement = select(model).options(*options).order_by(model.id)
    return lambda: statement


def _company_columns(relationship, *columns):
    """Join a contact's company for just the columns its JSON shows.

    A company joins its KRP class, region, locality and district by default; an e-mail list
    needs none of them, nor the company's wide text columns.
    """
    return joinedload(relationship, innerjoin=True).options(load_only(*columns), lazyload("*"))


COMPANY_FILTERS = {
    "bin": _filter_bin,
    "oked": _filter_oked,
    "krp": _filter_krp,
    "section": _link_filter(_section_link),
    "sub_section": _link_filter(_sub_section_link),
    "rubric": _link_filter(_rubric_link),
    "region": _by_fk(Company.region_id, Region, "region"),
    "locality": _by_fk(Company.locality_id, Locality, "locality"),
    "district": _by_fk(Company.district_id, District, "district"),
    "type": _link_filter(_type_link),
}

LISTINGS = {
    "sections": Listing(Section, _ordered(Section)),
    "sub_sections": Listing(
        SubSection, _ordered(SubSection, joinedload(SubSection.section)),
        {"section": _by_fk(SubSection.section_id, Section, "section")},
    ),
    "rubrics": Listing(
        Rubric, _ordered(Rubric, joinedload(Rubric.sub_section)),
        {"sub_section": _by_fk(Rubric.sub_section_id, SubSection, "sub_section")},
    ),
    "regions": Listing(Region, _ordered(Region)),
    "localities": Listing(
        Locality, _ordered(Locality), {"region": _by_fk(Locality.region_id, Region, "region")}
    ),
    "districts": Listing(
        District, _ordered(District), {"locality": _by_fk(District.locality_id, Locality, "locality")}
    ),
    "types": Listing(CompanyType, _ordered(CompanyType)),
    "krp_names": Listing(KrpName, _ordered(KrpName)),
    "emails": Listing(Email, _ordered(Email, _company_columns(
        Email.company, Company.public_id, Company.bin, Company.company_name, Company.alternative_name))),
    "phone_numbers": Listing(PhoneNumber, _ordered(PhoneNumber, _company_columns(
        PhoneNumber.company, Company.company_name))),
    "clients": Listing(Company, _ordered(Company), COMPANY_FILTERS, frozenset({"search", SEARCH_ALIAS})),
}
