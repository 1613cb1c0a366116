"""Company search indexes: SQLite FTS5 with sync triggers; PostgreSQL tsvector, trigram and legal-form indexes.

Revision ID: 0002_search
Revises: 0001_foundation
Create Date: 2026-11-26 16:00:00

Both databases get a btree on `companies.company_name_search` (exact-name ranking tier).

SQLite: `companies_fts` (FTS5, its own copy of the words, so deleting a row needs no old
values) holds `name` (the normalised key, or the raw name where a loader left the key empty)
and `legal_form` (the first word of the register name: ТОО, ИП, ...). Prefix indexes of 1-3
characters make short prefixes cheap. Triggers keep it in step with every insert, update and
delete, whatever writes them (ORM, executemany, the sqlite3 shell).
Note: Alembic's batch mode rebuilds a SQLite table without its triggers; a later migration that
rebuilds `companies` must recreate them (portal.directory.search.rebuild_index repairs the rows).

PostgreSQL: a GIN index on the `simple` tsvector of the same text (prefix `:*` queries),
a pg_trgm GIN index on the key (similarity and substring lookups), and a btree on the
lower-cased first word of the register name (legal form). Expression indexes follow the
table by themselves, so no trigger is needed there.
"""
from alembic import op

revision = "0002_search"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None

SQLITE_NAME = "coalesce({row}company_name_search, {row}company_name, '')"
SQLITE_FORM = "substr(trim({row}company_name), 1, instr(trim({row}company_name) || ' ', ' ') - 1)"


def _sqlite_values(row: str) -> str:
    return f"{row}id, {SQLITE_NAME.format(row=row)}, {SQLITE_FORM.format(row=row)}"


def upgrade():
    op.create_index("ix_companies_company_name_search", "companies", ["company_name_search"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_upgrade()
    else:
        _sqlite_upgrade()


def _sqlite_upgrade():
    op.execute(
        "CREATE VIRTUAL TABLE companies_fts USING fts5("
        "name, legal_form, tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3', detail = column)"
    )
    op.execute(f"INSERT INTO companies_fts (rowid, name, legal_form) SELECT {_sqlite_values('')} FROM companies")
    op.execute(
        "CREATE TRIGGER companies_fts_insert AFTER INSERT ON companies BEGIN "
        f"INSERT INTO companies_fts (rowid, name, legal_form) VALUES ({_sqlite_values('new.')}); END"
    )
    op.execute(
        "CREATE TRIGGER companies_fts_delete AFTER DELETE ON companies BEGIN "
        "DELETE FROM companies_fts WHERE rowid = old.id; END"
    )
    op.execute(
        "CREATE TRIGGER companies_fts_update AFTER UPDATE OF id, company_name, company_name_search ON companies BEGIN "
        "DELETE FROM companies_fts WHERE rowid = old.id; "
        f"INSERT INTO companies_fts (rowid, name, legal_form) VALUES ({_sqlite_values('new.')}); END"
    )


def _postgresql_upgrade():
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        "CREATE INDEX ix_companies_search_tsv ON companies USING gin "
        "(to_tsvector('simple'::regconfig, coalesce(company_name_search, company_name)))"
    )
    op.execute("CREATE INDEX ix_companies_search_trgm ON companies USING gin (company_name_search gin_trgm_ops)")
    op.execute("CREATE INDEX ix_companies_legal_form ON companies (lower(split_part(company_name, ' ', 1)))")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name in ("ix_companies_legal_form", "ix_companies_search_trgm", "ix_companies_search_tsv"):
            op.execute(f"DROP INDEX IF EXISTS {name}")
    else:
        for name in ("companies_fts_update", "companies_fts_delete", "companies_fts_insert"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS companies_fts")
    op.drop_index("ix_companies_company_name_search", table_name="companies")
