"""Running totals of the ledger, so the receivables page reads a few hundred rows instead of every invoice.

Kept exact by the ledger's own writes: a flush listener (portal.ledger.totals) turns each change of
a `LedgerInvoice` or `Payment` row into deltas of these rows, in the same transaction. Money is
integer tiyn, so sums are exact on SQLite too (its SUM over Numeric is a float sum).

- per company and month: issued (invoices not annulled, by document date) and paid (live payments,
  by payment date) — the chart;
- per company and due date: what open invoices still owe and how many there are — the aging
  buckets (an invoice without a due date is filed under NO_DUE, which is never past due);
- per company and counterparty BIN: owed on open invoices, the part of it with no due date,
  their count, and the credit — the per-counterparty list.
"""
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, event, inspect
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.extensions import db

# Stands for «no due date» in ledger_due_totals (a key column cannot be NULL); later than any real one.
NO_DUE = date(9999, 12, 31)


class LedgerMonthTotal(db.Model):
    __tablename__ = "ledger_month_totals"
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # the month's first day
    issued: Mapped[int] = mapped_column(BigInteger, default=0)  # tiyn
    paid: Mapped[int] = mapped_column(BigInteger, default=0)  # tiyn


class LedgerDueTotal(db.Model):
    __tablename__ = "ledger_due_totals"
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), primary_key=True)
    due_date: Mapped[date] = mapped_column(Date, primary_key=True)
    owed: Mapped[int] = mapped_column(BigInteger, default=0)  # tiyn
    open_count: Mapped[int] = mapped_column(Integer, default=0)


class LedgerCounterpartyTotal(db.Model):
    __tablename__ = "ledger_counterparty_totals"
    __table_args__ = (
        # The page lists counterparties owing most first, a page at a time.
        Index("ix_ledger_counterparty_totals_order", "company_id", "owed", "credit", "counterparty_bin"),
    )
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), primary_key=True)
    counterparty_bin: Mapped[str] = mapped_column(String(12), primary_key=True)
    counterparty_name: Mapped[str] = mapped_column(String(500), default="")
    owed: Mapped[int] = mapped_column(BigInteger, default=0)  # tiyn, open invoices
    undated: Mapped[int] = mapped_column(BigInteger, default=0)  # tiyn, the part of `owed` with no due date
    open_count: Mapped[int] = mapped_column(Integer, default=0)
    credit: Mapped[int] = mapped_column(BigInteger, default=0)  # tiyn


def tiyn(value) -> int:
    """Tenge (Decimal, as the ledger keeps them) to integer tiyn."""
    return int((Decimal(value or 0) * 100).to_integral_value(ROUND_HALF_UP))


def _month(day: date) -> date:
    return day.replace(day=1)


# What each table's row is keyed by and which of its columns add up.
_TABLES = {
    LedgerMonthTotal: (("company_id", "month"), ("issued", "paid")),
    LedgerDueTotal: (("company_id", "due_date"), ("owed", "open_count")),
    LedgerCounterpartyTotal: (("company_id", "counterparty_bin"), ("owed", "undated", "open_count", "credit")),
}
INVOICE_KEYS = ("company_id", "counterparty_bin", "counterparty_name", "doc_date", "due_date", "amount", "paid",
                "payment_status", "credit")
PAYMENT_KEYS = ("company_id", "paid_on", "amount", "deleted_at")


def _invoice_shares(v: dict) -> list[tuple]:
    """(table, key, {column: tiyn or count}) an invoice in state `v` adds to the totals."""
    shares = []
    if v["payment_status"] != "annulled":
        shares.append((LedgerMonthTotal, (v["company_id"], _month(v["doc_date"])), {"issued": tiyn(v["amount"])}))
    cp = {"credit": tiyn(v["credit"])}
    if v["payment_status"] in ("unpaid", "partial"):
        left = tiyn(v["amount"]) - tiyn(v["paid"])
        shares.append((LedgerDueTotal, (v["company_id"], v["due_date"] or NO_DUE), {"owed": left, "open_count": 1}))
        cp.update(owed=left, open_count=1, undated=left if v["due_date"] is None else 0)
    shares.append((LedgerCounterpartyTotal, (v["company_id"], v["counterparty_bin"] or ""), cp))
    return shares


def _payment_shares(v: dict) -> list[tuple]:
    if v["deleted_at"] is not None:
        return []
    return [(LedgerMonthTotal, (v["company_id"], _month(v["paid_on"])), {"paid": tiyn(v["amount"])})]


def _states(obj, keys: tuple[str, ...], new: bool, gone: bool) -> tuple[dict | None, dict | None]:
    """The row's values before and after this flush (None: it did not exist / no longer does).
    The keys are mapped with active_history, so a change always knows the value it replaced."""
    before, after = {}, {}
    state = inspect(obj)
    for key in keys:
        added, unchanged, deleted = state.attrs[key].history
        current = added[0] if added else unchanged[0] if unchanged else getattr(obj, key)
        after[key] = current
        before[key] = deleted[0] if deleted else current
    return (None if new else before), (None if gone else after)


def _deltas(session) -> dict:
    from portal.models.ledger import LedgerInvoice, Payment

    deltas: dict = {}
    changed = [(obj, False, False) for obj in session.dirty] + [(obj, True, False) for obj in session.new] + [
        (obj, False, True) for obj in session.deleted]
    for obj, new, gone in changed:
        if isinstance(obj, LedgerInvoice):
            keys, shares = INVOICE_KEYS, _invoice_shares
        elif isinstance(obj, Payment):
            keys, shares = PAYMENT_KEYS, _payment_shares
        else:
            continue
        if not (new or gone) and not any(inspect(obj).attrs[key].history.has_changes() for key in keys):
            continue
        before, after = _states(obj, keys, new, gone)
        for values, sign in ((before, -1), (after, 1)):
            if values is None:
                continue
            for table, key, amounts in shares(values):
                row = deltas.setdefault((table, key), {})
                for column, amount in amounts.items():
                    row[column] = row.get(column, 0) + sign * amount
                if table is LedgerCounterpartyTotal and sign > 0:
                    row["_name"] = values["counterparty_name"] or ""
    return deltas


def _upsert(connection, table, key: tuple, amounts: dict, name: str | None) -> None:
    """Add the amounts to the row (created at zero if it is missing): an atomic UPDATE, so two
    transactions writing the same row add up instead of overwriting each other."""
    key_names, _ = _TABLES[table]
    t = table.__table__
    values = dict(zip(key_names, key)) | amounts
    if name is not None:
        values["counterparty_name"] = name
    dialect = connection.dialect.name
    insert_ = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert_(t).values(**values)
    update = {column: t.c[column] + stmt.excluded[column] for column in amounts}
    if name is not None:
        update["counterparty_name"] = stmt.excluded.counterparty_name
    connection.execute(stmt.on_conflict_do_update(index_elements=list(key_names), set_=update))


@event.listens_for(Session, "after_flush")
def _keep_totals(session: Session, flush_context) -> None:
    """Apply this flush's changes of invoices and payments to the totals, in a fixed order (so two
    transactions lock the rows in the same order)."""
    deltas = _deltas(session)
    if not deltas:
        return
    connection = session.connection()
    for (table, key), row in sorted(deltas.items(), key=lambda item: (item[0][0].__tablename__, str(item[0][1]))):
        name = row.pop("_name", None)
        amounts = {column: value for column, value in row.items() if value}
        if amounts:
            _upsert(connection, table, key, amounts, name)
