"""Rubric and type filters: covering (rubric_id, company_id) and (type_id, company_id) indexes.

A section or sub-section filter now reads `companies.id IN (companies of these rubrics)`; with
an index on rubric_id alone, each entry cost a table lookup for its company_id (150,000 of them
for a large section at a million companies). The covering index answers from the index alone
and replaces the single-column one.

Revision ID: 0102_link_indexes
Revises: 0101_search_tsv
"""
from alembic import op

revision = "0102_link_indexes"
down_revision = "0101_search_tsv"
branch_labels = None
depends_on = None

LINKS = (("company_rubrics", "rubric_id", "rubric_company"), ("company_types", "type_id", "type_company"))


def upgrade():
    for table, column, suffix in LINKS:
        op.create_index(f"ix_{table}_{suffix}", table, [column, "company_id"])
        op.drop_index(f"ix_{table}_{column}", table_name=table)


def downgrade():
    for table, column, suffix in LINKS:
        op.create_index(f"ix_{table}_{column}", table, [column])
        op.drop_index(f"ix_{table}_{suffix}", table_name=table)
