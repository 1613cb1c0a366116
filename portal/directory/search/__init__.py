"""Company search: one service behind the search page and `GET /clients/clients/?search=`.

Callers use this package's names only (`search_companies`, and the text rules it re-exports);
its modules are its parts:
- portal.directory.text — the pure text rules, kept outside this package so the Company model
  can use them without importing the search (the model keeps `company_name_search` with
  `search_key`, whichever module is imported first);
- scope — the filters as a query and the filter words the index answers;
- plans — which query answers a search, handing the differences to sqlite / postgresql;
- ranking — one capped read of the matches and their order;
- results — a page's companies and contacts, page checks;
- links — rubric/section/type ids as words of the index;
- service — `search_companies`, which puts them together.

How a query is understood (`parse_query`):
- text is normalised exactly as the stored key `companies.company_name_search` is
  (`normalise`): NFKC, casefold, ё→е, Kazakh letters folded to their Russian look-alikes
  (қ→к, ә→а, ...), anything but letters and digits becomes a space. So `евразия` finds
  `ЕВРАЗИЯ`, `қайрат` and `кайрат` both find `ҚАЙРАТ`, quotes never matter;
- legal-form words (ТОО, ИП, АО, ...) are dropped from the words to match; a query made only
  of legal forms lists the companies of that form;
- 4 to 12 digits are a BIN prefix; every other word is a word prefix, words in any order;
- the raw text is cut at 200 characters and at 8 words, so garbage costs what a short query costs.

Where it is looked up: SQLite keeps an FTS5 index (`companies_fts`, kept in sync by triggers,
see migrations 0002_search and 0103_search_links); PostgreSQL uses a stored `simple` tsvector
column with a GIN index, `:*` prefix queries for words of six letters or more and stored
prefix lexemes for shorter ones (migration 0101_search_tsv), and a btree on the legal form.
Both indexes also hold each company's rubric/sub-section/section/type ids as words
(`links`), so a word search with such a filter is one index lookup. SQLite's
LIKE/lower() fold only ASCII, so the search never uses them: case folding happens in Python
before the text reaches the database.

Ranking (`ranking.rank_key`): exact BIN, then exact name, then more query words matched as
whole words, then names starting with the query, then shorter names, then id (stable pages).
One read takes up to `COUNT_CAP` + 1 matches with their keys: when they are all the matches,
that read is the count and the whole set is ranked in Python; beyond that exact matches come
first, then the thousand matches that read met, in id order. Counts stop at `COUNT_CAP`.
"""
from portal.directory.search.postgresql import pg_tsquery
from portal.directory.search.ranking import COUNT_CAP
from portal.directory.search.service import SearchOutcome, search_companies
from portal.directory.search.sqlite import rebuild_index
from portal.directory.text import ParsedQuery, normalise, parse_query, search_key

__all__ = [
    "COUNT_CAP", "ParsedQuery", "SearchOutcome", "normalise", "parse_query", "pg_tsquery", "rebuild_index",
    "search_companies", "search_key",
]
