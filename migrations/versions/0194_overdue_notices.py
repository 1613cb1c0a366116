"""When the `invoice.overdue` webhook event was owed for an invoice, so it is owed once.

Revision ID: 0194_overdue_notices
Revises: 0193_directory_version
"""
import sqlalchemy as sa
from alembic import op

revision = "0194_overdue_notices"
down_revision = "0193_directory_version"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("ledger_invoices") as batch:
        batch.add_column(sa.Column("overdue_notified_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("ledger_invoices") as batch:
        batch.drop_column("overdue_notified_at")
