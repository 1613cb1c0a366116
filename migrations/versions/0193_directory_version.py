"""A directory data version that every write to the directory's tables bumps (triggers), so
cached directory answers are keyed on it and never stale.

PostgreSQL: one statement-level trigger per table (a bulk import of a million rows bumps it
once per statement). SQLite has only row-level triggers: one extra one-row UPDATE per written
row, which the import's batches absorb.

Revision ID: 0193_directory_version
Revises: 0192_webhooks
"""
import sqlalchemy as sa
from alembic import op

revision = "0193_directory_version"
down_revision = "0192_webhooks"
branch_labels = None
depends_on = None

TABLES = ("sections", "sub_sections", "rubrics", "regions", "localities", "districts", "types", "krp_names",
          "companies", "emails", "phone_numbers", "company_rubrics", "company_types")
EVENTS = ("INSERT", "UPDATE", "DELETE")


def upgrade():
    op.create_table(
        "directory_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_version")),
    )
    op.execute("INSERT INTO directory_version (id, version) VALUES (1, 1)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
CREATE FUNCTION bump_directory_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE directory_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END $$;""")
        for table in TABLES:
            op.execute(f"CREATE TRIGGER {table}_directory_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                       f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_version()")
        return
    for table in TABLES:
        for event in EVENTS:
            op.execute(f"CREATE TRIGGER {table}_directory_version_{event.lower()} AFTER {event} ON {table} "
                       f"BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER {table}_directory_version ON {table}")
        op.execute("DROP FUNCTION bump_directory_version()")
    else:
        for table in TABLES:
            for event in EVENTS:
                op.execute(f"DROP TRIGGER {table}_directory_version_{event.lower()}")
    op.drop_table("directory_version")
