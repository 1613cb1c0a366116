"""Addresses of demo companies: the register's («Г.АЛМАТЫ, ТУРКСИБСКИЙ РАЙОН, УЛИЦА ...») and the
city directory's fields (`address_ex`, `index_ex`, stop, office) for one area."""
import random

from portal.demo.draw import between, pick
from portal.demo.geo import Area

_BUSINESS_CENTRES = ("Нурлы Тау", "Алатау", "Esentai Tower", "Almaty Towers", "Достык", "Байсат", "Хан Тенгри", "Самал Тауэрс", "Кулан", "Алтын Ғасыр")
_NOT_MICRO = frozenset(("Центр", "Золотой квадрат", "Зелёный базар", "Промзона", "Станция Алматы-1", "Центральный", "Медеу", "Курортный", "Заречный", "Железнодорожный"))
_LOWER_AFTER = ((" Батыра", " батыра"), (" Би", " би"), (" Хана", " хана"), (" Жолы", " жолы"))


def street_ex(street: str) -> str:
    """The directory's spelling of a register street: «ПРОСПЕКТ СУЮНБАЯ» → «Суюнбая проспект»."""
    kind, _, name = street.partition(" ")
    if kind == "УЛИЦА":
        text = name.title()
    elif kind == "ПРОСПЕКТ":
        text = f"{name.title()} проспект"
    elif street.endswith(" ТРАКТ"):
        text = street.removesuffix(" ТРАКТ").title() + " тракт"
    else:
        text = street.title()
    for old, new in _LOWER_AFTER:
        text = text.replace(old, new)
    return text


def _micro_upper(district: str) -> str | None:
    """The register's «МИКРОРАЙОН ...» for a micro-district, None for districts that are not."""
    if district in _NOT_MICRO:
        return None
    if district.endswith("-й микрорайон"):
        return "МИКРОРАЙОН " + district.split("-", 1)[0]
    return "МИКРОРАЙОН " + district.removesuffix(" м-н").upper()


def _house(rng: random.Random) -> str:
    """A house number, sometimes with a letter or a block («51Б», «12/1»)."""
    number = str(between(rng, 1, 320))
    roll = rng.random()
    if roll < 0.1:
        return number + pick(rng, "АБВ")
    if roll < 0.15:
        return f"{number}/{between(rng, 1, 4)}"
    return number


def address(rng: random.Random, area: Area, district: str | None) -> dict:
    """The register address and the city directory's fields for a company in `area`."""
    house = _house(rng)
    micro = _micro_upper(district) if district else None
    in_micro = micro is not None and rng.random() < 0.5
    street = pick(rng, area.streets)
    place = micro if in_micro else street
    roll = rng.random()
    tail = ""
    if roll < 0.2:
        tail = f", кв {between(rng, 1, 240)}"
    elif roll < 0.35:
        tail = f", н.п. {between(rng, 1, 60)}"
    elif roll < 0.45:
        tail = f", офис {between(rng, 1, 900)}"
    ex_house = house if rng.random() < 0.8 else _house(rng)
    if in_micro:
        address_ex = f"мкр {district}, {ex_house}"
    else:
        address_ex = f"{street_ex(street)}, {ex_house}"
    comment = None
    roll = rng.random()
    if roll < 0.25:
        comment = f"{between(rng, 1, 12)} этаж, {between(rng, 1, 999)} офис"
    elif roll < 0.33:
        comment = f"офис {between(rng, 1, 500)}"
    elif roll < 0.40:
        comment = f"БЦ «{pick(rng, _BUSINESS_CENTRES)}», {between(rng, 1, 20)} этаж"
    return {
        "kato": area.kato,
        "address": f"{area.address_prefix}, {place}, {house}{tail}",
        "index_ex": pick(rng, area.postcodes) if rng.random() < 0.8 else None,
        "address_ex": address_ex if rng.random() < 0.85 else None,
        "comment_to_adress_ex": comment,
        "subway_or_bus_ex": pick(rng, area.stops) if rng.random() < 0.7 else None,
    }
