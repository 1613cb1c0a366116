"""Waybills keep the recipient's power of attorney, acts the use of the customer's stock.

Form З-2 prints «По доверенности № … от … выданной …» and form Р-1 «Сведения об использовании
запасов, полученных от заказчика»; both printed as blank lines to fill by hand. Free text, so
existing documents get empty values and still print the blanks.

Revision ID: 0107_form_blanks
Revises: 0106_document_mails
"""
import sqlalchemy as sa
from alembic import op

revision = "0107_form_blanks"
down_revision = "0106_document_mails"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sd_documents") as batch:
        batch.add_column(sa.Column("proxy", sa.String(length=100), nullable=False, server_default=""))
        batch.add_column(sa.Column("proxy_holder", sa.String(length=300), nullable=False, server_default=""))
        batch.add_column(sa.Column("stock_used", sa.String(length=500), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("sd_documents") as batch:
        batch.drop_column("stock_used")
        batch.drop_column("proxy_holder")
        batch.drop_column("proxy")
