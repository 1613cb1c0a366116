"""Indexes for the ledger's registry over many issued documents (bench/ledger.py): a company's
documents by date, by type and date, by counterparty BIN and date, by counterparty and date, by total and by number, so
its first page under any one filter or order reads an index range instead of sorting them all.

Revision ID: 0171_ledger_registry_indexes
Revises: 0170_ledger_payments
"""
from alembic import op

revision = "0171_ledger_registry_indexes"
down_revision = "0170_ledger_payments"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_issued_documents_sender_date": ["company_sender_id", "doc_date", "id"],
    "ix_issued_documents_sender_type_date": ["company_sender_id", "type", "doc_date", "id"],
    "ix_issued_documents_sender_bin_date": ["company_sender_id", "recipient_bin", "doc_date", "id"],
    "ix_issued_documents_sender_recipient_date": ["company_sender_id", "company_recipient_id", "doc_date", "id"],
    "ix_issued_documents_sender_total": ["company_sender_id", "total_sum", "id"],
    "ix_issued_documents_sender_number": ["company_sender_id", "number", "id"],
}


def upgrade():
    with op.batch_alter_table("issued_documents") as batch:
        for name, columns in INDEXES.items():
            batch.create_index(name, columns, unique=False)


def downgrade():
    with op.batch_alter_table("issued_documents") as batch:
        for name in INDEXES:
            batch.drop_index(name)
