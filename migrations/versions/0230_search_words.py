"""The search vocabulary: every distinct word of the companies' search keys, with how many
companies carry it, and a trigram index over it (the typo fallback «Возможно, вы искали»).

At a million companies the fallback compared the query with every company's key (PostgreSQL's
trigram index on `companies.company_name_search` rechecks thousands of names sharing «стр»)
or read FTS5's whole dictionary (`fts5vocab` counts each word's posting list as it reads it).
The distinct words are far fewer than the companies, so a typo is first corrected against
them, and the corrected words are then looked up exactly (portal.directory.search.typos).

`search_words (word, companies)` is kept by triggers on `companies`, whatever writes it (ORM,
the demo loader's bulk inserts, the sqlite3 shell): an insert adds each distinct word of
the new key, a delete takes the old key's away, a changed key does both; a word no company
carries any more is deleted, so a correction always finds companies.

PostgreSQL: statement-level triggers (one upsert per statement of a bulk import, words in
sorted order so two writers take the counter rows in the same order), TRUNCATE empties it,
and a pg_trgm GIN index on the word serves `word % 'стрй'`.
SQLite: row-level triggers split the key with json_each (a key holds only letters, digits and
spaces, so quoting it as a JSON array is safe; anything else is skipped, never an error), and
an FTS5 trigram table `search_words_trgm` holds each word padded as pg_trgm pads it
(«  строй »), so both databases compare the same trigrams. Its rows follow `search_words`
by rowid (triggers on that table).

Revision ID: 0230_search_words
Revises: 0221_statement_line_identity
"""
from alembic import op

revision = "0230_search_words"
down_revision = "0221_statement_line_identity"
branch_labels = None
depends_on = None

# PostgreSQL --------------------------------------------------------------------------------

PG_WORDS = "SELECT DISTINCT word FROM unnest(string_to_array({key}, ' ')) AS word WHERE word <> ''"
PG_FUNCTIONS = f"""
CREATE FUNCTION search_words_apply(deltas jsonb) RETURNS void LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  INSERT INTO search_words AS kept (word, companies)
  SELECT key, value::bigint FROM jsonb_each_text(deltas) WHERE value::bigint > 0 ORDER BY key
  ON CONFLICT (word) DO UPDATE SET companies = kept.companies + excluded.companies;
  UPDATE search_words AS kept SET companies = kept.companies + d.value::bigint
  FROM (SELECT key, value FROM jsonb_each_text(deltas) WHERE value::bigint < 0 ORDER BY key) AS d
  WHERE kept.word = d.key;
  DELETE FROM search_words WHERE companies <= 0
    AND word IN (SELECT key FROM jsonb_each_text(deltas) WHERE value::bigint < 0);
END $$;

CREATE FUNCTION search_words_added() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  PERFORM search_words_apply(jsonb_object_agg(word, n))
  FROM (SELECT w.word, count(*) AS n FROM added, LATERAL ({PG_WORDS.format(key="added.company_name_search")}) AS w
        GROUP BY w.word) AS d
  HAVING count(*) > 0;
  RETURN NULL;
END $$;

CREATE FUNCTION search_words_removed() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  PERFORM search_words_apply(jsonb_object_agg(word, -n))
  FROM (SELECT w.word, count(*) AS n FROM removed, LATERAL ({PG_WORDS.format(key="removed.company_name_search")}) AS w
        GROUP BY w.word) AS d
  HAVING count(*) > 0;
  RETURN NULL;
END $$;

CREATE FUNCTION search_words_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_words;
  RETURN NULL;
END $$;

CREATE FUNCTION search_words_changed() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  PERFORM search_words_apply(jsonb_object_agg(word, n))
  FROM (
    SELECT word, sum(delta) AS n FROM (
      SELECT w.word, 1 AS delta FROM added a JOIN removed r ON r.id = a.id,
        LATERAL ({PG_WORDS.format(key="a.company_name_search")}) AS w
      WHERE r.company_name_search IS DISTINCT FROM a.company_name_search
      UNION ALL
      SELECT w.word, -1 FROM removed r JOIN added a ON a.id = r.id,
        LATERAL ({PG_WORDS.format(key="r.company_name_search")}) AS w
      WHERE a.company_name_search IS DISTINCT FROM r.company_name_search
    ) AS changes GROUP BY word HAVING sum(delta) <> 0
  ) AS d
  HAVING count(*) > 0;
  RETURN NULL;
END $$;
"""
PG_TRIGGERS = (
    ("companies_search_words_insert", "AFTER INSERT ON companies REFERENCING NEW TABLE AS added "
     "FOR EACH STATEMENT EXECUTE FUNCTION search_words_added()"),
    ("companies_search_words_delete", "AFTER DELETE ON companies REFERENCING OLD TABLE AS removed "
     "FOR EACH STATEMENT EXECUTE FUNCTION search_words_removed()"),
    ("companies_search_words_truncate", "AFTER TRUNCATE ON companies "
     "FOR EACH STATEMENT EXECUTE FUNCTION search_words_emptied()"),
    ("companies_search_words_update", "AFTER UPDATE ON companies REFERENCING OLD TABLE AS removed "
     "NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION search_words_changed()"),
)
PG_FUNCTION_NAMES = ("search_words_changed()", "search_words_emptied()", "search_words_removed()",
                     "search_words_added()", "search_words_apply(jsonb)")
PG_FILL = ("INSERT INTO search_words (word, companies) SELECT w.word, count(*) FROM companies, "
           f"LATERAL ({PG_WORDS.format(key='companies.company_name_search')}) AS w GROUP BY w.word")


def _postgresql_upgrade():
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # Room on each page so a counter's update stays HOT (no index entry); no GIN pending list:
    # while one is long (a bulk import's new words), the planner prices the index above a
    # sequential scan of the whole vocabulary (0.3 ms against 30 ms at ten thousand words).
    op.execute("CREATE TABLE search_words (word text PRIMARY KEY, companies bigint NOT NULL) WITH (fillfactor = 70)")
    op.execute(PG_FUNCTIONS)
    op.execute(PG_FILL)
    op.execute("CREATE INDEX ix_search_words_trgm ON search_words USING gin (word gin_trgm_ops) WITH (fastupdate = off)")
    for name, definition in PG_TRIGGERS:
        op.execute(f"CREATE TRIGGER {name} {definition}")
    op.execute("ANALYZE search_words")


def _postgresql_downgrade():
    for name, _ in PG_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON companies")
    for name in PG_FUNCTION_NAMES:
        op.execute(f"DROP FUNCTION IF EXISTS {name}")
    op.execute("DROP TABLE search_words")


# SQLite ------------------------------------------------------------------------------------

def _sqlite_split(key: str) -> str:
    """SQL: json_each over the words of the space-separated `key` (no words unless it is valid)."""
    array = f"""'["' || replace(coalesce({key}, ''), ' ', '","') || '"]'"""
    return f"json_each(CASE WHEN json_valid({array}) THEN {array} ELSE '[]' END)"


def sqlite_words(key: str) -> str:
    """SQL: the distinct non-empty words of `key`, a trigger's new./old. column."""
    return f"SELECT DISTINCT value AS word FROM {_sqlite_split(key)} WHERE value <> ''"


def _sqlite_add(key: str) -> str:
    return (f"INSERT INTO search_words (word, companies) SELECT word, 1 FROM ({sqlite_words(key)}) WHERE true "
            "ON CONFLICT (word) DO UPDATE SET companies = companies + 1;")


def _sqlite_remove(key: str) -> str:
    words = sqlite_words(key)
    return (f"UPDATE search_words SET companies = companies - 1 WHERE word IN ({words}); "
            f"DELETE FROM search_words WHERE companies <= 0 AND word IN ({words});")


SQLITE_TRIGGERS = ("companies_search_words_insert", "companies_search_words_delete", "companies_search_words_update",
                   "search_words_trgm_insert", "search_words_trgm_delete")
# What the trigram table holds for a word: the word padded as pg_trgm pads it.
SQLITE_PADDED = "'  ' || {row}word || ' '"


def _sqlite_upgrade():
    op.execute("CREATE TABLE search_words (word TEXT NOT NULL PRIMARY KEY, companies INTEGER NOT NULL)")
    op.execute("CREATE VIRTUAL TABLE search_words_trgm USING fts5(padded, tokenize = 'trigram', detail = none)")
    op.execute("INSERT INTO search_words (word, companies) SELECT word, count(*) FROM ("
               f"SELECT DISTINCT companies.id, words.value AS word FROM companies, {_sqlite_split('companies.company_name_search')} AS words "
               "WHERE words.value <> '') GROUP BY word")
    op.execute(f"INSERT INTO search_words_trgm (rowid, padded) SELECT rowid, {SQLITE_PADDED.format(row='')} FROM search_words")
    op.execute("CREATE TRIGGER search_words_trgm_insert AFTER INSERT ON search_words BEGIN "
               f"INSERT INTO search_words_trgm (rowid, padded) VALUES (new.rowid, {SQLITE_PADDED.format(row='new.')}); END")
    op.execute("CREATE TRIGGER search_words_trgm_delete AFTER DELETE ON search_words BEGIN "
               "DELETE FROM search_words_trgm WHERE rowid = old.rowid; END")
    op.execute(f"CREATE TRIGGER companies_search_words_insert AFTER INSERT ON companies BEGIN "
               f"{_sqlite_add('new.company_name_search')} END")
    op.execute(f"CREATE TRIGGER companies_search_words_delete AFTER DELETE ON companies BEGIN "
               f"{_sqlite_remove('old.company_name_search')} END")
    op.execute("CREATE TRIGGER companies_search_words_update AFTER UPDATE OF company_name_search ON companies "
               "WHEN old.company_name_search IS NOT new.company_name_search BEGIN "
               f"{_sqlite_remove('old.company_name_search')} {_sqlite_add('new.company_name_search')} END")


def _sqlite_downgrade():
    for name in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS search_words_trgm")
    op.execute("DROP TABLE IF EXISTS search_words")


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_upgrade()
    else:
        _sqlite_upgrade()


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_downgrade()
    else:
        _sqlite_downgrade()
