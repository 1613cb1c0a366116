"""One demo company from its number: company i is always the same company, whatever else is
loaded, because every random choice comes from generators seeded with (seed, i)."""
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import cache
from itertools import accumulate, chain
from typing import Iterator

from portal.demo.activities import ACTIVITIES, Activity
from portal.demo.addresses import address
from portal.demo.classifiers import classifiers
from portal.demo.contacts import emails, phones, slug, socials, website
from portal.demo.draw import below, between, pick, weighted
from portal.demo.geo import PLACES, Place
from portal.demo.known import KNOWN_COMPANIES
from portal.demo.naming import KAZAKH_FORM, company_name
from portal.demo.oked import OKED
from portal.demo.people import person
from portal.demo.quotas import BLOCK, contact_counts
from portal.directory.search import search_key
from portal.kz.bin import make_bin, make_iin
from portal.timeutil import ALMATY

MAX_CONTACTS = 16  # per company and kind; row numbers of contacts are company * 16 + k

_FORMS = ("ТОО", "ИП", "АО")
_FORM_CUM = list(accumulate((80, 16, 4)))
_KRP_CODES = ("105", "110", "115", "120", "130", "140", "150", "160", "215", "220", "225", "305", "310", "311")
_KRP_CUM = {
    "ТОО": list(accumulate((52, 16, 7, 5, 5, 3, 2, 4, 2, 1.3, 0.8, 1, 0.5, 0.4))),
    "АО": list(accumulate((10, 6, 5, 5, 6, 6, 5, 10, 9, 8, 6, 10, 8, 6))),
    "ИП": list(accumulate((88, 8, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0))),
}
_FIRST_YEAR, _LAST_YEAR = 1996, 2026
_YEARS = list(range(_FIRST_YEAR, _LAST_YEAR + 1))
_YEAR_CUM = list(accumulate((year - 1990) ** 1.3 for year in _YEARS))
_UPDATED_FROM = datetime(2021, 1, 1, tzinfo=ALMATY)
_UPDATED_UNTIL = datetime(2026, 11, 20, tzinfo=ALMATY)


@dataclass
class DemoCompany:
    """Everything the loader inserts for one company, with classifier rows by list position."""

    index: int
    row: dict
    krp_code: str
    locality: int
    district: int | None
    rubrics: list[int]
    types: list[int]
    emails: list[str]
    phones: list[str]
    bins: Iterator[str]
    # Filled by portal.demo.batches.prepare: candidate public ids of the contacts.
    email_ids: list[str] = field(default_factory=list)
    phone_ids: list[str] = field(default_factory=list)


@cache
def _sections() -> tuple[list[str], list[float]]:
    """Section names and cumulative weights."""
    names = list(ACTIVITIES)
    return names, list(accumulate(ACTIVITIES[n].weight for n in names))


@cache
def _places() -> list[float]:
    """Cumulative weights of the localities."""
    return list(accumulate(p.weight for p in PLACES))


@cache
def _areas(place_index: int) -> list[float]:
    """Cumulative weights of a locality's areas."""
    return list(accumulate(a.weight for a in PLACES[place_index].areas))


@cache
def _oked_cum(section: str) -> list[float]:
    """The section's first OKED codes are the most common."""
    return list(accumulate(1 / (rank + 1) for rank in range(len(ACTIVITIES[section].oked))))


def _pick_distinct(rng: random.Random, pool: list[int], count: int) -> list[int]:
    """`count` different items of `pool`, in the order drawn."""
    chosen: list[int] = []
    while len(chosen) < min(count, len(pool)):
        item = pick(rng, pool)
        if item not in chosen:
            chosen.append(item)
    return chosen


def _registration(rng: random.Random, not_before: int = _FIRST_YEAR) -> date:
    """A registration day, recent years more likely, never after October 2026."""
    year = max(_YEARS[weighted(rng, _YEAR_CUM)], not_before)
    year = min(year, _LAST_YEAR)
    last_month = 10 if year == _LAST_YEAR else 12
    month = between(rng, 1, last_month)
    day = between(rng, 1, 28)
    return date(year, month, day)


def _to_utc(day: date) -> datetime:
    """Midnight in Almaty as an aware UTC datetime (SQLite stores the UTC wall time)."""
    return datetime(day.year, day.month, day.day, tzinfo=ALMATY).astimezone(timezone.utc)


def _updated(rng: random.Random, registered: date) -> datetime:
    """When the city directory last touched the record: 2021-2026, never before registration."""
    start = max(_UPDATED_FROM, datetime(registered.year, registered.month, registered.day, tzinfo=ALMATY) + timedelta(days=1))
    span = max(int((_UPDATED_UNTIL - start).total_seconds()), 1)
    moment = start + timedelta(seconds=below(rng, span), microseconds=below(rng, 1_000_000))
    return moment.astimezone(timezone.utc)


def _bins(rng: random.Random, form: str, registered: date, born: date | None, female: bool) -> Iterator[str]:
    """Candidate BINs (IINs for an ИП) in the order the loader tries them; it skips taken ones.
    A BIN's first four digits are the registration's YYMM; an IIN starts with the birth date.
    Draws continue the company's own generator, after every other choice about the company."""
    while True:
        if form == "ИП" and born is not None:
            candidate = make_iin(born, female, below(rng, 10000))
        else:
            serial = int(rng.random() ** 2 * 40000) + 1  # low serials are the most common
            candidate = make_bin(registered, serial)
        if candidate:
            yield candidate


_KNOWN_FIELDS = ("director", "secondary_oked", "krp_code", "address", "index_ex", "address_ex",
                 "comment_to_adress_ex", "subway_or_bus_ex", "web_site_ex")


def _apply_known(row: dict, known: dict) -> None:
    """Put a seed company's own fields over the generated ones (times stored in UTC)."""
    for key in _KNOWN_FIELDS:
        if key in known:
            row[key] = known[key]
    for key in ("updated", "registration_date"):
        if key in known:
            row[key] = known[key].astimezone(timezone.utc)
    if "secondary_oked" not in known:
        row["secondary_oked"] = None


def generate(seed: str, index: int) -> DemoCompany:
    """Company number `index` of the demo directory made with `seed`."""
    rng = random.Random(f"{seed}:company:{index}")
    known = KNOWN_COMPANIES[index] if index < len(KNOWN_COMPANIES) else {}
    names, section_cum = _sections()
    section = known.get("section") or names[weighted(rng, section_cum)]
    activity: Activity = ACTIVITIES[section]
    form = known.get("form") or _FORMS[weighted(rng, _FORM_CUM)]
    director, owner, female = person(rng)
    born = None
    if form == "ИП":
        born = date(between(rng, 1958, 2004), between(rng, 1, 12), between(rng, 1, 28))
    registered = _registration(rng, not_before=born.year + 18 if born else _FIRST_YEAR)
    name = company_name(rng, form, activity, owner, registered.year)
    inner = known.get("inner", name.inner)
    name_ex = known.get("company_name_ex", name.ex)
    full = f'{form} "{inner}"'
    alternative = f'{KAZAKH_FORM[form]} "{inner}"' if rng.random() < 0.12 and not known else full

    place_index = 0 if known else weighted(rng, _places())
    place: Place = PLACES[place_index]
    if known.get("area"):
        area = next(a for a in place.areas if a.name == known["area"])
    else:
        area = place.areas[weighted(rng, _areas(place_index))]
    lookup = classifiers()
    district = None
    if "district" in known:
        if known["district"]:
            district = next(d for d in lookup.districts_of_area[area.name] if lookup.districts[d][1] == known["district"])
    elif rng.random() < 0.45:
        district = pick(rng, lookup.districts_of_area[area.name])
    location = address(rng, area, lookup.districts[district][1] if district is not None else None)

    oked_codes = activity.oked
    oked = known.get("oked") or oked_codes[weighted(rng, _oked_cum(section))]
    secondary = None
    if rng.random() < 0.25:
        others = [c for c in oked_codes if c != oked]
        picked = _pick_distinct(rng, list(range(len(others))), between(rng, 1, 3))
        secondary = ", ".join(others[k] for k in sorted(picked)) or None
    krp_code = _KRP_CODES[weighted(rng, _KRP_CUM[form])]

    name_slug = slug(name_ex)
    site = website(rng, name_slug) if rng.random() < 0.15 else None
    row = {
        "director": director,
        "company_name": full,
        "alternative_name": alternative,
        "company_name_ex": name_ex,
        "company_name_search": search_key(full, alternative, name_ex),
        "registration_date": _to_utc(registered),
        "oked": oked,
        "description": OKED[oked],
        "secondary_oked": secondary,
        "krp_code": krp_code,
        **location,
        "web_site_ex": site,
        **socials(rng, name_slug),
        "seal_image": None,
        "updated": _updated(rng, registered),
    }
    if known:
        _apply_known(row, known)
        if "registration_date" in known:
            registered = known["registration_date"].date()

    rubric_pool = lookup.rubrics_of_section[section]
    rubrics = _pick_distinct(rng, rubric_pool, 1 + weighted(rng, (50, 85, 100)))
    types = _pick_distinct(rng, lookup.types_of_section[section], 1 + weighted(rng, (45, 85, 100)))
    if "rubrics" in known:
        by_name = {lookup.rubrics[r][1]: r for r in rubric_pool}
        rubrics = [by_name[n] for n in known["rubrics"]]
    if "types" in known:
        types = [lookup.types.index(n) for n in known["types"]]

    mail_counts, phone_counts = contact_counts(seed, index // BLOCK)
    mail_list = known.get("emails")
    if mail_list is None:
        mail_list = emails(rng, name_slug, site, mail_counts[index % BLOCK], registered.year, form)
    phone_list = known.get("phones")
    if phone_list is None:
        phone_list = phones(rng, place, phone_counts[index % BLOCK])

    bins = _bins(rng, form, registered, born, female)
    if "bin" in known:
        # The seed's own BIN first; generated ones only if someone registered it already.
        bins = chain((known["bin"],), bins)
    return DemoCompany(
        index=index,
        row=row,
        krp_code=krp_code if "krp_code" not in known else known["krp_code"],
        locality=place_index,
        district=district,
        rubrics=rubrics,
        types=types,
        emails=list(mail_list),
        phones=list(phone_list),
        bins=bins,
    )

