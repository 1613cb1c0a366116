"""PostgreSQL search reads a stored tsvector column instead of an expression index.

With the expression index, every plan that walks companies in id order (the first page of a
common word) or rechecks heap rows recomputed `to_tsvector(...)` per row: 40 ms for a rare
word at a million companies. A generated column holds the vector once, kept by PostgreSQL on
every insert and update; its GIN index replaces the expression index under the same name.
SQLite is unchanged (its FTS5 table already stores the words).

Revision ID: 0101_search_tsv
Revises: 0100_merge_areas
"""
from alembic import op

revision = "0101_search_tsv"
down_revision = "0100_merge_areas"
branch_labels = None
depends_on = None

DOCUMENT = "to_tsvector('simple'::regconfig, coalesce(company_name_search, company_name))"


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_companies_search_tsv")
    op.execute(f"ALTER TABLE companies ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED")
    op.execute("CREATE INDEX ix_companies_search_tsv ON companies USING gin (search_tsv)")
    op.execute("ANALYZE companies")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_companies_search_tsv")
    op.execute("ALTER TABLE companies DROP COLUMN search_tsv")
    op.execute(f"CREATE INDEX ix_companies_search_tsv ON companies USING gin ({DOCUMENT})")
