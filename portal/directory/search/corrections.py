"""A typed word's corrections: the vocabulary words it most likely was meant to be.

The vocabulary is `search_words (word, companies)` (migration 0230_search_words). Near words
are found by trigram similarity (pg_trgm's: padded words, shared / all trigrams, at least
`THRESHOLD`): PostgreSQL with `%` through its pg_trgm GIN index, SQLite by counting the shared
trigrams in the FTS5 trigram table `search_words_trgm` (a word too far to reach the threshold
is never read). Both return every near word with its count, and they are ordered here, in
Python, so both databases propose the same words in the same order.

The order is a noisy-channel choice (the spelling corrector's classic, Norvig's): the word a
person most likely meant is the one with the fewest typing slips between it and what was typed
(`slips`: letters left out, added, replaced, or two neighbours swapped), and among words as
many slips away the one more companies carry, a priori the likelier. Trigram similarity only
breaks the remaining ties: it over-rates short words («стрй» shares 3 of 6 trigrams with a rare
«стр», 3 of 8 with «строй», one slip away and on thousands of companies).

Digits are read as typed: a code or number («ст76», «a100») is only corrected into words with
the same digits in the same order, and a word of letters never into one with digits.
"""
import math
from functools import lru_cache

from rapidfuzz.distance import OSA
from sqlalchemy import text

from portal.directory.search.scope import dialect
from portal.extensions import db

THRESHOLD = 0.3  # pg_trgm's own default similarity threshold
CHOICES = 3
# Slips counted exactly up to here; words further away are all "far" and ordered by similarity.
FAR = 3


@lru_cache(maxsize=200_000)  # the vocabulary's words come back query after query
def trigrams(word: str) -> frozenset[str]:
    """pg_trgm's trigrams of one word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return frozenset(padded[i:i + 3] for i in range(len(padded) - 2))


def similarity(a: str, b: str) -> float:
    """Shared trigrams over all trigrams of the two words (pg_trgm's `similarity`)."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def slips(typed: str, word: str) -> int:
    """How many typing slips turn `word` into `typed` (the optimal string alignment distance:
    insertions, deletions, substitutions and swaps of neighbours), at most FAR. RapidFuzz's, in
    C++: a thousand near words are weighed per typed word (Python's own loops took 15 ms)."""
    return min(OSA.distance(typed, word, score_cutoff=FAR), FAR)


def digits(word: str) -> str:
    """The digits of a word, in order."""
    return "".join(ch for ch in word if ch.isdigit())


def correction_order(typed: str, word: str, companies: int) -> tuple:
    """Where `word` (carried by `companies` companies) stands among the corrections of `typed`:
    fewer slips first, then more companies, then more similar, then nearer in length, then
    alphabetical (a stable order on both databases)."""
    return (slips(typed, word), -companies, -similarity(typed, word), abs(len(word) - len(typed)), word)


def best(typed: str, near: dict[str, int]) -> list[str]:
    """The CHOICES best corrections of `typed` among `near` (word: companies)."""
    wanted = digits(typed)
    fitting = [(word, companies) for word, companies in near.items()
               if digits(word) == wanted and similarity(typed, word) >= THRESHOLD]
    return [word for word, companies in sorted(fitting, key=lambda pair: correction_order(typed, *pair))][:CHOICES]


def corrections(words: tuple[str, ...]) -> dict[str, list[str]]:
    """Each word's best corrections, best first, up to CHOICES: the word itself first when a
    company has it."""
    if dialect() == "postgresql":
        found = _postgresql_near(words)
    else:
        found = {word: _sqlite_near(word) for word in dict.fromkeys(words)}
    return {word: best(word, near) for word, near in found.items()}


_PG_NEAR = text(
    "SELECT typed.word AS typed, near.word, near.companies FROM unnest(CAST(:words AS text[])) AS typed(word), "
    "LATERAL (SELECT word, companies FROM search_words WHERE word % typed.word) AS near"
)


def _postgresql_near(words: tuple[str, ...]) -> dict[str, dict[str, int]]:
    """The vocabulary words pg_trgm finds near each word (`%`, its GIN index), with their counts.
    All of them: a word one slip away may be less similar than many others (`best` decides)."""
    # Local to this transaction: the request's read-only one.
    db.session.execute(text("SELECT set_config('pg_trgm.similarity_threshold', :t, true)"), {"t": str(THRESHOLD)})
    found: dict[str, dict[str, int]] = {word: {} for word in words}
    for row in db.session.execute(_PG_NEAR, {"words": list(found)}):
        found[row.typed][row.word] = row.companies
    return found


def _sqlite_near(word: str) -> dict[str, int]:
    """Vocabulary words sharing enough trigrams with `word` to reach THRESHOLD, with their counts.

    similarity = shared / (mine + theirs - shared) and theirs >= shared, so a near word shares
    at least THRESHOLD * mine trigrams: the trigram table's posting lists are counted and only
    the words with that many are read."""
    mine = sorted(trigrams(word))
    needed = max(1, math.ceil(THRESHOLD * len(mine) - 1e-9))
    # A trigram holds letters, digits and spaces only (normalised words), so quoting is safe.
    hits = " UNION ALL ".join("SELECT rowid FROM search_words_trgm WHERE search_words_trgm MATCH ?" for _ in mine)
    statement = (f"SELECT word, companies FROM search_words WHERE rowid IN "
                 f"(SELECT rowid FROM ({hits}) GROUP BY rowid HAVING count(*) >= ?)")
    rows = db.session.connection().exec_driver_sql(statement, (*(f'"{t}"' for t in mine), needed))
    return {row[0]: row[1] for row in rows}
