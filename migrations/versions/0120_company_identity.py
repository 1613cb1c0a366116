"""Proven company identity: proofs, pending claims, ЭЦП challenges, e-mailed codes, linked ИИН.

Issued documents record how the issuer's company was proven at issue time; rows issued before
keep NULL («способ подтверждения не записан»). Companies that already have a director get no
proof: their director proves the company once (ЭЦП or a code to a listed address) before
issuing again.

Revision ID: 0120_company_identity
Revises: 0107_form_blanks
"""
import sqlalchemy as sa
from alembic import op

revision = "0120_company_identity"
down_revision = "0140_task_jobs"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "company_proofs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("company_id", sa.Integer(), sa.ForeignKey("companies.id", ondelete="CASCADE"), nullable=False, unique=True),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("detail", sa.String(300), nullable=False),
        sa.Column("proven_at", TZ, nullable=False),
        sa.CheckConstraint("method IN ('eds_head', 'eds_signer', 'email', 'director')", name="method"),
    )
    op.create_table(
        "identity_claims",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("public_id", sa.String(8), nullable=False, index=True, unique=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("company_id", sa.Integer(), sa.ForeignKey("companies.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("method", sa.String(20)),
        sa.Column("message", sa.String(500), nullable=False),
        sa.Column("created", TZ, nullable=False),
        sa.Column("decided_at", TZ),
        sa.CheckConstraint("status IN ('pending', 'proven', 'requested', 'cancelled')", name="status"),
    )
    op.create_index("ix_identity_claims_one_pending", "identity_claims", ["user_id"], unique=True,
                    sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))
    op.create_table(
        "eds_challenges",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("purpose", sa.String(10), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), index=True),
        sa.Column("claim_id", sa.Integer(), sa.ForeignKey("identity_claims.id", ondelete="CASCADE")),
        sa.Column("created", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("used_at", TZ),
        sa.CheckConstraint("purpose IN ('claim', 'link', 'login')", name="purpose"),
    )
    op.create_table(
        "email_codes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("public_id", sa.String(8), nullable=False, index=True, unique=True),
        sa.Column("claim_id", sa.Integer(), sa.ForeignKey("identity_claims.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("company_id", sa.Integer(), sa.ForeignKey("companies.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("email_id", sa.Integer(), sa.ForeignKey("emails.id", ondelete="SET NULL")),
        sa.Column("masked", sa.String(300), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created", TZ, nullable=False, index=True),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("used_at", TZ),
    )
    op.create_table(
        "eds_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, unique=True),
        sa.Column("iin", sa.String(12), nullable=False, unique=True),
        sa.Column("holder", sa.String(300), nullable=False),
        sa.Column("linked_at", TZ, nullable=False),
    )
    with op.batch_alter_table("issued_documents") as batch:
        batch.add_column(sa.Column("authority_method", sa.String(20)))
        batch.add_column(sa.Column("authority_at", TZ))


def downgrade():
    with op.batch_alter_table("issued_documents") as batch:
        batch.drop_column("authority_at")
        batch.drop_column("authority_method")
    op.drop_table("eds_links")
    op.drop_table("email_codes")
    op.drop_table("eds_challenges")
    op.drop_index("ix_identity_claims_one_pending", table_name="identity_claims")
    op.drop_table("identity_claims")
    op.drop_table("company_proofs")
