"""demo data: the loader's progress per part

Revision ID: 0010_demo_data
Revises: 0001_foundation
Create Date: 2026-11-26 16:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0010_demo_data"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "demo_progress",
        sa.Column("part", sa.String(length=40), nullable=False),
        sa.Column("loaded", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("part", name=op.f("pk_demo_progress")),
    )


def downgrade():
    op.drop_table("demo_progress")
