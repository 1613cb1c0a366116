"""A company's rubrics, sub-sections, sections and types as words of the search index.

`companies.link_terms` holds them (`_r678 _s12 _t9 _u45`, sorted), kept by the triggers of
migration 0103_search_links; both databases index them beside the name. A word search with a
rubric/section/type filter then asks the index for `строй* AND _u45`, and the index intersects
its own posting lists instead of the database visiting every match of «строй» to check its
rubrics. A normalised query word never contains `_`, so text never reaches these words.
"""
from typing import Iterable, Mapping

from sqlalchemy import Connection, column, select, table

from portal.directory.listings import resolve_id
from portal.extensions import db
from portal.models import CompanyType, Rubric, Section, SubSection

# Filter parameter → (word prefix, model whose public id the parameter carries).
LINK_WORDS = {
    "section": ("_s", Section),
    "sub_section": ("_u", SubSection),
    "rubric": ("_r", Rubric),
    "type": ("_t", CompanyType),
}

# PostgreSQL only (migration 0104_link_word_counts): companies per link word, kept by triggers.
LINK_WORD_COUNTS = table("link_word_counts", column("word"), column("companies"))


def link_word(name: str, key: int) -> str:
    """The index word of one rubric/sub-section/section/type (`name` as in LINK_WORDS)."""
    return f"{LINK_WORDS[name][0]}{key}"


def link_terms(rubrics: Iterable[tuple[int, int | None, int | None]], type_ids: Iterable[int]) -> str:
    """The stored words of a company with these (rubric, sub-section, section) ids and types,
    in the order the triggers write them (code-point order), so a loader that writes them with
    the company gives the triggers nothing to rewrite."""
    words = {link_word("type", type_id) for type_id in type_ids}
    for ids in rubrics:
        words.update(link_word(name, key) for name, key in zip(("rubric", "sub_section", "section"), ids) if key is not None)
    return " ".join(sorted(words))


def rubric_parents(conn: Connection) -> dict[int, tuple[int, int | None, int | None]]:
    """Every rubric id with its (rubric, sub-section, section) ids, for link_terms."""
    rows = conn.execute(
        select(Rubric.id, Rubric.sub_section_id, SubSection.section_id).outerjoin(SubSection, SubSection.id == Rubric.sub_section_id)
    )
    return {rubric_id: (rubric_id, sub_id, section_id) for rubric_id, sub_id, section_id in rows}


def filter_words(args: Mapping[str, str]) -> list[str]:
    """The index words of the rubric/section/type filters in `args` (unknown ids are a 400),
    less the ones a narrower filter implies."""
    ids = {name: resolve_id(name, model, args[name]) for name, (_, model) in LINK_WORDS.items() if args.get(name)}
    _drop_implied(ids)
    return [link_word(name, key) for name, key in ids.items()]


def _drop_implied(ids: dict[str, int]) -> None:
    """Drop the sub-section and section filters that the rubric or sub-section filter lies in.

    A company linked to a rubric carries its sub-section's and section's words too, so they
    narrow nothing; but the search page's cascade always sends all three, and on PostgreSQL a
    single link word is answered from its kept count, several by counting the intersection
    (28,000 companies of a sub-section: ~100 ms). A filter outside the narrower one's branch
    stays: companies with rubrics in both branches match it."""
    sub_section = ids.get("sub_section")
    if "rubric" in ids:
        parent = db.session.get(Rubric, ids["rubric"]).sub_section_id
        if sub_section == parent:
            del ids["sub_section"]
        sub_section = parent
    if "section" in ids and sub_section is not None:
        if db.session.get(SubSection, sub_section).section_id == ids["section"]:
            del ids["section"]


def without_link_filters(args: Mapping[str, str]) -> dict[str, str]:
    """`args` less the filters the index answers."""
    return {name: value for name, value in args.items() if name not in LINK_WORDS}
