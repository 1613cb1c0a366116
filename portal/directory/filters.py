"""The search page's filters: options of each select, cascades, and consistent parameters."""
from dataclasses import dataclass
from typing import Mapping

from sqlalchemy import Select, select

from portal.extensions import db
from portal.models import (
    CompanyType, District, KrpName, Locality, Region, Rubric, Section, SubSection, company_rubrics, company_types,
)
from portal.directory.listings import PUBLIC_ID_RE

# Filters of the search form: parents and children (section → sub-section → rubric, locality → district).
PARENTS = {"section": Section, "locality": Locality}
CASCADES = (("sub_section", SubSection, "section", "section_id"), ("district", District, "locality", "locality_id"))


def _by_public_id(model, raw: str | None):
    """The object with this public id, or None (a malformed or unknown id is left to the listing's 400)."""
    value = (raw or "").strip().lower()
    if not PUBLIC_ID_RE.fullmatch(value):
        return None
    return db.session.execute(select(model).where(model.public_id == value)).scalar_one_or_none()


def consistent_filters(args: Mapping[str, str]) -> dict:
    """The search form's parameters without blanks and without a child filter whose parent was
    changed (a sub-section of another section, a rubric of another sub-section, a district of
    another locality): the page then shows what the person sees selected."""
    cleaned = {name: value for name, value in args.items() if value and value.strip()}
    for child, model, parent, parent_key in CASCADES:
        node, chosen = _by_public_id(model, cleaned.get(child)), _by_public_id(PARENTS[parent], cleaned.get(parent))
        if node is not None and chosen is not None and getattr(node, parent_key) != chosen.id:
            cleaned.pop(child)
    rubric = _by_public_id(Rubric, cleaned.get("rubric"))
    if rubric is not None:
        sub = _by_public_id(SubSection, cleaned.get("sub_section"))
        section = _by_public_id(Section, cleaned.get("section"))
        if (sub is not None and rubric.sub_section_id != sub.id) or (
            section is not None and rubric.sub_section.section_id != section.id
        ):
            cleaned.pop("rubric")
    # The type select offers the types of the rubric's companies: a type chosen under a rubric
    # that is no longer selected, or not found in the selected one, goes with it.
    kind = _by_public_id(CompanyType, cleaned.get("type"))
    if kind is not None and rubric is not None:
        if "rubric" not in cleaned or not db.session.execute(select(_type_ids_of(rubric).where(
                company_types.c.type_id == kind.id).exists())).scalar():
            cleaned.pop("type")
    return cleaned


def _type_ids_of(rubric: Rubric) -> Select:
    """The ids of the company types found among a rubric's companies."""
    companies = select(company_rubrics.c.company_id).where(company_rubrics.c.rubric_id == rubric.id)
    return select(company_types.c.type_id).where(company_types.c.company_id.in_(companies))


def _types_of(rubric: Rubric) -> list:
    """The company types found among a rubric's companies, by name (a rubric has dozens)."""
    chosen = select(CompanyType).where(CompanyType.id.in_(_type_ids_of(rubric))).order_by(CompanyType.type)
    return list(db.session.execute(chosen).scalars())



@dataclass
class FilterChoices:
    """What the filter selects of the search page offer, and what is selected."""

    sections: list
    sub_sections: list
    rubrics: list
    regions: list
    localities: list
    districts: list
    krp_names: list
    types: list
    selected: dict


def children_of(kind: str, parent_id: str | None, grandparent_id: str | None = None) -> list:
    """Options of a dependent select: sub-sections of a section, rubrics of a sub-section
    (only when that sub-section belongs to the given section), districts of a locality, the
    company types of a rubric (only when it belongs to the given sub-section)."""
    if kind == "sub_sections":
        section = _by_public_id(Section, parent_id)
        if section is None:
            return []
        return list(db.session.execute(select(SubSection).where(SubSection.section_id == section.id).order_by(SubSection.sub_section)).scalars())
    if kind == "rubrics":
        sub = _by_public_id(SubSection, parent_id)
        section = _by_public_id(Section, grandparent_id)
        if sub is None or (section is not None and sub.section_id != section.id):
            return []
        return list(db.session.execute(select(Rubric).where(Rubric.sub_section_id == sub.id).order_by(Rubric.rubric)).scalars())
    if kind == "types":
        rubric = _by_public_id(Rubric, parent_id)
        sub = _by_public_id(SubSection, grandparent_id)
        if rubric is None or (sub is not None and rubric.sub_section_id != sub.id):
            return []
        return _types_of(rubric)
    if kind == "districts":
        locality = _by_public_id(Locality, parent_id)
        if locality is None:
            return []
        return list(db.session.execute(select(District).where(District.locality_id == locality.id).order_by(District.district)).scalars())
    raise ValueError(kind)


def filter_choices(args: Mapping[str, str]) -> FilterChoices:
    """Every select of the search form for these parameters. A rubric chosen alone (from the
    directory page) selects its sub-section and section too, so the cascade shows where it is."""
    selected = dict(args)
    rubric = _by_public_id(Rubric, args.get("rubric"))
    if rubric is not None and not args.get("sub_section"):
        selected["sub_section"] = rubric.sub_section.public_id
        selected.setdefault("section", rubric.sub_section.section.public_id)
    sub = _by_public_id(SubSection, selected.get("sub_section"))
    if sub is not None and not selected.get("section"):
        selected["section"] = sub.section.public_id

    def everything(model, order):
        return list(db.session.execute(select(model).order_by(order)).scalars())

    return FilterChoices(
        sections=everything(Section, Section.section),
        sub_sections=children_of("sub_sections", selected.get("section")),
        rubrics=children_of("rubrics", selected.get("sub_section"), selected.get("section")),
        regions=everything(Region, Region.region),
        localities=everything(Locality, Locality.locality),
        districts=children_of("districts", selected.get("locality")),
        krp_names=everything(KrpName, KrpName.code),
        types=_type_options(selected),
        selected=selected,
    )


def _type_options(selected: dict) -> list:
    """The type select's options: the chosen rubric's types, and a type chosen without a
    rubric (a link or the API) so the select shows it."""
    options = children_of("types", selected.get("rubric"), selected.get("sub_section"))
    chosen = _by_public_id(CompanyType, selected.get("type"))
    if chosen is not None and chosen.id not in {t.id for t in options}:
        options.insert(0, chosen)
    return options
