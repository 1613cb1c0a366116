"""A company's rubrics, sub-sections, sections and types as words of the search index.

`companies.link_terms` holds them (`_r678 _s12 _t9 _u45`, sorted), kept by the triggers of
migration 0103_search_links; both databases index them beside the name. A word search with a
rubric/section/type filter then asks the index for `строй* AND _u45`, and the index intersects
its own posting lists instead of the database visiting every match of «строй» to check its
rubrics. A normalised query word never contains `_`, so text never reaches these words.
"""
from typing import Iterable, Mapping

from sqlalchemy import Connection, column, select, table

from portal.models import CompanyType, Rubric, Section, SubSection
from portal.services.directory import resolve_id

# Filter parameter → (word prefix, model whose public id the parameter carries).
LINK_WORDS = {
    "section": ("_s", Section),
    "sub_section": ("_u", SubSection),
    "rubric": ("_r", Rubric),
    "type": ("_t", CompanyType),
}

# PostgreSQL only (migration 0104_link_word_counts): companies per link word, kept by triggers.
LINK_WORD_COUNTS = table("link_word_counts", column("word"), column("companies"))


def link_terms(rubrics: Iterable[tuple[int, int | None, int | None]], type_ids: Iterable[int]) -> str:
    """The stored words of a company with these (rubric, sub-section, section) ids and types,
    in the order the triggers write them (code-point order), so a loader that writes them with
    the company gives the triggers nothing to rewrite."""
    words = set()
    for rubric_id, sub_section_id, section_id in rubrics:
        words.add(f"_r{rubric_id}")
        if sub_section_id is not None:
            words.add(f"_u{sub_section_id}")
        if section_id is not None:
            words.add(f"_s{section_id}")
    words.update(f"_t{type_id}" for type_id in type_ids)
    return " ".join(sorted(words))


def rubric_parents(conn: Connection) -> dict[int, tuple[int, int | None, int | None]]:
    """Every rubric id with its (rubric, sub-section, section) ids, for link_terms."""
    rows = conn.execute(
        select(Rubric.id, Rubric.sub_section_id, SubSection.section_id).outerjoin(SubSection, SubSection.id == Rubric.sub_section_id)
    )
    return {rubric_id: (rubric_id, sub_id, section_id) for rubric_id, sub_id, section_id in rows}


def filter_words(args: Mapping[str, str]) -> list[str]:
    """The index words of the rubric/section/type filters in `args` (unknown ids are a 400)."""
    words = []
    for name, (prefix, model) in LINK_WORDS.items():
        raw = args.get(name)
        if raw:
            words.append(f"{prefix}{resolve_id(name, model, raw)}")
    return words


def without_link_filters(args: Mapping[str, str]) -> dict[str, str]:
    """`args` less the filters the index answers."""
    return {name: value for name, value in args.items() if name not in LINK_WORDS}
