"""PostgreSQL search reads a stored tsvector column with word-prefix lexemes.

With the expression index of 0002_search, every plan that walks companies in id order or
rechecks heap rows recomputed `to_tsvector(...)` per row (40 ms of a rare word's 60 at a
million companies). A generated column holds the vector once, kept by PostgreSQL on every
insert and update; its GIN index replaces the expression index under the same name.

The column also holds the first one to five letters of every word as lexemes of their own,
marked with `^` (which a normalised search key never contains). A short query word (`ст`,
`кайр стр`, `строй`) was a `:*` prefix query, which GIN answers by expanding the prefix to
every indexed word that starts with it (thousands for «ст») and merging their posting lists
before any LIMIT applies: 20-60 ms. Now it reads one posting list; longer words stay `:*`
(their expansions are small). At a million companies the index is 52 MB and builds in ~15 s.
SQLite is unchanged (its FTS5 table already stores the words and their prefixes).

Revision ID: 0101_search_tsv
Revises: 0100_merge_areas
"""
from alembic import op

revision = "0101_search_tsv"
down_revision = "0100_merge_areas"
branch_labels = None
depends_on = None

WORDS = "to_tsvector('simple'::regconfig, coalesce(company_name_search, company_name))"
# Prefixes of the words the tsvector holds, so they follow its tokenising (and its fallback to
# the raw name when a loader left the key empty).
FUNCTION = """
CREATE FUNCTION company_search_prefixes(words tsvector) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT left(word, n) || '^'), '{}')
  FROM unnest(tsvector_to_array(words)) AS word, generate_series(1, 5) AS n
  WHERE length(word) >= n
$$
"""


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    op.execute("DROP INDEX IF EXISTS ix_companies_search_tsv")
    op.execute(
        "ALTER TABLE companies ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS "
        f"({WORDS} || array_to_tsvector(company_search_prefixes({WORDS}))) STORED"
    )
    op.execute("CREATE INDEX ix_companies_search_tsv ON companies USING gin (search_tsv)")
    op.execute("ANALYZE companies")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_companies_search_tsv")
    op.execute("ALTER TABLE companies DROP COLUMN search_tsv")
    op.execute("DROP FUNCTION company_search_prefixes(tsvector)")
    op.execute(f"CREATE INDEX ix_companies_search_tsv ON companies USING gin ({WORDS})")
