"""«Возможно, вы искали: …»: companies whose names are near a query that found nothing or little.

The search itself matches word prefixes exactly, so «стрй», «транзт», «тарнзит» (two letters
swapped) or «евразя» (one missing) find nothing. When a text search finds fewer than
`FEW` companies, this looks for names that are *similar*, ranked by trigram similarity:

- PostgreSQL: pg_trgm's word similarity against the stored key `company_name_search`, through
  the trigram GIN index migration 0002_search already made (`%>`, threshold `PG_THRESHOLD`),
  whole-word similarity (`strict_word_similarity`) first;
- SQLite: the words of the FTS5 index itself (`fts5vocab` over `companies_fts`, a temporary
  view of its dictionary, always in step with it) that start with the word's first or second
  letter (a swap of the first two) are compared with each query word; the best ones replace
  the typed words, and the index finds the companies as for a typed query. Candidates are
  ranked by the same trigram similarity pg_trgm uses (padded words, shared / all trigrams).

The filters still apply: a suggestion is a company the list with those filters would show.
"""
from functools import lru_cache

from sqlalchemy import func, select, text

from portal.directory.search.results import load_companies
from portal.directory.search.scope import Scope, dialect
from portal.directory.text import ParsedQuery
from portal.extensions import db
from portal.models import Company

FEW = 3
SUGGESTIONS = 5
PG_THRESHOLD = 0.35
SQLITE_THRESHOLD = 0.3
# Words shorter than this are prefixes still being typed, not typos.
MIN_WORD = 3
_VOCAB = "temp.companies_fts_words"


@lru_cache(maxsize=200_000)  # the dictionary's words come back query after query
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
    name_words = name.split()
    if not name_words:
        return 0.0
    return sum(max(similarity(word, other) for other in name_words) for word in words) / len(words)


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
    if dialect() == "postgresql":
        ids = _postgresql_ids(words, scope, limit)
    else:
        ids = _sqlite_ids(words, scope, limit)
    return load_companies(ids)


def _postgresql_ids(words: tuple[str, ...], scope: Scope, limit: int) -> list[int]:
    wanted = " ".join(words)
    # Local to this transaction: the request's read-only one.
    db.session.execute(text("SELECT set_config('pg_trgm.word_similarity_threshold', :t, true)"),
                       {"t": str(PG_THRESHOLD)})
    near = Company.company_name_search.op("%>")(wanted)  # word_similarity(wanted, key) >= threshold
    # Whole words first (strict: «стрй» is nearer «строй» than «стройсервис»), then any part.
    strict = func.strict_word_similarity(wanted, Company.company_name_search)
    score = func.word_similarity(wanted, Company.company_name_search)
    statement = (scope.checked_ids().where(near)
                 .order_by(strict.desc(), score.desc(), func.length(Company.company_name_search), Company.id)
                 .limit(limit))
    return list(db.session.execute(statement).scalars())


def _vocabulary(connection) -> None:
    """The temporary fts5vocab view of companies_fts's dictionary, once per connection."""
    connection.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {_VOCAB} USING fts5vocab(main, companies_fts, row)")


def _candidates(word: str, letter: str) -> list[str]:
    """Dictionary words starting with `letter`, about as long as `word`."""
    connection = db.session.connection()
    _vocabulary(connection)
    rows = connection.exec_driver_sql(
        f"SELECT term FROM {_VOCAB} WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ?",
        (letter, letter + "\U0010ffff", max(len(word) - 2, 2), len(word) + 2),
    )
    return [row[0] for row in rows]


def corrections(word: str, limit: int = 3) -> list[str]:
    """The dictionary words most similar to `word` (at least SQLITE_THRESHOLD), best first:
    those with its first letter, else (a swap of the first two) with its second."""
    mine = trigrams(word)
    for letter in dict.fromkeys(word[:2]):
        scored = []
        for other in _candidates(word, letter):
            theirs = trigrams(other)
            shared = len(mine & theirs)
            score = shared / (len(mine) + len(theirs) - shared)
            if score >= SQLITE_THRESHOLD and other != word:
                scored.append((-score, len(other), other))
        if scored:
            return [other for _, _, other in sorted(scored)[:limit]]
    return []


def _sqlite_ids(words: tuple[str, ...], scope: Scope, limit: int) -> list[int]:
    from portal.directory.search.sqlite import FTS, FTS_MATCH, fts_expression

    options = [corrections(word) for word in words]
    if not any(options):
        return []
    options = [found or [word] for found, word in zip(options, words)]
    ids: set[int] = set()
    for choice in range(3):  # the best correction of every word, then the second, the third
        picked = tuple(found[min(choice, len(found) - 1)] for found in options)
        match = fts_expression(ParsedQuery(text=" ".join(picked), terms=picked), scope.words)
        matching = select(FTS.c.rowid).where(FTS_MATCH(match)).limit(limit * 4)
        ids.update(db.session.execute(scope.checked_ids().where(Company.id.in_(matching))).scalars())
    if not ids:
        return []
    names = dict(db.session.execute(select(Company.id, Company.company_name_search).where(Company.id.in_(ids))).all())
    ranked = sorted(ids, key=lambda i: (-name_similarity(words, names.get(i) or ""), len(names.get(i) or ""), i))
    return ranked[:limit]
