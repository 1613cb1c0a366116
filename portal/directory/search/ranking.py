"""Ranking: one capped read of the matches with what ranking needs, and their order.

Exact BIN, then exact name, then more query words matched as whole words, then names
starting with the query, then shorter names, then id (stable pages). When the read holds
every match it is the count and the whole set is ranked in Python; beyond COUNT_CAP (a word
such as «строй» in a million companies) exact matches come first, then the thousand matches
that read met, in id order (`exact_first`). Counts stop at COUNT_CAP («более 1 000»): past
that, counting means visiting every matching row, and a person refines the query anyway.
"""
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Select, literal, select, union_all

from portal.directory.text import ParsedQuery
from portal.extensions import db
from portal.models import Company

COUNT_CAP = 1_000
EXACT_MAX = 50


class Match(NamedTuple):
    """What ranking needs of one matching company (a tuple: a thousand are made per search)."""

    id: int
    key: str
    bin: str


def first_matches(plan: Select, exact: Select | None = None) -> tuple[list[Match], list[int]]:
    """At most COUNT_CAP + 1 matches, in whatever order is cheapest: one read gives the
    (capped) count and, when it is not capped, every match to rank. The exact tier's ids
    (`exact`, for a capped result) ride in the same statement: a round trip costs more than
    the name-index lookup."""
    columns = (Company.id, Company.company_name_search, Company.bin)
    statement = plan.with_only_columns(*columns, literal(1).label("tier"), maintain_column_froms=True).limit(COUNT_CAP + 1)
    if exact is not None:
        exact = exact.with_only_columns(*columns, literal(0).label("tier"), maintain_column_froms=True).limit(EXACT_MAX * 20)
        statement = union_all(select(statement.subquery()), select(exact.subquery()))
    matches, exact_ids = [], []
    for company_id, key, bin_, tier in db.session.execute(statement).tuples():
        if tier:
            matches.append(Match(company_id, key or "", bin_))
        else:
            exact_ids.append(company_id)
    return matches, sorted(exact_ids)[:EXACT_MAX]


def rank_key(query: ParsedQuery):
    """The ranking as a sort key: exact BIN, then exact name, then more query words matched as
    whole words, then names starting with the query, then shorter names (or, for a BIN prefix
    alone, BIN order), then id."""
    core = query.core

    def key(match: Match) -> tuple:
        padded = f" {match.key} "
        return (
            bool(query.exact_bin) and match.bin != query.exact_bin,
            bool(core) and match.key != core,
            -sum(f" {term} " in padded for term in query.terms),
            bool(core) and not match.key.startswith(core),
            len(match.key) if core else 0,
            "" if core else match.bin,
            match.id,
        )

    return key


def exact_first(exact_ids: list[int], matches: list[Match]) -> list[int]:
    """Too many matches to rank: exact BIN/name matches first, then the matches read, by id.

    The read stopped at COUNT_CAP + 1 rows in the index's own order, so the list is the first
    thousand matches that order meets (on both databases, in practice the oldest companies):
    enough for every page of the capped count, and the same on every page of one result.
    Ordering every match by id instead would mean reading them all (tens of thousands of rows
    for «строй»), or walking the table in id order hoping to meet sparse matches early."""
    taken = set(exact_ids)
    return exact_ids + sorted(match.id for match in matches if match.id not in taken)


@dataclass
class Ranking:
    """The matches of a search in page order, and how they were counted and ordered."""

    ids: list[int]
    count: int
    capped: bool
    ranked: bool


def rank(query: ParsedQuery, matches: list[Match], exact_ids: list[int]) -> Ranking:
    """Order the matches read by first_matches: ranked when the read held them all (a legal
    form alone is listed in index order), else exact matches first (exact_first)."""
    capped = len(matches) > COUNT_CAP
    ranked = not capped and not query.forms_only
    if ranked:
        ordered = [match.id for match in sorted(matches, key=rank_key(query))]
    else:
        ordered = exact_first(exact_ids, matches)
    return Ranking(ids=ordered, count=min(len(matches), COUNT_CAP), capped=capped, ranked=ranked)
