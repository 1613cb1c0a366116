"""The ledger's running totals worked out from scratch, from every invoice and payment.

The listener in portal.models.ledger_totals keeps the totals by deltas on each write; this is the
other way to the same figures: for rows written around the ORM (the bench's bulk load, a repair),
and for the tests that check the deltas against it. Migration 0220 backfills with the same SQL.
"""
from sqlalchemy import text

from portal.extensions import db

_TIYN = "CAST(ROUND({0} * 100) AS BIGINT)"
_OPEN = "payment_status IN ('unpaid', 'partial')"
_LEFT = f"({_TIYN.format('amount')} - {_TIYN.format('paid')})"
MONTH = {"sqlite": "date({0}, 'start of month')", "postgresql": "CAST(date_trunc('month', {0}) AS DATE)"}


def statements(dialect: str, where: str = "") -> list[str]:
    """INSERT … SELECT for the three totals tables (`where` narrows the source rows, e.g. to a company)."""
    month = MONTH[dialect]
    cond = f" AND {where}" if where else ""
    return [
        f"""INSERT INTO ledger_month_totals (company_id, month, issued, paid)
            SELECT company_id, month, SUM(issued), SUM(paid) FROM (
                SELECT company_id, {month.format('doc_date')} AS month, {_TIYN.format('amount')} AS issued, 0 AS paid
                FROM ledger_invoices WHERE payment_status <> 'annulled'{cond}
                UNION ALL
                SELECT company_id, {month.format('paid_on')}, 0, {_TIYN.format('amount')}
                FROM ledger_payments WHERE deleted_at IS NULL{cond}
            ) AS parts GROUP BY company_id, month""",
        f"""INSERT INTO ledger_due_totals (company_id, due_date, owed, open_count)
            SELECT company_id, COALESCE(due_date, '9999-12-31'), SUM({_LEFT}), COUNT(*)
            FROM ledger_invoices WHERE {_OPEN}{cond} GROUP BY company_id, COALESCE(due_date, '9999-12-31')""",
        f"""INSERT INTO ledger_counterparty_totals
                (company_id, counterparty_bin, counterparty_name, owed, undated, open_count, credit)
            SELECT company_id, counterparty_bin, MAX(counterparty_name),
                   SUM(CASE WHEN {_OPEN} THEN {_LEFT} ELSE 0 END),
                   SUM(CASE WHEN {_OPEN} AND due_date IS NULL THEN {_LEFT} ELSE 0 END),
                   SUM(CASE WHEN {_OPEN} THEN 1 ELSE 0 END), SUM({_TIYN.format('credit')})
            FROM ledger_invoices WHERE ({_OPEN} OR credit > 0){cond} GROUP BY company_id, counterparty_bin""",
    ]


TABLES = ("ledger_month_totals", "ledger_due_totals", "ledger_counterparty_totals")


def rebuild_totals(company_id: int | None = None) -> None:
    """Replace the totals (of one company, or all) by the sums of the rows (flushed, not committed)."""
    dialect = db.session.get_bind().dialect.name
    params = {"company_id": company_id} if company_id is not None else {}
    where = "company_id = :company_id" if company_id is not None else ""
    for table in TABLES:
        db.session.execute(text(f"DELETE FROM {table}" + (f" WHERE {where}" if where else "")), params)
    for statement in statements(dialect, where):
        db.session.execute(text(statement), params)
