"""The SQLite query plans: the FTS5 index `companies_fts` (kept by the triggers of migrations
0002_search and 0103_search_links), which side of a filtered search is read first, the plain
list's pages from the index, and rebuilding the index.

SQLite's LIKE/lower() fold only ASCII, so nothing here uses them: the text arrives
normalised by portal.directory.text.
"""
from sqlalchemy import Select, column, func, literal_column, select, table

from portal.directory.search.results import counted_page, load_companies
from portal.directory.search.scope import Scope
from portal.directory.text import ParsedQuery
from portal.extensions import db
from portal.models import Company
from portal.paging import Page, PageRequest, paginate

FTS_DRIVE_LIMIT = 5_000
FTS_COUNT_LIMIT = 100_000

FTS = table("companies_fts", column("rowid"))
FTS_MATCH = literal_column("companies_fts").op("MATCH")
# What the SQLite triggers of migration 0002_search index, here written on the table itself.
SQLITE_NAME_SQL = "coalesce(company_name_search, company_name, '')"
SQLITE_FORM_SQL = "substr(trim(company_name), 1, instr(trim(company_name) || ' ', ' ') - 1)"


def fts_expression(query: ParsedQuery, words: list[str] = ()) -> str:
    """The FTS5 MATCH text: every word as a quoted prefix (or whole word) and the filters' link
    words, or the legal forms."""
    if query.terms:
        star = "" if query.whole_words else "*"
        text = "name : (" + " AND ".join(f'"{term}"{star}' for term in query.terms) + ")"
    else:
        text = "legal_form : (" + " OR ".join(f'"{form}"' for form in query.forms) + ")"
    return " AND ".join([text, *_fts_links(words)])


def _fts_links(words: list[str]) -> list[str]:
    """FTS5 MATCH clauses for the filters' link words (0103_search_links)."""
    return [f'links : "{word}"' for word in words]


def fts_linked(words: list[str]) -> Select:
    """The ids (FTS5 rowids) of the companies that carry every one of these link words."""
    return select(FTS.c.rowid).where(FTS_MATCH(" AND ".join(_fts_links(words))))


def _count(statement: Select) -> int:
    """How many rows a statement gives."""
    return db.session.execute(select(func.count()).select_from(statement.subquery())).scalar_one()


def driver(query: ParsedQuery, scope: Scope) -> str:
    """Which side a search with column filters starts from (Scope.driver), or "filter" when
    only the index can be read first."""
    if query.terms:
        return _matches_side(fts_expression(query, scope.words))
    if scope.words and (query.forms_only or query.is_blank):
        # A legal form is on most companies: only the link words can make the index side small.
        return _smaller_side(scope)
    return scope.driver


def _matches_side(expression: str) -> str:
    """A word search reads the index's matches first when they are fewer than FTS_DRIVE_LIMIT."""
    matching = select(FTS.c.rowid).where(FTS_MATCH(expression)).limit(FTS_COUNT_LIMIT)
    return "index" if _count(matching) < FTS_DRIVE_LIMIT else "filter"


def _smaller_side(scope: Scope) -> str:
    """For the plain list or a legal form alone with column and link filters, SQLite reads
    whichever side has fewer companies and checks the other per row: a district's 10,000
    against a section's 110,000, or a sub-section's 28,000 against a city's 850,000. The
    column side is counted only up to the index side's size (an index-only range scan)."""
    links = _count(fts_linked(scope.words).limit(FTS_COUNT_LIMIT))
    return "index" if _count(scope.ids().limit(links)) >= links else "filter"


def plan(ids: Select, query: ParsedQuery, scope: Scope) -> Select:
    """The filtered id query `ids` with the search condition attached so the cheaper side drives."""
    if query.forms_only and scope.has_filters:
        # Companies of a place or KRP class (or a rubric's) are few next to «every ТОО»: read
        # each one's first word rather than materialise hundreds of thousands of index matches.
        # Register names write the form in capitals; the other spellings cover hand-entered names.
        spellings = {variant for form in query.forms for variant in (form.upper(), form, form.capitalize())}
        if scope.driver == "index":
            ids = ids.where(Company.id.in_(fts_linked(scope.words)))
        else:
            ids = scope.checked_ids()
        return ids.where(literal_column(SQLITE_FORM_SQL).in_(spellings))
    match = FTS_MATCH(fts_expression(query, scope.words))
    matched = select(FTS.c.rowid).where(match)
    if scope.has_filters and scope.driver == "filter":
        # The filter's companies drive; `id + 0` keeps SQLite from starting at the matches,
        # which it then reads once into a temporary index that each company is checked against.
        return ids.where((Company.id + 0).in_(matched))
    if scope.has_filters or query.bin_prefix:
        # The matches drive: read once into a temporary index, each looked up by id; a join
        # would let the planner probe FTS5 row by row, and every probe re-runs the MATCH
        # (seconds at a million rows).
        return ids.where(Company.id.in_(matched))
    # No column filters: walk the index's matches (in rowid = id order), so the read stops early.
    return ids.join(FTS, FTS.c.rowid == Company.id).where(match)


def plain_page(scope: Scope, wanted: PageRequest) -> Page:
    """A page of the plain list with rubric/section/type filters, answered from the index:
    counting a section's 120,000 companies through the link tables took over a second; its
    FTS5 posting list takes milliseconds. With only such filters, count and page ids come
    from FTS5 itself (rowid order is its own order). With column filters too, the smaller
    side is read first and the other checked per row (_smaller_side)."""
    if scope.has_filters:
        if scope.driver == "index":
            return paginate(db.session, scope.filtered.where(Company.id.in_(fts_linked(scope.words))), wanted)
        return paginate(db.session, scope.checked, wanted)
    linked = fts_linked(scope.words)
    page = counted_page(_count(linked), wanted)
    ids = linked.order_by(FTS.c.rowid).limit(wanted.page_size).offset(wanted.offset)
    page.items = load_companies(list(db.session.execute(ids).scalars()))
    return page


# The words of every company's key as migration 0230_search_words counts them (json_each over
# the key quoted as a JSON array: it holds only letters, digits and spaces).
_KEY_ARRAY = """'["' || replace(coalesce(company_name_search, ''), ' ', '","') || '"]'"""
SQLITE_VOCABULARY_SQL = (
    "INSERT INTO search_words (word, companies) SELECT word, count(*) FROM ("
    "SELECT DISTINCT companies.id, words.value AS word FROM companies, "
    f"json_each(CASE WHEN json_valid({_KEY_ARRAY}) THEN {_KEY_ARRAY} ELSE '[]' END) AS words "
    "WHERE words.value <> '') GROUP BY word"
)


def rebuild_index(connection=None) -> None:
    """Rebuild the SQLite full-text index and the search vocabulary (its trigram table follows
    by triggers) from the companies table (after a bulk load that ran without triggers, or to
    repair them); PostgreSQL's expression indexes need no rebuild."""
    conn = connection or db.session.connection()
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("DELETE FROM companies_fts")
    conn.exec_driver_sql("INSERT INTO companies_fts (rowid, name, legal_form, links) "
                         f"SELECT id, {SQLITE_NAME_SQL}, {SQLITE_FORM_SQL}, link_terms FROM companies")
    conn.exec_driver_sql("DELETE FROM search_words")
    conn.exec_driver_sql(SQLITE_VOCABULARY_SQL)
