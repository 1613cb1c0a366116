"""«Возможно, вы искали: …»: companies whose names are near a query that found nothing or little.

The search itself matches word prefixes exactly, so «стрй», «транзт», «тарнзит» (two letters
swapped) or «евразя» (one missing) find nothing. When a text search finds fewer than `FEW`
companies, each typed word is first corrected against the search vocabulary, the distinct
words of every company's key (`search_words`, kept by triggers, migration 0230_search_words;
some tens of thousands of words at a million companies), and the corrected words are then
looked up as whole words by the ordinary search plans, filters included:

- the vocabulary is compared by trigram similarity (pg_trgm's: padded words, shared / all
  trigrams, at least `THRESHOLD`): PostgreSQL with `%` through its pg_trgm GIN index, SQLite
  by counting the shared trigrams in the FTS5 trigram table `search_words_trgm` (a word too
  far to reach the threshold is never read) and scoring the rest here;
- up to three corrections per word, best first; the companies of the best ones are looked up
  first (`CHOICES` lookups), and all are ranked by the similarity of their names to the typed
  words, then by how near in length the matching words are, then shorter names, then id.

A company's key only changes through the triggered tables, so a new or renamed company's words
are corrected towards at once. The filters still apply: a suggestion is a company the list
with those filters would show.
"""
import math
from dataclasses import replace
from functools import lru_cache

from sqlalchemy import text

from portal.directory.search.results import load_companies
from portal.directory.search.scope import Scope, dialect
from portal.directory.text import ParsedQuery
from portal.extensions import db
from portal.models import Company

FEW = 3
SUGGESTIONS = 5
THRESHOLD = 0.3  # pg_trgm's own default similarity threshold
CHOICES = 3
# Companies read per lookup of corrected words, ranked here by similarity.
CANDIDATES = 50
# Words shorter than this are prefixes still being typed, not typos.
MIN_WORD = 3


@lru_cache(maxsize=200_000)  # the vocabulary's words come back query after query
def trigrams(word: str) -> frozenset[str]:
    """pg_trgm's trigrams of one word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return frozenset(padded[i:i + 3] for i in range(len(padded) - 2))


def similarity(a: str, b: str) -> float:
    """Shared trigrams over all trigrams of the two words (pg_trgm's `similarity`)."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def name_similarity(words: tuple[str, ...], name: str) -> float:
    """How near a company's key is to the query: each query word's best match, averaged."""
    return -name_rank(words, name)[0]


def name_rank(words: tuple[str, ...], name: str) -> tuple[float, int, int]:
    """A company's place among the suggestions: most similar first (name_similarity), then the
    names whose best-matching words are nearest the typed words in length («тарнзит»: «транзит»
    before «тар», as similar by trigrams), then shorter names."""
    name_words = name.split()
    if not name_words:
        return (0.0, 0, len(name))
    score, gap = 0.0, 0
    for word in words:
        best, other = max((similarity(word, other), -abs(len(other) - len(word))) for other in name_words)
        score += best
        gap -= other
    return (-score / len(words), gap, len(name))


def typo_words(query: ParsedQuery) -> tuple[str, ...]:
    """The query words worth correcting (letters, long enough); empty for BIN and form searches."""
    if query.bin_prefix or not query.terms:
        return ()
    return tuple(term for term in query.terms if len(term) >= MIN_WORD and not term.isdigit())


def similar_companies(query: ParsedQuery, scope: Scope, limit: int = SUGGESTIONS) -> list[Company]:
    """Up to `limit` companies with names near the query's words, most similar first."""
    words = typo_words(query)
    if not words:
        return []
    found = corrections(words)
    # A word nothing is near is left out: the others may still name the company.
    options = [found[word] for word in words if found.get(word)]
    if not options:
        return []
    keys: dict[int, str] = {}
    # The best correction of every word, then the second, the third (a word with fewer keeps its last).
    for picked in dict.fromkeys(tuple(dict.fromkeys(near[min(choice, len(near) - 1)] for near in options))
                                for choice in range(CHOICES)):
        keys.update(_whole_word_matches(picked, scope))
    ranked = sorted(keys, key=lambda i: (*name_rank(words, keys[i]), i))
    return load_companies(ranked[:limit])


def _whole_word_matches(terms: tuple[str, ...], scope: Scope) -> dict[int, str]:
    """Ids and keys of up to CANDIDATES companies with all these words, through the search's plans."""
    from portal.directory.search.plans import plan, rescoped

    corrected = ParsedQuery(text=" ".join(terms), terms=terms, whole_words=True)
    statement = plan(corrected, rescoped(corrected, scope))
    rows = db.session.execute(statement.with_only_columns(Company.id, Company.company_name_search,
                                                          maintain_column_froms=True).limit(CANDIDATES))
    return {row.id: row.company_name_search or "" for row in rows}


def corrections(words: tuple[str, ...]) -> dict[str, list[str]]:
    """Each word's nearest vocabulary words (similarity at least THRESHOLD), best first, up to
    CHOICES: the word itself first when a company has it."""
    if dialect() == "postgresql":
        found = _postgresql_near(words)
    else:
        found = {word: _sqlite_near(word) for word in dict.fromkeys(words)}
    return {word: _best(word, near) for word, near in found.items()}


def _best(word: str, near: list[str]) -> list[str]:
    """The CHOICES words of `near` most similar to `word`, then nearest it in length, then
    alphabetical."""
    scored = sorted((-similarity(word, other), abs(len(other) - len(word)), other) for other in near)
    return [other for score, _, other in scored if -score >= THRESHOLD][:CHOICES]


_PG_NEAR = text(
    "SELECT typed.word AS typed, near.word FROM unnest(CAST(:words AS text[])) AS typed(word), "
    "LATERAL (SELECT word FROM search_words WHERE word % typed.word "
    "ORDER BY similarity(word, typed.word) DESC, abs(length(word) - length(typed.word)), word COLLATE \"C\" "
    "LIMIT :choices) AS near"
)


def _postgresql_near(words: tuple[str, ...]) -> dict[str, list[str]]:
    """The vocabulary words pg_trgm finds near each word (`%`, its GIN index)."""
    # Local to this transaction: the request's read-only one.
    db.session.execute(text("SELECT set_config('pg_trgm.similarity_threshold', :t, true)"), {"t": str(THRESHOLD)})
    found: dict[str, list[str]] = {word: [] for word in words}
    # A few more than CHOICES: _best orders them again, in Python's floats.
    for row in db.session.execute(_PG_NEAR, {"words": list(found), "choices": CHOICES * 3}):
        found[row.typed].append(row.word)
    return found


def _sqlite_near(word: str) -> list[str]:
    """Vocabulary words sharing enough trigrams with `word` to reach THRESHOLD.

    similarity = shared / (mine + theirs - shared) and theirs >= shared, so a near word shares
    at least THRESHOLD * mine trigrams: the trigram table's posting lists are counted and only
    the words with that many are read."""
    mine = sorted(trigrams(word))
    needed = max(1, math.ceil(THRESHOLD * len(mine) - 1e-9))
    # A trigram holds letters, digits and spaces only (normalised words), so quoting is safe.
    hits = " UNION ALL ".join("SELECT rowid FROM search_words_trgm WHERE search_words_trgm MATCH ?" for _ in mine)
    statement = (f"SELECT word FROM search_words WHERE rowid IN "
                 f"(SELECT rowid FROM ({hits}) GROUP BY rowid HAVING count(*) >= ?)")
    rows = db.session.connection().exec_driver_sql(statement, (*(f'"{t}"' for t in mine), needed))
    return [row[0] for row in rows]
