"""An account e-mail keeps the path the request started from (an invite link), so the note to an
address that already has an account can lead its owner to log in and accept the invite. An invite link opens a company, so it is kept
sealed (Fernet, portal/webhooks/vault.py), hence the room.

Revision ID: 0255_account_mail_next_path
Revises: 0250_account_mails
"""
import sqlalchemy as sa
from alembic import op

revision = "0255_account_mail_next_path"
down_revision = "0250_account_mails"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("account_mails") as batch:
        batch.add_column(sa.Column("next_path", sa.String(length=600), nullable=True))


def downgrade():
    with op.batch_alter_table("account_mails") as batch:
        batch.drop_column("next_path")
