"""issued documents: counters, records, PDF bytes, viewers

Revision ID: 0005_documents
Revises: 0001_foundation
Create Date: 2026-11-26 15:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0005_documents"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "document_counters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=2), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.CheckConstraint("last_number >= 0", name=op.f("ck_document_counters_last_number_not_negative")),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_document_counters_company_id_companies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_counters")),
        sa.UniqueConstraint("company_id", "type", "year", name=op.f("uq_document_counters_company_id")),
    )

    op.create_table(
        "issued_documents",
        sa.Column("doc_id", sa.String(length=13), nullable=False),
        sa.Column("type", sa.String(length=2), nullable=False),
        sa.Column("form", sa.String(length=2), nullable=False),
        sa.Column("content_id", sa.String(length=8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("doc_date", sa.Date(), nullable=False),
        sa.Column("total_sum", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("nds_percent", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("nds_sum", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("company_sender_id", sa.Integer(), nullable=False),
        sa.Column("company_recipient_id", sa.Integer(), nullable=True),
        sa.Column("sender_name", sa.String(length=500), nullable=False),
        sa.Column("sender_bin", sa.String(length=12), nullable=False),
        sa.Column("recipient_name", sa.String(length=500), nullable=True),
        sa.Column("recipient_bin", sa.String(length=12), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("email_recipients", sa.JSON(), nullable=False),
        sa.Column("verify_url", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_sender_id"], ["companies.id"], name=op.f("fk_issued_documents_company_sender_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["company_recipient_id"], ["companies.id"],
            name=op.f("fk_issued_documents_company_recipient_id_companies"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_issued_documents_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_documents")),
        sa.UniqueConstraint("doc_id", name=op.f("uq_issued_documents_doc_id")),
        sa.UniqueConstraint(
            "company_sender_id", "type", "year", "seq", name=op.f("uq_issued_documents_company_sender_id")
        ),
    )
    with op.batch_alter_table("issued_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issued_documents_public_id"), ["public_id"], unique=True)
        batch_op.create_index(batch_op.f("ix_issued_documents_company_sender_id"), ["company_sender_id"])
        batch_op.create_index(batch_op.f("ix_issued_documents_company_recipient_id"), ["company_recipient_id"])
        batch_op.create_index(batch_op.f("ix_issued_documents_user_id"), ["user_id"])
        batch_op.create_index(batch_op.f("ix_issued_documents_sha256"), ["sha256"])
        batch_op.create_index("ix_issued_documents_sender_created", ["company_sender_id", "created"])
        batch_op.create_index("ix_issued_documents_source", ["company_sender_id", "type", "content_id"])

    op.create_table(
        "issued_document_files",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["issued_documents.id"],
            name=op.f("fk_issued_document_files_document_id_issued_documents"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_issued_document_files")),
    )

    op.create_table(
        "issued_document_viewers",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["issued_documents.id"],
            name=op.f("fk_issued_document_viewers_document_id_issued_documents"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_issued_document_viewers_staff_id_staff"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("document_id", "staff_id", name=op.f("pk_issued_document_viewers")),
    )
    with op.batch_alter_table("issued_document_viewers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issued_document_viewers_staff_id"), ["staff_id"])


def downgrade():
    with op.batch_alter_table("issued_document_viewers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issued_document_viewers_staff_id"))
    op.drop_table("issued_document_viewers")
    op.drop_table("issued_document_files")
    with op.batch_alter_table("issued_documents", schema=None) as batch_op:
        for name in (
            "ix_issued_documents_source", "ix_issued_documents_sender_created", "ix_issued_documents_sha256",
            "ix_issued_documents_user_id", "ix_issued_documents_company_recipient_id",
            "ix_issued_documents_company_sender_id", "ix_issued_documents_public_id",
        ):
            batch_op.drop_index(name)
    op.drop_table("issued_documents")
    op.drop_table("document_counters")
