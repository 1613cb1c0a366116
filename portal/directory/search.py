"""Company search: one service behind the search page and `GET /clients/clients/?search=`.

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
(`search_links`), so a word search with such a filter is one index lookup. SQLite's
LIKE/lower() fold only ASCII, so the search never uses them: case folding happens in Python
before the text reaches the database.

Ranking (`rank_key`): exact BIN, then exact name, then more query words matched as whole
words, then names starting with the query, then shorter names, then id (stable pages). One
read takes up to `COUNT_CAP` + 1 matches with their keys: when they are all the matches, that
read is the count and the whole set is ranked in Python; beyond that (a word such as «строй»
in a million companies) exact matches come first, then the thousand matches that read met, in
id order (`_exact_first`). Counts stop at `COUNT_CAP` («более 1 000»): past
that, counting means visiting every matching row, and a person refines the query anyway.
"""
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Mapping, NamedTuple

from sqlalchemy import Index, Select, and_, cast, column, event, func, literal, literal_column, or_, select, table, union_all
from sqlalchemy.dialects.postgresql import TSQUERY

from portal.directory.listings import LISTINGS, check_params
from portal.directory.search_links import LINK_WORD_COUNTS, filter_words, without_link_filters
from portal.extensions import db
from portal.models import Company, Email, PhoneNumber
from portal.web.errors import ApiError
from portal.web.pagination import Page, PageRequest, paginate

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_TERM_CHARS = 40
MIN_BIN_DIGITS = 4
COUNT_CAP = 1_000
EXACT_MAX = 50
KEY_LENGTH = 500
PG_PREFIX_LEXEME = 5
FTS_DRIVE_LIMIT = 5_000
FTS_COUNT_LIMIT = 100_000

# Kazakh letters folded to the Russian letters people type on a Russian keyboard, and ё to е.
FOLD = str.maketrans({"ё": "е", "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и"})
LEGAL_FORMS = frozenset({
    "тоо", "ип", "ао", "ооо", "оао", "зао", "пао", "гкп", "ргп", "кгп", "гу", "кгу", "кх", "фх",
    "llp", "llc", "ltd", "jsc",
    # Kazakh: ЖШС = ТОО, ЖК = ИП («АҚ» = АО is left out: folded to «ак», it is also a word of names).
    "жшс", "жк",
})
# Written-out forms, replaced by their abbreviation before the words are split.
LEGAL_PHRASES = (
    ("товарищество с ограниченной ответственностью", "тоо"),
    ("общество с ограниченной ответственностью", "ооо"),
    ("индивидуальный предприниматель", "ип"),
    ("акционерное общество", "ао"),
    ("крестьянское хозяйство", "кх"),
    ("фермерское хозяйство", "фх"),
    ("государственное учреждение", "гу"),
    ("limited liability partnership", "llp"),
    ("joint stock company", "jsc"),
)

# Python's \w is letters and digits of every script (and "_", which is punctuation here).
NON_WORD = re.compile(r"[\W_]+")
FTS = table("companies_fts", column("rowid"))
FTS_MATCH = literal_column("companies_fts").op("MATCH")
# A stored generated column on PostgreSQL (migration 0101_search_tsv), not in the ORM model:
# SQLite has no such column and the application never writes it.
PG_DOCUMENT = literal_column("companies.search_tsv")
PG_LEGAL_FORM = literal_column("lower(split_part(companies.company_name, ' ', 1))")
# What the SQLite triggers of migration 0002_search index, here written on the table itself.
SQLITE_NAME_SQL = "coalesce(company_name_search, company_name, '')"
SQLITE_FORM_SQL = "substr(trim(company_name), 1, instr(trim(company_name) || ' ', ' ') - 1)"
# Declared here so the model metadata knows the index migration 0002_search creates.
Index("ix_companies_company_name_search", Company.company_name_search)


def normalise(text: str | None) -> str:
    """The search form of a text: lower case, ё→е, Kazakh letters folded, only letters and digits.

    Letters and digits are what SQLite's unicode61 tokenizer and PostgreSQL's parser keep as
    word characters, so the words Python produces are the words the indexes hold.
    """
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(FOLD)
    words = NON_WORD.sub(" ", folded).strip()
    for phrase, short in LEGAL_PHRASES:
        if phrase in words:
            words = re.sub(rf"(?<!\w){phrase}(?!\w)", short, words)
    return words


def _core_words(text: str | None) -> list[str]:
    """Normalised words without legal forms."""
    return [word for word in normalise(text).split() if word not in LEGAL_FORMS]


def search_key(company_name: str | None, *other_names: str | None) -> str:
    """What `company_name_search` stores: the name's words without the legal form, then any
    further words of the alternative and directory names (so those names are found too)."""
    words = _core_words(company_name)
    seen = set(words)
    for name in other_names:
        for word in _core_words(name):
            if word not in seen:
                seen.add(word)
                words.append(word)
    key = " ".join(words)
    return key if len(key) <= KEY_LENGTH else key[:KEY_LENGTH].rsplit(" ", 1)[0]


@event.listens_for(Company, "before_insert")
@event.listens_for(Company, "before_update")
def _keep_search_key(mapper, connection, company: Company) -> None:
    """ORM writes keep the stored key in step with the names (the FTS triggers then follow)."""
    company.company_name_search = search_key(company.company_name, company.alternative_name, company.company_name_ex)


@dataclass(frozen=True)
class ParsedQuery:
    """What a search box text asks for."""

    text: str
    terms: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    bin_prefix: str | None = None

    @property
    def core(self) -> str:
        """The words as one string, comparable with a stored key for an exact-name match."""
        return " ".join(self.terms)

    @property
    def is_blank(self) -> bool:
        """No text at all: no search, the plain list."""
        return not self.text.strip()

    @property
    def is_searchable(self) -> bool:
        """Something to look for: a word, a BIN prefix or a legal form."""
        return bool(self.terms or self.forms or self.bin_prefix)

    @property
    def forms_only(self) -> bool:
        """Only legal forms were typed: list the companies of those forms."""
        return bool(self.forms) and not self.terms and not self.bin_prefix

    @property
    def exact_bin(self) -> str | None:
        """A full 12-digit BIN."""
        return self.bin_prefix if self.bin_prefix and len(self.bin_prefix) == 12 else None


def parse_query(raw: str | None) -> ParsedQuery:
    """Split a search text into word prefixes, legal forms and a BIN prefix (see module doc)."""
    text = (raw or "")[:MAX_QUERY_CHARS]
    terms: list[str] = []
    forms: list[str] = []
    bin_prefix = None
    for word in normalise(text).split():
        if word in LEGAL_FORMS:
            if word not in forms:
                forms.append(word)
        elif bin_prefix is None and word.isascii() and word.isdigit() and MIN_BIN_DIGITS <= len(word) <= 12:
            bin_prefix = word
        else:
            word = word[:MAX_TERM_CHARS]
            if word not in terms and len(terms) < MAX_TERMS:
                terms.append(word)
    return ParsedQuery(text=text, terms=tuple(terms), forms=tuple(forms), bin_prefix=bin_prefix)


@dataclass
class SearchOutcome:
    """One page of companies and how it was found."""

    page: Page
    query: ParsedQuery
    capped: bool = False
    ranked: bool = True
    notes: list[str] = field(default_factory=list)
    contacts: dict = field(default_factory=dict)
    filtered: bool = False


def _dialect() -> str:
    """The database in use ("sqlite" or "postgresql")."""
    return db.session.get_bind().dialect.name


def _has_filters(args: Mapping[str, str]) -> bool:
    """Whether any directory filter (not paging, format or search) narrows the list."""
    return any((args.get(name) or "").strip() for name in LISTINGS["clients"].filters)


def _fts_expression(query: ParsedQuery, words: list[str] = ()) -> str:
    """The FTS5 MATCH text: every word as a quoted prefix and the filters' link words, or the
    legal forms."""
    if query.terms:
        text = "name : (" + " AND ".join(f'"{term}"*' for term in query.terms) + ")"
    else:
        text = "legal_form : (" + " OR ".join(f'"{form}"' for form in query.forms) + ")"
    return " AND ".join([text, *_fts_links(words)])


def _fts_links(words: list[str]) -> list[str]:
    """FTS5 MATCH clauses for the filters' link words (0103_search_links)."""
    return [f'links : "{word}"' for word in words]


def _fts_linked(words: list[str]) -> Select:
    """SQLite: the ids (FTS5 rowids) of the companies that carry every one of these link words."""
    return select(FTS.c.rowid).where(FTS_MATCH(" AND ".join(_fts_links(words))))


def pg_tsquery(terms: tuple[str, ...], words: list[str] = ()) -> str:
    """The PostgreSQL tsquery text: a word of up to PG_PREFIX_LEXEME letters is its stored prefix
    lexeme (`'ст^'`, migration 0101_search_tsv), a longer one a `:*` prefix query; the filters'
    link words are lexemes as stored (0103_search_links). Terms are normalised (letters and
    digits only) and link words are built from integer ids, so quoting them is safe."""
    parts = [f"'{term}^'" if len(term) <= PG_PREFIX_LEXEME else f"'{term}':*" for term in terms]
    return " & ".join(parts + [f"'{word}'" for word in words])


def _pg_matches(terms: tuple[str, ...], words: list[str]):
    """PostgreSQL: the stored tsvector holds these word prefixes and link words."""
    return PG_DOCUMENT.op("@@")(cast(pg_tsquery(terms, words), TSQUERY))


def _pg_condition(query: ParsedQuery, words: list[str]):
    """The PostgreSQL condition: the tsvector index for words, the btree for legal forms."""
    if query.terms:
        return _pg_matches(query.terms, words)
    if words:
        return and_(PG_LEGAL_FORM.in_(query.forms), _pg_matches((), words))
    return PG_LEGAL_FORM.in_(query.forms)


def _bin_condition(prefix: str):
    """BINs starting with `prefix`: a range the unique BIN index serves (":" sorts after "9")."""
    return and_(Company.bin >= prefix, Company.bin < prefix + ":")


def _sqlite_driver(expression: str) -> str:
    """Which side SQLite starts a search with column filters from (see _scope)."""
    matching = select(FTS.c.rowid).where(FTS_MATCH(expression)).limit(FTS_COUNT_LIMIT).subquery()
    matches = db.session.execute(select(func.count()).select_from(matching)).scalar_one()
    return "index" if matches < FTS_DRIVE_LIMIT else "filter"


def _sqlite_smaller_side(filtered: Select, words: list[str]) -> str:
    """For the plain list or a legal form alone with column and link filters, SQLite reads
    whichever side has fewer companies and checks the other per row: a district's 10,000
    against a section's 110,000, or a sub-section's 28,000 against a city's 850,000. The
    column side is counted only up to the index side's size (an index-only range scan)."""
    linked = _fts_linked(words).limit(FTS_COUNT_LIMIT).subquery()
    links = db.session.execute(select(func.count()).select_from(linked)).scalar_one()
    own = filtered.with_only_columns(Company.id).order_by(None).limit(links).subquery()
    return "index" if db.session.execute(select(func.count()).select_from(own)).scalar_one() >= links else "filter"


@dataclass
class Scope:
    """Where a search looks: the filters as a query, and the ones the search index answers."""

    filtered: Select
    words: list[str]
    has_filters: bool
    driver: str = "filter"

    @property
    def checked(self) -> Select:
        """The filtered companies with the link filters as checks of each company's own row
        (its stored link words): for rows found by another index (exact names, a BIN range,
        the first words of filtered companies), where reading every link of a section first
        would cost more than the rows themselves."""
        padded = literal(" ") + Company.link_terms + literal(" ")
        return self.filtered.where(*(padded.contains(f" {word} ", autoescape=True) for word in self.words))


def _scope(args: Mapping[str, str], query: ParsedQuery) -> Scope:
    """The filters of a search (every parameter checked: a 400 names the first bad one).

    Rubric/section/type filters become words of the search index (`search_links`), which
    intersects its own lists; the column filters (place, KRP, OKED) stay a query. On SQLite
    one side of a search with column filters is read first and the other checked per row:
    "index" — the index's matches, when they are few; "filter" — the column filter's
    companies (their own index), checked against the matches. PostgreSQL's planner weighs
    the sides itself."""
    listing = LISTINGS["clients"]
    check_params(args, set(listing.filters) | listing.extra_params)
    words = filter_words(args) if query.is_searchable or query.is_blank else []
    kept = without_link_filters(args) if words else args
    scope = Scope(filtered=listing.query(kept), words=words, has_filters=_has_filters(kept))
    if scope.has_filters and _dialect() == "sqlite":
        if query.terms:
            scope.driver = _sqlite_driver(_fts_expression(query, words))
        elif words and (query.forms_only or query.is_blank):
            # A legal form is on most companies: only the link words can make the index side small.
            scope.driver = _sqlite_smaller_side(scope.filtered, words)
    return scope


def _plan(query: ParsedQuery, scope: Scope) -> Select:
    """The filtered id query with the search condition attached so the cheaper side drives."""
    if not (query.terms or query.forms_only):
        # A BIN prefix alone: its range of the BIN index, each row checked.
        return scope.checked.with_only_columns(Company.id).order_by(None).where(_bin_condition(query.bin_prefix))
    ids = scope.filtered.with_only_columns(Company.id).order_by(None)
    if query.bin_prefix:
        ids = ids.where(_bin_condition(query.bin_prefix))
    if _dialect() != "sqlite":
        return ids.where(_pg_condition(query, scope.words))
    if query.forms_only and scope.has_filters:
        # Companies of a place or KRP class (or a rubric's) are few next to «every ТОО»: read
        # each one's first word rather than materialise hundreds of thousands of index matches.
        # Register names write the form in capitals; the other spellings cover hand-entered names.
        spellings = {variant for form in query.forms for variant in (form.upper(), form, form.capitalize())}
        if scope.driver == "index":
            ids = ids.where(Company.id.in_(_fts_linked(scope.words)))
        else:
            ids = scope.checked.with_only_columns(Company.id).order_by(None)
        return ids.where(literal_column(SQLITE_FORM_SQL).in_(spellings))
    match = FTS_MATCH(_fts_expression(query, scope.words))
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


def _exact_condition(query: ParsedQuery):
    """Exact BIN or exact name: the first tier, found through plain indexes."""
    tiers = []
    if query.exact_bin:
        tiers.append(Company.bin == query.exact_bin)
    if query.terms:
        tiers.append(Company.company_name_search == query.core)
    return or_(*tiers) if tiers else None


def _exact_plan(query: ParsedQuery, scope: Scope) -> Select | None:
    """Exact BIN or exact name among the filtered companies (None when the query has neither).

    No ORDER BY in SQL: with one, PostgreSQL walks the primary key hoping to meet the few exact
    rows early instead of using the name index; the tier is small, first_matches sorts it."""
    condition = _exact_condition(query)
    if condition is None:
        return None
    exact = scope.checked.with_only_columns(Company.id).order_by(None).where(condition)
    return exact.where(_bin_condition(query.bin_prefix)) if query.bin_prefix else exact


def _exact_first(exact_ids: list[int], matches: list[Match]) -> list[int]:
    """Too many matches to rank: exact BIN/name matches first, then the matches read, by id.

    The read stopped at COUNT_CAP + 1 rows in the index's own order, so the list is the first
    thousand matches that order meets (on both databases, in practice the oldest companies):
    enough for every page of the capped count, and the same on every page of one result.
    Ordering every match by id instead would mean reading them all (tens of thousands of rows
    for «строй»), or walking the table in id order hoping to meet sparse matches early."""
    taken = set(exact_ids)
    return exact_ids + sorted(match.id for match in matches if match.id not in taken)


def load_companies(ids: list[int]) -> list[Company]:
    """The companies of a page in the given order (their KRP class and places come joined)."""
    if not ids:
        return []
    by_id = {company.id: company for company in db.session.execute(select(Company).where(Company.id.in_(ids))).unique().scalars()}
    return [by_id[i] for i in ids if i in by_id]


@dataclass
class Contacts:
    """Phones and e-mails of one company, as the result list shows them."""

    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)


def load_contacts(ids: list[int]) -> dict[int, Contacts]:
    """Phones and e-mails of a page's companies: one plain query, no ORM objects (cheap)."""
    contacts = {i: Contacts() for i in ids}
    if not ids:
        return contacts
    phones = select(PhoneNumber.company_id, PhoneNumber.phone_number.label("value"), literal(0).label("kind"),
                    PhoneNumber.id.label("row")).where(PhoneNumber.company_id.in_(ids))
    emails = select(Email.company_id, Email.email.label("value"), literal(1).label("kind"),
                    Email.id.label("row")).where(Email.company_id.in_(ids))
    both = union_all(phones, emails).subquery()
    for company_id, value, kind, _ in db.session.execute(select(both).order_by(both.c.kind, both.c.row)):
        (contacts[company_id].emails if kind else contacts[company_id].phones).append(value)
    return contacts


def _empty_page(wanted: PageRequest) -> Page:
    """No results: page 1 is empty, any later page does not exist."""
    if wanted.page > 1:
        raise ApiError(404, "Неверная страница.")
    return Page(items=[], count=0, page=1, page_size=wanted.page_size)


def search_companies(args: Mapping[str, str], wanted: PageRequest, with_contacts: bool = True) -> SearchOutcome:
    """One page of companies for the list's filters and its `search` text (blank: every company).

    `with_contacts=False` skips the phones and e-mails the page shows and the JSON does not."""
    contacts = load_contacts if with_contacts else (lambda ids: {})
    query = parse_query(args.get("search"))
    scope = _scope(args, query)  # also checks the filters (400)
    if query.is_blank:
        # No text: the plain list with its exact count, then phones and e-mails for its rows.
        page = _plain_page(scope, wanted)
        ids = [company.id for company in page.items]
        return SearchOutcome(page=page, query=query, ranked=False, contacts=contacts(ids), filtered=_has_filters(args))
    if not query.is_searchable:
        return SearchOutcome(page=_empty_page(wanted), query=query, notes=["В запросе нет ни букв, ни цифр."])
    matches, exact_ids = first_matches(_plan(query, scope), _exact_plan(query, scope))
    capped = len(matches) > COUNT_CAP
    page = Page(items=[], count=min(len(matches), COUNT_CAP), page=wanted.page, page_size=wanted.page_size)
    _check_page(page, wanted)
    ranked = not capped and not query.forms_only
    if ranked:
        ordered = [match.id for match in sorted(matches, key=rank_key(query))]
    else:
        ordered = _exact_first(exact_ids, matches)
    ids = ordered[wanted.offset:wanted.offset + wanted.page_size]
    page.items = load_companies(ids)
    notes = []
    if query.forms_only:
        notes.append("Показаны компании с формой собственности " + ", ".join(f.upper() for f in query.forms) + ".")
    if query.bin_prefix and not query.exact_bin:
        notes.append(f"Поиск по началу БИН: {query.bin_prefix}.")
    return SearchOutcome(page=page, query=query, capped=capped, ranked=ranked, notes=notes, contacts=contacts(ids))


def _plain_page(scope: Scope, wanted: PageRequest) -> Page:
    """A page of the plain list (no search text), in id order with its exact count.

    SQLite answers rubric/section/type filters from the search index: counting a section's
    120,000 companies through the link tables took over a second; its FTS5 posting list takes
    milliseconds. With only such filters, count and page ids come from FTS5 itself (rowid
    order is its own order). With column filters too, the smaller side is read first and the
    other checked per row (_sqlite_smaller_side). PostgreSQL: _postgresql_plain_page."""
    if not scope.words:
        return paginate(db.session, scope.filtered, wanted)
    if _dialect() != "sqlite":
        return _postgresql_plain_page(scope, wanted)
    if scope.has_filters:
        if scope.driver == "index":
            return paginate(db.session, scope.filtered.where(Company.id.in_(_fts_linked(scope.words))), wanted)
        return paginate(db.session, scope.checked, wanted)
    linked = _fts_linked(scope.words)
    count = db.session.execute(select(func.count()).select_from(linked.subquery())).scalar_one()
    page = Page(items=[], count=count, page=wanted.page, page_size=wanted.page_size)
    _check_page(page, wanted)
    ids = linked.order_by(FTS.c.rowid).limit(wanted.page_size).offset(wanted.offset)
    page.items = load_companies(list(db.session.execute(ids).scalars()))
    return page


def _postgresql_plain_page(scope: Scope, wanted: PageRequest) -> Page:
    """PostgreSQL's plain list with rubric/section/type filters. PostgreSQL cannot count a GIN
    posting list without visiting every row it lists, so:
    - with place/KRP/OKED filters too, the planner weighs their btree against the GIN lists
      (statistics) and counts what it reads;
    - one such filter alone: its count is kept (migration 0104_link_word_counts), and the page
      is the tsvector condition in id order, which PostgreSQL's lexeme statistics estimate
      well: a word on many companies (a section: one in eight) walks the primary key, a rare
      one reads the GIN index;
    - several (a section and a type, say): the GIN index intersects their posting lists, and
      only the intersection's rows are visited to count them."""
    matching = scope.filtered.where(_pg_matches((), scope.words))
    if scope.has_filters:
        return paginate(db.session, matching, wanted)
    if len(scope.words) > 1:
        return _sorted_matches_page(matching, wanted)
    kept = select(LINK_WORD_COUNTS.c.companies).where(LINK_WORD_COUNTS.c.word == scope.words[0])
    count = max(db.session.execute(kept).scalar() or 0, 0)
    if not count:
        return _empty_page(wanted)
    return paginate(db.session, matching, wanted, count=count)


def _sorted_matches_page(matching: Select, wanted: PageRequest) -> Page:
    """A page of the companies matching several link words, in id order: the index intersects
    the words, the intersection's rows are counted, and the page is taken from them sorted.
    Ordering by `id + 0` keeps PostgreSQL from walking the primary key in id order in search of
    twenty matches that may be few, late or absent (0.8 s through a million rows)."""
    ids = matching.with_only_columns(Company.id).order_by(None)
    count = db.session.execute(select(func.count()).select_from(ids.subquery())).scalar_one()
    page = Page(items=[], count=count, page=wanted.page, page_size=wanted.page_size)
    _check_page(page, wanted)
    if count:
        ordered = ids.order_by(Company.id + 0).limit(wanted.page_size).offset(wanted.offset)
        page.items = load_companies(list(db.session.execute(ordered).scalars()))
    return page


def _check_page(page: Page, wanted: PageRequest) -> None:
    """A page past the end is a 404, as in DRF."""
    if wanted.page > page.num_pages:
        raise ApiError(404, "Неверная страница.")


def rebuild_index(connection=None) -> None:
    """Rebuild the SQLite full-text index from the companies table (after a bulk load that ran
    without triggers, or to repair it); PostgreSQL's expression indexes need no rebuild."""
    conn = connection or db.session.connection()
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("DELETE FROM companies_fts")
    conn.exec_driver_sql("INSERT INTO companies_fts (rowid, name, legal_form, links) "
                         f"SELECT id, {SQLITE_NAME_SQL}, {SQLITE_FORM_SQL}, link_terms FROM companies")


