"""Account e-mails (sign-up and reset links, notes) are kept with their attempts, so a failed one is retried.

Before, they were sent once from a thread of the request and a failure was only logged.
A sign-up also keeps the path it started from (an invite link), to lead back there once confirmed.

Revision ID: 0250_account_mails
Revises: 0241_housekeeping_indexes
"""
import sqlalchemy as sa
from alembic import op

revision = "0250_account_mails"
down_revision = "0241_housekeeping_indexes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "account_mails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=True),
        sa.Column("base_url", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('pending', 'sent', 'outbox', 'failed')",
                           name=op.f("ck_account_mails_account_mail_status_known")),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_account_mails_account_mail_attempts_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_mails")),
    )
    with op.batch_alter_table("account_mails") as batch:
        batch.create_index("ix_account_mails_due", ["status", "next_attempt_at"], unique=False)
    with op.batch_alter_table("signups") as batch:
        batch.add_column(sa.Column("next_path", sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table("signups") as batch:
        batch.drop_column("next_path")
    with op.batch_alter_table("account_mails") as batch:
        batch.drop_index("ix_account_mails_due")
    op.drop_table("account_mails")
