"""«Возможно, вы искали: …»: companies whose names are near a query that found nothing or little.

The search itself matches word prefixes exactly, so «стрй», «транзт», «тарнзит» (two letters
swapped) or «евразя» (one missing) find nothing. When a text search finds fewer than `FEW`
companies, each typed word is first corrected against the search vocabulary, the distinct
words of every company's key (`search_words`, kept by triggers, migration 0230_search_words;
some tens of thousands of words at a million companies), and the corrected words are then
looked up as whole words by the ordinary search plans, filters included:

- up to three corrections per word, best first (portal.directory.search.corrections: fewest
  typing slips, then the word more companies carry, then trigram similarity);
- the companies of the best ones are looked up first (`CHOICES` lookups), and all are ranked
  by how good the corrections their names carry are (the corrections' own places, summed over
  the typed words), then by the similarity of their names to the typed words, then by how near
  in length the matching words are, then shorter names, then id.

A company's key only changes through the triggered tables, so a new or renamed company's words
are corrected towards at once. The filters still apply: a suggestion is a company the list
with those filters would show.
"""
from portal.directory.search.corrections import CHOICES, corrections, similarity
from portal.directory.search.results import load_companies
from portal.directory.search.scope import Scope
from portal.directory.text import ParsedQuery
from portal.extensions import db
from portal.models import Company

FEW = 3
SUGGESTIONS = 5
# Companies read per lookup of corrected words, ranked here.
CANDIDATES = 50
# Words shorter than this are prefixes still being typed, not typos.
MIN_WORD = 3


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
    places = {word: {near: place for place, near in enumerate(found[word])} for word in words}
    ranked = sorted(keys, key=lambda i: (correction_place(places, keys[i]), *name_rank(words, keys[i]), i))
    return load_companies(ranked[:limit])


def correction_place(places: dict[str, dict[str, int]], name: str) -> int:
    """How good the corrections a company's key carries are: for each typed word, the place of
    the best of its corrections among the key's words (CHOICES when none is), summed."""
    name_words = name.split()
    return sum(min((near[other] for other in name_words if other in near), default=CHOICES)
               for near in places.values())


def _whole_word_matches(terms: tuple[str, ...], scope: Scope) -> dict[int, str]:
    """Ids and keys of up to CANDIDATES companies with all these words, through the search's plans."""
    from portal.directory.search.plans import plan, rescoped

    corrected = ParsedQuery(text=" ".join(terms), terms=terms, whole_words=True)
    statement = plan(corrected, rescoped(corrected, scope))
    rows = db.session.execute(statement.with_only_columns(Company.id, Company.company_name_search,
                                                          maintain_column_froms=True).limit(CANDIDATES))
    return {row.id: row.company_name_search or "" for row in rows}
