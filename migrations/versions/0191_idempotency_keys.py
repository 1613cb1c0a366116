"""Idempotency-Key on every POST: one table for every caller (company or user), with the body's
fingerprint; the issuing-only table it replaces is dropped (its keys lived 24 hours anyway).

Revision ID: 0191_idempotency_keys
Revises: 0190_sync
"""
import sqlalchemy as sa
from alembic import op

revision = "0191_idempotency_keys"
down_revision = "0190_sync"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=24), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("location", sa.String(length=500), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_keys")),
        sa.UniqueConstraint("scope", "key", name=op.f("uq_idempotency_keys_scope")),
    )
    op.create_index(op.f("ix_idempotency_keys_created"), "idempotency_keys", ["created"], unique=False)
    op.drop_index("ix_sd_idempotency_keys_created", table_name="sd_idempotency_keys")
    op.drop_table("sd_idempotency_keys")


def downgrade():
    op.create_table(
        "sd_idempotency_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("location", sa.String(length=500), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], ondelete="CASCADE",
                                name=op.f("fk_sd_idempotency_keys_company_id_companies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sd_idempotency_keys")),
        sa.UniqueConstraint("company_id", "key", name=op.f("uq_sd_idempotency_keys_company_id")),
    )
    op.create_index("ix_sd_idempotency_keys_created", "sd_idempotency_keys", ["created"], unique=False)
    op.drop_index(op.f("ix_idempotency_keys_created"), table_name="idempotency_keys")
    op.drop_table("idempotency_keys")
