"""Fractional quantities, units with their code, article codes, VAT-invoice fields, issuing once.

- Quantities (`count`, `subject_to_leave`, `subject_left`, a document's `total_quantity`) hold
  up to three decimals: stored as whole thousandths in a BIGINT, like money in tiyn, so both
  databases keep them exact. Existing whole quantities are multiplied by 1000.
- Products and works get `code` (the article code printed in «Код») and `measure_code` (the
  unit's МКЕИ code).
- Documents get the contract's date and the VAT invoice's consignor, consignee, shipping method
  and power-of-attorney date; companies get document settings (VAT payer, prices include VAT,
  VAT registration), counterparties the tenant's note of their VAT registration.
- Issued records keep the hash of what they printed, and first answers to requests with an
  `Idempotency-Key` are kept.

Revision ID: 0110_forms_quantities_vat
Revises: 0107_form_blanks
"""
import sqlalchemy as sa
from alembic import op

revision = "0110_forms_quantities_vat"
down_revision = "0120_company_identity"
branch_labels = None
depends_on = None

QUANTITIES = (
    ("sd_product_counts", "count"),
    ("sd_work_counts", "count"),
    ("sd_waybill_products", "subject_to_leave"),
    ("sd_waybill_products", "subject_left"),
    ("sd_documents", "total_quantity"),
)


def _scale(factor: str) -> None:
    """Multiply or divide every stored quantity (whole units ↔ thousandths)."""
    for table, column in QUANTITIES:
        op.execute(f'UPDATE {table} SET "{column}" = "{column}" {factor}')


def upgrade():
    for table, column in QUANTITIES:
        if column != "total_quantity":  # already a BIGINT
            with op.batch_alter_table(table) as batch:
                batch.alter_column(column, existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=False)
    _scale("* 1000")
    for table in ("sd_products", "sd_works"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("measure_code", sa.String(length=3), nullable=False, server_default=""))
            batch.add_column(sa.Column("code", sa.String(length=50), nullable=False, server_default=""))
    with op.batch_alter_table("sd_documents") as batch:
        batch.add_column(sa.Column("contract_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("shipping_method", sa.String(length=300), nullable=False, server_default=""))
        batch.add_column(sa.Column("proxy_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("consignor", sa.String(length=500), nullable=False, server_default=""))
        batch.add_column(sa.Column("consignee", sa.String(length=500), nullable=False, server_default=""))
    with op.batch_alter_table("issued_documents") as batch:
        batch.add_column(sa.Column("source_hash", sa.String(length=64), nullable=True))
    op.create_table(
        "sd_doc_settings",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("vat_payer", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("prices_include_vat", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("vat_series", sa.String(length=20), nullable=False, server_default=""),
        sa.Column("vat_number", sa.String(length=30), nullable=False, server_default=""),
        sa.Column("vat_date", sa.Date(), nullable=True),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], ondelete="CASCADE",
                                name=op.f("fk_sd_doc_settings_company_id_companies")),
        sa.PrimaryKeyConstraint("company_id", name=op.f("pk_sd_doc_settings")),
    )
    op.create_table(
        "sd_counterparty_vat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("counterparty_id", sa.Integer(), nullable=False),
        sa.Column("vat_series", sa.String(length=20), nullable=False, server_default=""),
        sa.Column("vat_number", sa.String(length=30), nullable=False, server_default=""),
        sa.Column("vat_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], ondelete="CASCADE",
                                name=op.f("fk_sd_counterparty_vat_company_id_companies")),
        sa.ForeignKeyConstraint(["counterparty_id"], ["companies.id"], ondelete="CASCADE",
                                name=op.f("fk_sd_counterparty_vat_counterparty_id_companies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sd_counterparty_vat")),
        sa.UniqueConstraint("company_id", "counterparty_id", name=op.f("uq_sd_counterparty_vat_company_id")),
    )
    with op.batch_alter_table("sd_counterparty_vat") as batch:
        batch.create_index(batch.f("ix_sd_counterparty_vat_counterparty_id"), ["counterparty_id"], unique=False)
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
    with op.batch_alter_table("sd_idempotency_keys") as batch:
        batch.create_index(batch.f("ix_sd_idempotency_keys_created"), ["created"], unique=False)


def downgrade():
    op.drop_table("sd_idempotency_keys")
    op.drop_table("sd_counterparty_vat")
    op.drop_table("sd_doc_settings")
    with op.batch_alter_table("issued_documents") as batch:
        batch.drop_column("source_hash")
    with op.batch_alter_table("sd_documents") as batch:
        for column in ("consignee", "consignor", "proxy_date", "shipping_method", "contract_date"):
            batch.drop_column(column)
    for table in ("sd_works", "sd_products"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("code")
            batch.drop_column("measure_code")
    # Fractions are rounded down to whole units: the old schema cannot hold them.
    _scale("/ 1000")
    for table, column in QUANTITIES:
        if column != "total_quantity":
            with op.batch_alter_table(table) as batch:
                batch.alter_column(column, existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=False)
