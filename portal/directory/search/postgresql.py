"""The PostgreSQL query plans: a stored `simple` tsvector column with a GIN index (migration
0101_search_tsv), `:*` prefix queries for words of six letters or more and stored prefix
lexemes for shorter ones, a btree on the legal form, and the plain list's pages with
rubric/section/type filters (kept counts, migration 0104_link_word_counts)."""
from sqlalchemy import Select, and_, cast, func, literal_column, select
from sqlalchemy.dialects.postgresql import TSQUERY

from portal.directory.search.links import LINK_WORD_COUNTS
from portal.directory.search.results import counted_page, empty_page, load_companies
from portal.directory.search.scope import Scope
from portal.directory.text import ParsedQuery
from portal.extensions import db
from portal.models import Company
from portal.paging import Page, PageRequest, paginate

PG_PREFIX_LEXEME = 5
# A stored generated column (migration 0101_search_tsv), not in the ORM model: SQLite has no
# such column and the application never writes it.
PG_DOCUMENT = literal_column("companies.search_tsv")
PG_LEGAL_FORM = literal_column("lower(split_part(companies.company_name, ' ', 1))")
# The same value as an expression no index holds: checked on the rows another index found.
PG_LEGAL_FORM_UNINDEXED = literal_column("lower(split_part(companies.company_name || '', ' ', 1))")
# A legal form is on up to one company in six (ИП, ТОО). With a rare link word (a rubric: a few
# thousand companies) the planner still ANDs the form's btree bitmap with the GIN list, and
# building a 160,000-row bitmap is most of the query (ИП in the largest city under a rubric:
# 36 ms at a million companies); checking the form on the rubric's own rows takes a few ms.
FORM_AS_FILTER_BELOW = 10_000


def pg_tsquery(terms: tuple[str, ...], words: list[str] = (), whole_words: bool = False) -> str:
    """The PostgreSQL tsquery text: a word of up to PG_PREFIX_LEXEME letters is its stored prefix
    lexeme (`'ст^'`, migration 0101_search_tsv), a longer one a `:*` prefix query (with
    `whole_words`, every term is its own lexeme); the filters' link words are lexemes as stored
    (0103_search_links). Terms are normalised (letters and digits only) and link words are
    built from integer ids, so quoting them is safe."""
    if whole_words:
        parts = [f"'{term}'" for term in terms]
    else:
        parts = [f"'{term}^'" if len(term) <= PG_PREFIX_LEXEME else f"'{term}':*" for term in terms]
    return " & ".join(parts + [f"'{word}'" for word in words])


def _matches(terms: tuple[str, ...], words: list[str], whole_words: bool = False):
    """The stored tsvector holds these word prefixes (or words) and link words."""
    return PG_DOCUMENT.op("@@")(cast(pg_tsquery(terms, words, whole_words), TSQUERY))


def plan(ids: Select, query: ParsedQuery, scope: Scope) -> Select:
    """The filtered id query `ids` with the search condition: the tsvector index for words,
    the btree for legal forms (the planner weighs them against the filters), except under a
    rare link word, whose rows are read and their form checked (FORM_AS_FILTER_BELOW)."""
    if query.terms:
        return ids.where(_matches(query.terms, scope.words, query.whole_words))
    if scope.words:
        form = PG_LEGAL_FORM_UNINDEXED if _rarest_link_word(scope.words) < FORM_AS_FILTER_BELOW else PG_LEGAL_FORM
        return ids.where(and_(form.in_(query.forms), _matches((), scope.words)))
    return ids.where(PG_LEGAL_FORM.in_(query.forms))


def _rarest_link_word(words: list[str]) -> int:
    """How many companies the rarest of the filters' link words is on (kept counts, 0104)."""
    kept = select(func.min(LINK_WORD_COUNTS.c.companies)).where(LINK_WORD_COUNTS.c.word.in_(words))
    return db.session.execute(kept).scalar() or 0


def plain_page(scope: Scope, wanted: PageRequest) -> Page:
    """The plain list with rubric/section/type filters. PostgreSQL cannot count a GIN
    posting list without visiting every row it lists, so:
    - with place/KRP/OKED filters too, the planner weighs their btree against the GIN lists
      (statistics) and counts what it reads;
    - one such filter alone: its count is kept (migration 0104_link_word_counts), and the page
      is the tsvector condition in id order, which PostgreSQL's lexeme statistics estimate
      well: a word on many companies (a section: one in eight) walks the primary key, a rare
      one reads the GIN index;
    - several (a section and a type, say): the GIN index intersects their posting lists, and
      only the intersection's rows are visited to count them."""
    matching = scope.filtered.where(_matches((), scope.words))
    if scope.has_filters:
        return paginate(db.session, matching, wanted)
    if len(scope.words) > 1:
        return _sorted_matches_page(matching, wanted)
    kept = select(LINK_WORD_COUNTS.c.companies).where(LINK_WORD_COUNTS.c.word == scope.words[0])
    count = max(db.session.execute(kept).scalar() or 0, 0)
    if not count:
        return empty_page(wanted)
    return paginate(db.session, matching, wanted, count=count)


def _sorted_matches_page(matching: Select, wanted: PageRequest) -> Page:
    """A page of the companies matching several link words, in id order: the index intersects
    the words, the intersection's rows are counted, and the page is taken from them sorted.
    Ordering by `id + 0` keeps PostgreSQL from walking the primary key in id order in search of
    twenty matches that may be few, late or absent (0.8 s through a million rows)."""
    ids = matching.with_only_columns(Company.id).order_by(None)
    page = counted_page(db.session.execute(select(func.count()).select_from(ids.subquery())).scalar_one(), wanted)
    if page.count:
        ordered = ids.order_by(Company.id + 0).limit(wanted.page_size).offset(wanted.offset)
        page.items = load_companies(list(db.session.execute(ordered).scalars()))
    return page
