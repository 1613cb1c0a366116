"""Bank statements (#19): uploaded files, their lines (unique per company by line hash, so a
statement imported twice records nothing twice) and the CSV/XLSX column mapping per bank.

Revision ID: 0180_bank_statements
Revises: 0171_ledger_registry_indexes
"""
import sqlalchemy as sa
from alembic import op

revision = "0180_bank_statements"
down_revision = "0171_ledger_registry_indexes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "bank_statements",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("file_format", sa.String(length=8), nullable=False),
        sa.Column("bank", sa.String(length=100), nullable=False),
        sa.Column("account", sa.String(length=34), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("lines_in_file", sa.Integer(), nullable=False),
        sa.Column("lines_new", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], name=op.f("fk_bank_statements_company_id_companies")),
        sa.ForeignKeyConstraint(["uploaded_by"], ["users.id"], name=op.f("fk_bank_statements_uploaded_by_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_statements")),
    )
    op.create_index("ix_bank_statements_company_recent", "bank_statements", ["company_id", "id"])
    op.create_index(op.f("ix_bank_statements_public_id"), "bank_statements", ["public_id"], unique=True)
    op.create_table(
        "bank_statement_lines",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("line_hash", sa.String(length=64), nullable=False),
        sa.Column("op_date", sa.Date(), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("amount", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("doc_number", sa.String(length=50), nullable=False),
        sa.Column("payer_name", sa.String(length=500), nullable=False),
        sa.Column("payer_bin", sa.String(length=12), nullable=False),
        sa.Column("payer_account", sa.String(length=34), nullable=False),
        sa.Column("purpose", sa.String(length=1000), nullable=False),
        sa.Column("knp", sa.String(length=3), nullable=False),
        sa.Column("proposed_document_id", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"],
                                name=op.f("fk_bank_statement_lines_company_id_companies")),
        sa.ForeignKeyConstraint(["proposed_document_id"], ["issued_documents.id"],
                                name=op.f("fk_bank_statement_lines_proposed_document_id_issued_documents")),
        sa.ForeignKeyConstraint(["statement_id"], ["bank_statements.id"],
                                name=op.f("fk_bank_statement_lines_statement_id_bank_statements")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_statement_lines")),
        sa.UniqueConstraint("company_id", "line_hash", name="uq_bank_statement_lines_company_hash"),
    )
    op.create_index("ix_bank_statement_lines_statement", "bank_statement_lines", ["statement_id", "position"])
    op.create_index(op.f("ix_bank_statement_lines_public_id"), "bank_statement_lines", ["public_id"], unique=True)
    op.create_table(
        "bank_statement_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("bank_key", sa.String(length=100), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"],
                                name=op.f("fk_bank_statement_mappings_company_id_companies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_statement_mappings")),
        sa.UniqueConstraint("company_id", "bank_key", name="uq_bank_statement_mappings_company_bank"),
    )


def downgrade():
    op.drop_table("bank_statement_mappings")
    op.drop_index(op.f("ix_bank_statement_lines_public_id"), table_name="bank_statement_lines")
    op.drop_index("ix_bank_statement_lines_statement", table_name="bank_statement_lines")
    op.drop_table("bank_statement_lines")
    op.drop_index(op.f("ix_bank_statements_public_id"), table_name="bank_statements")
    op.drop_index("ix_bank_statements_company_recent", table_name="bank_statements")
    op.drop_table("bank_statements")
