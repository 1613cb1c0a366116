"""The public directory: sections → sub-sections → rubrics, with how many companies each holds."""
import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import func, literal, select, union_all

from portal.directory.search.links import LINK_WORD_COUNTS, LINK_WORDS
from portal.extensions import db
from portal.models import Rubric, Section, SubSection, company_rubrics


@dataclass
class Node:
    """One entry of the tree: its public id, name, company count and children."""

    id: str
    name: str
    count: int = 0
    children: list["Node"] = field(default_factory=list)


# Link-word prefixes (portal.directory.search.links) → the levels _counts reports.
_KEPT_LEVELS = {LINK_WORDS[name][0]: level for name, level in (("rubric", "r"), ("sub_section", "s"), ("section", "S"))}


def _kept_counts() -> dict[tuple[str, int], int]:
    """PostgreSQL: the same counts, kept per link word by triggers (migration
    0104_link_word_counts): one small read instead of grouping every rubric membership
    (a second at a million companies)."""
    rows = db.session.execute(select(LINK_WORD_COUNTS.c.word, LINK_WORD_COUNTS.c.companies))
    return {(_KEPT_LEVELS[word[:2]], int(word[2:])): count for word, count in rows if word[:2] in _KEPT_LEVELS}


def _counts() -> dict[tuple[str, int], int]:
    """Companies per rubric, per sub-section and per section, in one statement.

    A company listed under two rubrics of one sub-section counts once for the sub-section,
    hence the distinct counts rather than sums of the rubric counts.
    """
    per_rubric = select(literal("r"), company_rubrics.c.rubric_id, func.count()).group_by(company_rubrics.c.rubric_id)
    joined = company_rubrics.join(Rubric, Rubric.id == company_rubrics.c.rubric_id)
    per_sub = (
        select(literal("s"), Rubric.sub_section_id, func.count(company_rubrics.c.company_id.distinct()))
        .select_from(joined).group_by(Rubric.sub_section_id)
    )
    per_section = (
        select(literal("S"), SubSection.section_id, func.count(company_rubrics.c.company_id.distinct()))
        .select_from(joined.join(SubSection, SubSection.id == Rubric.sub_section_id)).group_by(SubSection.section_id)
    )
    rows = db.session.execute(union_all(per_rubric, per_sub, per_section)).all()
    return {(level, key): count for level, key, count in rows}


def build_tree() -> list[Node]:
    """Every section with its sub-sections and rubrics (alphabetical) and their counts."""
    counts = _kept_counts() if db.session.get_bind().dialect.name == "postgresql" else _counts()
    sections = db.session.execute(select(Section).order_by(Section.section)).scalars().all()
    subs = db.session.execute(select(SubSection).order_by(SubSection.sub_section)).scalars().all()
    rubrics = db.session.execute(select(Rubric).order_by(Rubric.rubric)).scalars().all()
    by_sub: dict[int, list[Node]] = {}
    for rubric in rubrics:
        by_sub.setdefault(rubric.sub_section_id, []).append(Node(rubric.public_id, rubric.rubric, counts.get(("r", rubric.id), 0)))
    by_section: dict[int, list[Node]] = {}
    for sub in subs:
        node = Node(sub.public_id, sub.sub_section, counts.get(("s", sub.id), 0), by_sub.get(sub.id, []))
        by_section.setdefault(sub.section_id, []).append(node)
    return [Node(s.public_id, s.section, counts.get(("S", s.id), 0), by_section.get(s.id, [])) for s in sections]


_cache: dict[str, tuple[float, list[Node]]] = {}
_lock = threading.Lock()


def directory_tree(max_age: float) -> list[Node]:
    """The tree, rebuilt at most every `max_age` seconds per database (the grouped count reads
    every rubric membership, and the directory changes rarely)."""
    if max_age <= 0:
        return build_tree()
    key = str(db.engine.url)
    now = time.monotonic()
    with _lock:
        cached = _cache.get(key)
        if cached and now - cached[0] < max_age:
            return cached[1]
    tree = build_tree()
    with _lock:
        _cache[key] = (now, tree)
    return tree


def tree_json(nodes: list[Node]) -> dict:
    """The JSON twin: the seed's key names at each level plus `count`."""
    return {
        "count": len(nodes),
        "results": [
            {
                "id": section.id, "section": section.name, "companies": section.count,
                "sub_sections": [
                    {
                        "id": sub.id, "sub_section": sub.name, "companies": sub.count,
                        "rubrics": [{"id": r.id, "rubric": r.name, "companies": r.count} for r in sub.children],
                    }
                    for sub in section.children
                ],
            }
            for section in nodes
        ],
    }
