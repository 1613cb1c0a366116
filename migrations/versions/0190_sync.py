"""Incremental sync: `updated` on e-mails and phones, (updated, id) indexes, smart-doc tombstones.

The new `updated` columns are nullable so SQLite can add them in place (ALTER TABLE ADD
COLUMN; a table rebuild would drop the FTS and counter triggers' tables' neighbours and take
minutes on a million rows); existing rows get the migration's time, new writes their own.

Revision ID: 0190_sync
Revises: 0210_recurring_reminders
"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0190_sync"
down_revision = "0210_recurring_reminders"
branch_labels = None
depends_on = None


def upgrade():
    now = datetime.now(timezone.utc)
    for table in ("emails", "phone_numbers"):
        with op.batch_alter_table(table, recreate="never") as batch:
            batch.add_column(sa.Column("updated", sa.DateTime(timezone=True), nullable=True))
        rows = sa.table(table, sa.column("updated", sa.DateTime(timezone=True)))
        op.execute(rows.update().values(updated=now))
        op.create_index(f"ix_{table}_updated_id", table, ["updated", "id"], unique=False)
    op.create_index("ix_companies_updated_id", "companies", ["updated", "id"], unique=False)
    op.create_index("ix_sd_documents_company_updated", "sd_documents", ["company_id", "updated", "id"], unique=False)
    op.create_table(
        "sd_tombstones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("public_id", sa.String(length=8), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], name=op.f("fk_sd_tombstones_company_id_companies"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sd_tombstones")),
    )
    op.create_index("ix_sd_tombstones_company_updated", "sd_tombstones", ["company_id", "updated", "id"], unique=False)


def downgrade():
    op.drop_index("ix_sd_tombstones_company_updated", table_name="sd_tombstones")
    op.drop_table("sd_tombstones")
    op.drop_index("ix_sd_documents_company_updated", table_name="sd_documents")
    op.drop_index("ix_companies_updated_id", table_name="companies")
    for table in ("emails", "phone_numbers"):
        op.drop_index(f"ix_{table}_updated_id", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("updated")
