"""Join the areas' migrations, written side by side from the foundation, into one head.

Revision ID: 0100_merge_areas
Revises: 0002_clients_api, 0002_search, 0003_staffing, 0004_smart_docs, 0005_documents, 0006_market, 0010_demo_data
"""

revision = "0100_merge_areas"
down_revision = (
    "0002_clients_api",
    "0002_search",
    "0003_staffing",
    "0004_smart_docs",
    "0005_documents",
    "0006_market",
    "0010_demo_data",
)
branch_labels = None
depends_on = None


def upgrade():
    """Nothing to change: this revision only makes the history linear again."""


def downgrade():
    """Nothing to undo."""
