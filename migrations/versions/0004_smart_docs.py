"""smart documents: catalogues, line items, documents

Revision ID: 0004_smart_docs
Revises: 0001_foundation
Create Date: 2026-11-26

Hand-written (autogenerate would pick up other areas' tables); names follow the naming
convention in portal/extensions.py so the metadata and the database agree.
"""
from alembic import op
import sqlalchemy as sa

revision = "0004_smart_docs"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def _tenant_columns(table: str) -> list:
    """public id, owner company, creating staff, timestamps: common to every smart-doc table."""
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=8), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], name=f"fk_{table}_company_id_companies", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=f"fk_{table}_staff_id_staff", ondelete="SET NULL"),
    ]


def _fk(table: str, column: str, target: str, ondelete: str = "RESTRICT"):
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete)


def _tenant_indexes(table: str, *columns: str) -> None:
    op.create_index(f"ix_{table}_public_id", table, ["public_id"], unique=True)
    for column in ("company_id", "staff_id") + columns:
        op.create_index(f"ix_{table}_{column}", table, [column], unique=False)


def _link_table(name: str, line_table: str) -> None:
    op.create_table(
        name,
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("document_id", "line_id", name=f"pk_{name}"),
        sa.ForeignKeyConstraint(["document_id"], ["sd_documents.id"], name=f"fk_{name}_document_id_sd_documents", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["line_id"], [f"{line_table}.id"], name=f"fk_{name}_line_id_{line_table}", ondelete="RESTRICT"),
    )
    op.create_index(f"ix_{name}_line_id", name, ["line_id"], unique=False)


def upgrade():
    op.create_table(
        "sd_works",
        *_tenant_columns("sd_works"),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("measure", sa.String(length=50), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
    )
    _tenant_indexes("sd_works")

    op.create_table(
        "sd_actors",
        *_tenant_columns("sd_actors"),
        sa.Column("full_name", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
    )
    _tenant_indexes("sd_actors")

    op.create_table(
        "sd_products",
        *_tenant_columns("sd_products"),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("measure", sa.String(length=50), nullable=False),
        sa.Column("manufacturer", sa.String(length=300), nullable=False),
        sa.Column("image_file", sa.String(length=80), nullable=True),
        sa.Column("price", sa.BigInteger(), nullable=False),
    )
    _tenant_indexes("sd_products")

    op.create_table(
        "sd_beneficiaries",
        *_tenant_columns("sd_beneficiaries"),
        sa.Column("beneficiary", sa.String(length=300), nullable=False),
        sa.Column("beneficiary_bank", sa.String(length=300), nullable=False),
        sa.Column("iik", sa.String(length=20), nullable=False),
        sa.Column("bic", sa.String(length=11), nullable=False),
        sa.Column("kbe", sa.String(length=2), nullable=False),
        sa.Column("knp", sa.String(length=3), nullable=False),
    )
    _tenant_indexes("sd_beneficiaries")

    op.create_table(
        "sd_product_counts",
        *_tenant_columns("sd_product_counts"),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("total_sum", sa.BigInteger(), nullable=False),
        _fk("sd_product_counts", "product_id", "sd_products"),
    )
    _tenant_indexes("sd_product_counts", "product_id")

    op.create_table(
        "sd_work_counts",
        *_tenant_columns("sd_work_counts"),
        sa.Column("work_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("total_sum", sa.BigInteger(), nullable=False),
        sa.Column("another_info", sa.String(length=500), nullable=False),
        sa.Column("date_of_completion", sa.Date(), nullable=True),
        _fk("sd_work_counts", "work_id", "sd_works"),
    )
    _tenant_indexes("sd_work_counts", "work_id")

    op.create_table(
        "sd_waybill_products",
        *_tenant_columns("sd_waybill_products"),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("subject_to_leave", sa.Integer(), nullable=False),
        sa.Column("subject_left", sa.Integer(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("total_sum", sa.BigInteger(), nullable=False),
        _fk("sd_waybill_products", "product_id", "sd_products"),
    )
    _tenant_indexes("sd_waybill_products", "product_id")

    actors = ("executor_actor_id", "customer_actor_id", "responsible_actor_id", "head_actor_id", "accountant_actor_id")
    op.create_table(
        "sd_documents",
        *_tenant_columns("sd_documents"),
        sa.Column("doc_type", sa.String(length=2), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("contract", sa.String(length=300), nullable=False),
        sa.Column("counterparty_id", sa.Integer(), nullable=False),
        sa.Column("nds_percent", sa.Integer(), nullable=False),
        sa.Column("total_sum", sa.BigInteger(), nullable=False),
        sa.Column("nds_sum", sa.BigInteger(), nullable=False),
        sa.Column("total_count", sa.Integer(), nullable=False),
        sa.Column("total_quantity", sa.BigInteger(), nullable=False),
        sa.Column("date_of_expire", sa.Date(), nullable=True),
        sa.Column("delivery_time", sa.String(length=300), nullable=False),
        sa.Column("payment_condition", sa.String(length=300), nullable=False),
        sa.Column("receive_type", sa.String(length=300), nullable=False),
        sa.Column("receive_address", sa.String(length=500), nullable=False),
        sa.Column("beneficiary_id", sa.Integer(), nullable=True),
        sa.Column("transport_company", sa.String(length=300), nullable=False),
        *[sa.Column(column, sa.Integer(), nullable=True) for column in actors],
        _fk("sd_documents", "counterparty_id", "companies"),
        _fk("sd_documents", "beneficiary_id", "sd_beneficiaries"),
        *[_fk("sd_documents", column, "sd_actors") for column in actors],
    )
    _tenant_indexes("sd_documents", "counterparty_id", "beneficiary_id", *actors)
    op.create_index("ix_sd_documents_company_type_date", "sd_documents", ["company_id", "doc_type", "date", "id"])
    op.create_index("ix_sd_documents_company_created", "sd_documents", ["company_id", "created"])

    _link_table("sd_document_product_lines", "sd_product_counts")
    _link_table("sd_document_work_lines", "sd_work_counts")
    _link_table("sd_document_waybill_lines", "sd_waybill_products")


def downgrade():
    for table in (
        "sd_document_waybill_lines", "sd_document_work_lines", "sd_document_product_lines", "sd_documents",
        "sd_waybill_products", "sd_work_counts", "sd_product_counts", "sd_beneficiaries", "sd_products",
        "sd_actors", "sd_works",
    ):
        op.drop_table(table)
