"""PostgreSQL search: the first one to five letters of every word as their own lexemes.

A query word of one to five letters (`ст`, `кайр стр`, `строй`) was a `:*` prefix query, which
GIN answers by expanding the prefix to every indexed word that starts with it (thousands for
«ст») and merging their posting lists before any LIMIT applies: 20-60 ms at a million
companies. Each word's first one to five letters are now stored as lexemes of their own,
marked with `^` (which a normalised search key never contains): such a query reads one
posting list. Longer words stay `:*` prefix queries (their expansions are small). At a million
companies the index is 52 MB and builds in about 15 s.

Revision ID: 0102_search_prefixes
Revises: 0101_search_tsv
"""
from alembic import op

revision = "0102_search_prefixes"
down_revision = "0101_search_tsv"
branch_labels = None
depends_on = None

WORDS = "to_tsvector('simple'::regconfig, coalesce(company_name_search, company_name))"
PREFIXES = f"array_to_tsvector(company_search_prefixes({WORDS}))"
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


def _rebuild_column(expression: str) -> None:
    op.execute("DROP INDEX IF EXISTS ix_companies_search_tsv")
    op.execute("ALTER TABLE companies DROP COLUMN search_tsv")
    op.execute(f"ALTER TABLE companies ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS ({expression}) STORED")
    op.execute("CREATE INDEX ix_companies_search_tsv ON companies USING gin (search_tsv)")
    op.execute("ANALYZE companies")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    _rebuild_column(f"{WORDS} || {PREFIXES}")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    _rebuild_column(WORDS)
    op.execute("DROP FUNCTION company_search_prefixes(tsvector)")
