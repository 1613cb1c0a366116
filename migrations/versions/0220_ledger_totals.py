"""Running totals of the ledger (per company and month, due date, counterparty) for the receivables
page, backfilled from the invoices and payments already recorded; a partial index of open invoices
in date order for the registry's «просрочен».

Revision ID: 0220_ledger_totals
Revises: 0194_overdue_notices
"""
import sqlalchemy as sa
from alembic import op

revision = "0220_ledger_totals"
down_revision = "0194_overdue_notices"
branch_labels = None
depends_on = None

# A frozen copy of portal.ledger.totals.statements (the code may change; this backfill must not).
_TIYN = "CAST(ROUND({0} * 100) AS BIGINT)"
_OPEN = "payment_status IN ('unpaid', 'partial')"
_LEFT = f"({_TIYN.format('amount')} - {_TIYN.format('paid')})"
_MONTH = {"sqlite": "date({0}, 'start of month')", "postgresql": "CAST(date_trunc('month', {0}) AS DATE)"}


def _backfill(dialect: str) -> list[str]:
    month = _MONTH[dialect]
    return [
        f"""INSERT INTO ledger_month_totals (company_id, month, issued, paid)
            SELECT company_id, month, SUM(issued), SUM(paid) FROM (
                SELECT company_id, {month.format('doc_date')} AS month, {_TIYN.format('amount')} AS issued, 0 AS paid
                FROM ledger_invoices WHERE payment_status <> 'annulled'
                UNION ALL
                SELECT company_id, {month.format('paid_on')}, 0, {_TIYN.format('amount')}
                FROM ledger_payments WHERE deleted_at IS NULL
            ) AS parts GROUP BY company_id, month""",
        f"""INSERT INTO ledger_due_totals (company_id, due_date, owed, open_count)
            SELECT company_id, COALESCE(due_date, '9999-12-31'), SUM({_LEFT}), COUNT(*)
            FROM ledger_invoices WHERE {_OPEN} GROUP BY company_id, COALESCE(due_date, '9999-12-31')""",
        f"""INSERT INTO ledger_counterparty_totals
                (company_id, counterparty_bin, counterparty_name, owed, undated, open_count, credit)
            SELECT company_id, counterparty_bin, MAX(counterparty_name),
                   SUM(CASE WHEN {_OPEN} THEN {_LEFT} ELSE 0 END),
                   SUM(CASE WHEN {_OPEN} AND due_date IS NULL THEN {_LEFT} ELSE 0 END),
                   SUM(CASE WHEN {_OPEN} THEN 1 ELSE 0 END), SUM({_TIYN.format('credit')})
            FROM ledger_invoices WHERE ({_OPEN} OR credit > 0) GROUP BY company_id, counterparty_bin""",
    ]


def upgrade():
    company = lambda: sa.Column("company_id", sa.Integer(), sa.ForeignKey("companies.id"), primary_key=True)  # noqa: E731
    op.create_table(
        "ledger_month_totals", company(), sa.Column("month", sa.Date(), primary_key=True),
        sa.Column("issued", sa.BigInteger(), nullable=False), sa.Column("paid", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "ledger_due_totals", company(), sa.Column("due_date", sa.Date(), primary_key=True),
        sa.Column("owed", sa.BigInteger(), nullable=False), sa.Column("open_count", sa.Integer(), nullable=False),
    )
    op.create_table(
        "ledger_counterparty_totals", company(), sa.Column("counterparty_bin", sa.String(12), primary_key=True),
        sa.Column("counterparty_name", sa.String(500), nullable=False),
        sa.Column("owed", sa.BigInteger(), nullable=False), sa.Column("undated", sa.BigInteger(), nullable=False),
        sa.Column("open_count", sa.Integer(), nullable=False), sa.Column("credit", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_ledger_counterparty_totals_order", "ledger_counterparty_totals",
                    ["company_id", "owed", "credit", "counterparty_bin"])
    op.create_index("ix_ledger_invoices_open_by_date", "ledger_invoices",
                    ["company_id", "doc_date", "document_id", "due_date"],
                    postgresql_where=sa.text(_OPEN), sqlite_where=sa.text(_OPEN))
    for statement in _backfill(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade():
    op.drop_index("ix_ledger_invoices_open_by_date", table_name="ledger_invoices")
    op.drop_index("ix_ledger_counterparty_totals_order", table_name="ledger_counterparty_totals")
    for table in ("ledger_counterparty_totals", "ledger_due_totals", "ledger_month_totals"):
        op.drop_table(table)
