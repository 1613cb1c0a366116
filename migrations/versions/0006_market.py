"""market data: exchange rates, news, fetch log, scheduler leases

Revision ID: 0006_market
Revises: 0001_foundation
Create Date: 2026-11-26 16:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0006_market"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "market_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("rate_date", sa.Date(), nullable=False),
        sa.Column("rate", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("quant", sa.Integer(), nullable=False),
        sa.Column("change", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("trend", sa.String(length=8), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_market_rates")),
        sa.UniqueConstraint("source", "currency", "rate_date", name=op.f("uq_market_rates_source")),
    )
    with op.batch_alter_table("market_rates", schema=None) as batch_op:
        batch_op.create_index("ix_market_rates_source_date", ["source", "rate_date"], unique=False)

    op.create_table(
        "market_news",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=8), nullable=False),
        sa.Column("link", sa.Text(), nullable=False),
        sa.Column("link_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("image", sa.Text(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=120), nullable=False),
        sa.Column("feed_url", sa.String(length=500), nullable=False),
        sa.Column("published", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_market_news")),
        sa.UniqueConstraint("link_hash", name=op.f("uq_market_news_link_hash")),
    )
    with op.batch_alter_table("market_news", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_market_news_public_id"), ["public_id"], unique=True)
        batch_op.create_index(batch_op.f("ix_market_news_published"), ["published"], unique=False)
        batch_op.create_index(batch_op.f("ix_market_news_fetched_at"), ["fetched_at"], unique=False)

    op.create_table(
        "market_fetch_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("stored", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_market_fetch_log")),
    )
    with op.batch_alter_table("market_fetch_log", schema=None) as batch_op:
        batch_op.create_index("ix_market_fetch_log_kind_started", ["kind", "started_at"], unique=False)

    op.create_table(
        "market_scheduler_leases",
        sa.Column("job", sa.String(length=40), nullable=False),
        sa.Column("next_due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("holder", sa.String(length=120), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("job", name=op.f("pk_market_scheduler_leases")),
    )


def downgrade():
    op.drop_table("market_scheduler_leases")
    with op.batch_alter_table("market_fetch_log", schema=None) as batch_op:
        batch_op.drop_index("ix_market_fetch_log_kind_started")
    op.drop_table("market_fetch_log")
    with op.batch_alter_table("market_news", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_market_news_fetched_at"))
        batch_op.drop_index(batch_op.f("ix_market_news_published"))
        batch_op.drop_index(batch_op.f("ix_market_news_public_id"))
    op.drop_table("market_news")
    with op.batch_alter_table("market_rates", schema=None) as batch_op:
        batch_op.drop_index("ix_market_rates_source_date")
    op.drop_table("market_rates")
