"""Clients API speed: exact row counts kept by triggers, narrow id indexes for deep pages.

Revision ID: 0002_clients_api
Revises: 0001_foundation
Create Date: 2026-11-26 15:30:00

Counting a million companies costs 2-8 ms on SQLite and tens of milliseconds on PostgreSQL
for every unfiltered list page, so the counts of the large tables are kept in `row_counts` by
triggers, inside the writing transaction (exact):
- PostgreSQL: statement triggers with transition tables (one update per statement, so a bulk
  COPY of a million rows costs one counter update) and a TRUNCATE trigger;
- SQLite: row triggers after INSERT and DELETE (one primary-key update each). Alembic's batch
  mode rebuilds a SQLite table without its triggers, so the portal only trusts the stored count
  while both triggers exist (portal.models.counters.table_stats checks, in the same statement);
  a migration that rebuilds one of these tables must recreate the triggers and recount.
SQLite also gets narrow id-ordered indexes for OFFSET on deep pages (PostgreSQL's primary-key
index already is one).
"""
from alembic import op
import sqlalchemy as sa


revision = "0002_clients_api"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None

COUNTED = ("companies", "emails", "phone_numbers")


def upgrade():
    op.create_table(
        "row_counts",
        sa.Column("table_name", sa.String(length=63), nullable=False),
        sa.Column("row_count", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("table_name", name=op.f("pk_row_counts")),
    )
    for table in COUNTED:
        op.execute(f"INSERT INTO row_counts (table_name, row_count) SELECT '{table}', COUNT(*) FROM {table}")
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        for table in COUNTED:
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.create_index(f"ix_{table}_id", ["id"], unique=False)
        _sqlite_triggers()


def sqlite_trigger_statements(table: str) -> list[str]:
    """The two SQLite triggers that keep `table`'s count (also used to repair a rebuilt table)."""
    return [
        f"CREATE TRIGGER trg_{table}_count_{event.lower()} AFTER {event} ON {table} "
        f"BEGIN UPDATE row_counts SET row_count = row_count {sign} 1 WHERE table_name = '{table}'; END"
        for event, sign in (("INSERT", "+"), ("DELETE", "-"))
    ]


def _sqlite_triggers():
    for table in COUNTED:
        for statement in sqlite_trigger_statements(table):
            op.execute(statement)


def _postgresql_triggers():
    op.execute(
        """
        CREATE FUNCTION row_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE row_counts SET row_count = row_count + (SELECT COUNT(*) FROM changed_rows)
            WHERE table_name = TG_TABLE_NAME;
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        """
        CREATE FUNCTION row_counts_subtract() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE row_counts SET row_count = row_count - (SELECT COUNT(*) FROM changed_rows)
            WHERE table_name = TG_TABLE_NAME;
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        """
        CREATE FUNCTION row_counts_reset() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE row_counts SET row_count = 0 WHERE table_name = TG_TABLE_NAME;
            RETURN NULL;
        END $$
        """
    )
    for table in COUNTED:
        op.execute(
            f"CREATE TRIGGER trg_{table}_count_insert AFTER INSERT ON {table} "
            "REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION row_counts_add()"
        )
        op.execute(
            f"CREATE TRIGGER trg_{table}_count_delete AFTER DELETE ON {table} "
            "REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION row_counts_subtract()"
        )
        op.execute(
            f"CREATE TRIGGER trg_{table}_count_truncate AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION row_counts_reset()"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in COUNTED:
            for event in ("insert", "delete", "truncate"):
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_count_{event} ON {table}")
        for function in ("row_counts_add", "row_counts_subtract", "row_counts_reset"):
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    else:
        for table in COUNTED:
            for event in ("insert", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_count_{event}")
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.drop_index(f"ix_{table}_id")
    op.drop_table("row_counts")
