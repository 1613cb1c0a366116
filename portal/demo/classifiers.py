"""The classifier tables of the demo directory, as ordered lists: the position of a row is its
number for public ids and for the company generator, so both agree on every machine."""
from dataclasses import dataclass, field
from functools import cache

from portal.demo.activities import ACTIVITIES, GENERIC_TYPES, GOODS_PATTERNS
from portal.demo.catalogue import CATALOGUE
from portal.demo.geo import PLACES, REGION

TYPE_COUNT = 1762

KRP_CLASSES = (
    ("105", "Малые предприятия (<= 5)"),
    ("110", "Малые предприятия (6 - 10)"),
    ("115", "Малые предприятия (11-15)"),
    ("120", "Малые предприятия (16-20)"),
    ("130", "Малые предприятия (21-30)"),
    ("140", "Малые предприятия (31-40)"),
    ("150", "Малые предприятия (41-50)"),
    ("160", "Малые предприятия (51-100)"),
    ("215", "Средние предприятия (101-150)"),
    ("220", "Средние предприятия (151-200)"),
    ("225", "Средние предприятия (201-250)"),
    ("305", "Крупные предприятия (251-500)"),
    ("310", "Крупные предприятия (501-1000)"),
    ("311", "Крупные предприятия (более 1000)"),
)


@dataclass
class Classifiers:
    """Every classifier row in load order, and the lookups the company generator needs."""

    sections: list[str] = field(default_factory=list)
    sub_sections: list[tuple[int, str]] = field(default_factory=list)
    rubrics: list[tuple[int, str]] = field(default_factory=list)
    localities: list[tuple[str, str]] = field(default_factory=list)
    districts: list[tuple[int, str, str]] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    rubrics_of_section: dict[str, list[int]] = field(default_factory=dict)
    types_of_section: dict[str, list[int]] = field(default_factory=dict)
    districts_of_area: dict[str, list[int]] = field(default_factory=dict)


def _types(result: Classifiers) -> None:
    """The company types: generic ones, each section's own kinds, then «pattern + goods»
    («магазин автозапчастей») until there are TYPE_COUNT distinct ones."""
    index: dict[str, int] = {}

    def add(name: str, section: str | None) -> None:
        """Add a type once (up to TYPE_COUNT) and note it as one of `section`'s."""
        if name not in index and len(result.types) < TYPE_COUNT:
            index[name] = len(result.types)
            result.types.append(name)
        pool = result.types_of_section.setdefault(section, []) if section else None
        if pool is not None and name in index and index[name] not in pool:
            pool.append(index[name])

    for name in GENERIC_TYPES:
        add(name, None)
    for section, activity in ACTIVITIES.items():
        for name in activity.types:
            add(name, section)
    for pattern in GOODS_PATTERNS:
        for section, activity in ACTIVITIES.items():
            for goods in activity.goods:
                add(pattern.format(goods), section)


@cache
def classifiers() -> Classifiers:
    """Build the lists once per process."""
    result = Classifiers()
    for section, subs in CATALOGUE.items():
        section_idx = len(result.sections)
        result.sections.append(section)
        for sub_section, rubrics in subs.items():
            sub_idx = len(result.sub_sections)
            result.sub_sections.append((section_idx, sub_section))
            for rubric in rubrics.split("|"):
                result.rubrics_of_section.setdefault(section, []).append(len(result.rubrics))
                result.rubrics.append((sub_idx, rubric))
    for place in PLACES:
        locality_idx = len(result.localities)
        result.localities.append((place.name, place.kato))
        for area in place.areas:
            for district in area.districts:
                result.districts_of_area.setdefault(area.name, []).append(len(result.districts))
                result.districts.append((locality_idx, district, area.kato))
    _types(result)
    return result


REGIONS = (REGION,)
