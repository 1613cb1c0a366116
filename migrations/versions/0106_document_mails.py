"""E-mails of issued PDFs are kept with their attempts, so a failed one is retried.

Before, the PDF was sent once inside the issuing request and a failure was only reported.
Now each e-mail is a row written with the issue; the scheduler retries what is still pending.

Revision ID: 0106_document_mails
Revises: 0105_waybill_ttn
"""
import sqlalchemy as sa
from alembic import op

revision = "0106_document_mails"
down_revision = "0105_waybill_ttn"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "document_mails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('pending', 'sent', 'outbox', 'failed')",
                           name=op.f("ck_document_mails_mail_status_known")),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_document_mails_mail_attempts_not_negative")),
        sa.ForeignKeyConstraint(["document_id"], ["issued_documents.id"], ondelete="CASCADE",
                                name=op.f("fk_document_mails_document_id_issued_documents")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="SET NULL",
                                name=op.f("fk_document_mails_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_mails")),
    )
    with op.batch_alter_table("document_mails") as batch:
        batch.create_index("ix_document_mails_due", ["status", "next_attempt_at"], unique=False)
        batch.create_index(batch.f("ix_document_mails_document_id"), ["document_id"], unique=False)


def downgrade():
    with op.batch_alter_table("document_mails") as batch:
        batch.drop_index(batch.f("ix_document_mails_document_id"))
        batch.drop_index("ix_document_mails_due")
    op.drop_table("document_mails")
