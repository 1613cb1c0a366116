"""Waybills (form З-2) keep their consignment note: «Товарно-транспортная накладная (номер, дата)».

The form's parties table has a cell for it, which printed blank. Free text (the form asks for a
number and a date in one cell); existing waybills get an empty one.

Revision ID: 0105_waybill_ttn
Revises: 0104_link_word_counts
"""
import sqlalchemy as sa
from alembic import op

revision = "0105_waybill_ttn"
down_revision = "0104_link_word_counts"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sd_documents") as batch:
        batch.add_column(sa.Column("ttn", sa.String(length=100), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("sd_documents") as batch:
        batch.drop_column("ttn")
