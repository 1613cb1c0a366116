"""Indexes housekeeping deletes by: old webhook deliveries and old tombstones, across companies.

Revision ID: 0241_housekeeping_indexes
Revises: 0240_webhook_secrets_sealed
"""
from alembic import op

revision = "0241_housekeeping_indexes"
down_revision = "0240_webhook_secrets_sealed"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_webhook_deliveries_created", "webhook_deliveries", ["created"], unique=False)
    op.create_index("ix_sd_tombstones_updated", "sd_tombstones", ["updated"], unique=False)


def downgrade():
    op.drop_index("ix_sd_tombstones_updated", table_name="sd_tombstones")
    op.drop_index("ix_webhook_deliveries_created", table_name="webhook_deliveries")
