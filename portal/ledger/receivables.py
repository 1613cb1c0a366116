"""Who owes the company what: totals, per counterparty with credits, aging, and issued vs paid by month.

Four GROUP BYs in the database, each over a covering index: the open invoices once, grouped by
counterparty and aging bucket (both tables of the page come from those groups), the credits
(the few rows with credit > 0), and issued and paid by month over the last twelve months. Aging compares due dates with bound dates (today − 30, − 60, − 90)
instead of date arithmetic, which SQLite and PostgreSQL spell differently.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import case, func, or_, select

from portal.extensions import db
from portal.models.ledger import LedgerInvoice, Payment
from portal.smart_docs.money import round_tiyn

ZERO = Decimal("0.00")
# (code, label, lowest days past due, highest) — «current» is not due yet or has no due date.
BUCKETS = (
    ("current", "срок не наступил", None, 0),
    ("d0_30", "0–30 дней", 1, 30),
    ("d31_60", "31–60 дней", 31, 60),
    ("d61_90", "61–90 дней", 61, 90),
    ("d90_plus", "более 90 дней", 91, None),
)
MONTHS = 12
MAX_COUNTERPARTIES = 100
MONTH_NAMES = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")


@dataclass
class CounterpartyDebt:
    """What one counterparty owes (open invoices), how much of it is overdue, and its credit."""

    bin: str
    name: str
    owed: Decimal = ZERO
    overdue: Decimal = ZERO
    open_invoices: int = 0
    credit: Decimal = ZERO

    @property
    def balance(self) -> Decimal:
        """Owed minus credit: what the counterparty would still pay if its credit were applied."""
        return self.owed - self.credit


@dataclass
class MonthTotals:
    year: int
    month: int
    issued: Decimal
    paid: Decimal

    @property
    def label(self) -> str:
        return f"{MONTH_NAMES[self.month - 1]} {self.year % 100:02d}"


@dataclass
class Receivables:
    today: date
    owed: Decimal
    overdue: Decimal
    open_count: int
    overdue_count: int
    credit: Decimal
    buckets: list[tuple[str, str, Decimal, int]]
    counterparties: list[CounterpartyDebt]
    counterparty_count: int
    months: list[MonthTotals] = field(default_factory=list)


OPEN = ("unpaid", "partial")


def _bucket_case(today: date):
    """SQL: the aging bucket code of an open invoice."""
    due = LedgerInvoice.due_date
    return case(
        (or_(due.is_(None), due >= today), "current"),
        (due >= today - timedelta(days=30), "d0_30"),
        (due >= today - timedelta(days=60), "d31_60"),
        (due >= today - timedelta(days=90), "d61_90"),
        else_="d90_plus",
    )


def _money(value) -> Decimal:
    return round_tiyn(Decimal(value or 0))


def _open_by_counterparty_and_bucket(company_id: int, today: date) -> list[tuple]:
    """One pass over the open invoices (a covering index): (bin, name, bucket, owed, count) groups."""
    bucket = _bucket_case(today).label("bucket")
    return db.session.execute(
        select(LedgerInvoice.counterparty_bin, func.max(LedgerInvoice.counterparty_name), bucket,
               func.sum(LedgerInvoice.amount - LedgerInvoice.paid), func.count())
        .where(LedgerInvoice.company_id == company_id, LedgerInvoice.payment_status.in_(OPEN))
        .group_by(LedgerInvoice.counterparty_bin, bucket)
    ).all()


def _credits(company_id: int) -> list[tuple[str, str, Decimal]]:
    """Per counterparty: paid above invoices' amounts, plus everything paid on annulled invoices."""
    rows = db.session.execute(
        select(LedgerInvoice.counterparty_bin, func.max(LedgerInvoice.counterparty_name), func.sum(LedgerInvoice.credit))
        .where(LedgerInvoice.company_id == company_id, LedgerInvoice.credit > 0)
        .group_by(LedgerInvoice.counterparty_bin)
    ).all()
    return [(bin_, name or "", _money(total)) for bin_, name, total in rows]


def counterparty_credits(company_id: int) -> dict[str, Decimal]:
    """Each counterparty's credit (by BIN): what it paid that no open invoice is owed for."""
    return {bin_: credit for bin_, _, credit in _credits(company_id)}


def _fold(groups: list[tuple], credits) -> tuple[dict, list[CounterpartyDebt], int]:
    """Buckets and per-counterparty debts from the (bin, bucket) groups, with the credits added."""
    buckets: dict[str, list] = {code: [ZERO, 0] for code, *_ in BUCKETS}
    debts: dict[str, CounterpartyDebt] = {}
    for bin_, name, code, total, count in groups:
        total = _money(total)
        buckets[code][0] += total
        buckets[code][1] += count
        debt = debts.setdefault(bin_, CounterpartyDebt(bin_, name or ""))
        debt.owed += total
        debt.open_invoices += count
        if code != "current":
            debt.overdue += total
    for bin_, name, credit in credits:
        debts.setdefault(bin_, CounterpartyDebt(bin_, name)).credit = credit
    ordered = sorted(debts.values(), key=lambda d: (-d.owed, -d.credit, d.bin))
    return buckets, ordered[:MAX_COUNTERPARTIES], len(ordered)


def _month_starts(today: date) -> list[tuple[int, int]]:
    year, month = today.year, today.month
    months = []
    for _ in range(MONTHS):
        months.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(months))


def _month_of(column):
    """SQL: `YYYY-MM` of a date column (dates are ISO text in SQLite; PostgreSQL formats them)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.substr(column, 1, 7)


def _months(company_id: int, today: date) -> list[MonthTotals]:
    starts = _month_starts(today)
    first = date(starts[0][0], starts[0][1], 1)
    issued_month = _month_of(LedgerInvoice.doc_date).label("month")
    issued = db.session.execute(
        select(issued_month, func.sum(LedgerInvoice.amount))
        .where(LedgerInvoice.company_id == company_id, LedgerInvoice.doc_date >= first,
               LedgerInvoice.doc_date <= today, LedgerInvoice.payment_status != "annulled")
        .group_by(issued_month)
    ).all()
    paid_month = _month_of(Payment.paid_on).label("month")
    paid = db.session.execute(
        select(paid_month, func.sum(Payment.amount))
        .where(Payment.company_id == company_id, Payment.deleted_at.is_(None),
               Payment.paid_on >= first, Payment.paid_on <= today)
        .group_by(paid_month)
    ).all()
    issued_by = {month: _money(v) for month, v in issued}
    paid_by = {month: _money(v) for month, v in paid}
    return [MonthTotals(y, m, issued_by.get(f"{y:04d}-{m:02d}", ZERO), paid_by.get(f"{y:04d}-{m:02d}", ZERO))
            for y, m in starts]


def receivables(company_id: int, today: date) -> Receivables:
    """The whole receivables page for the company as of `today` (Almaty)."""
    credits = _credits(company_id)
    buckets, counterparties, count = _fold(_open_by_counterparty_and_bucket(company_id, today), credits)
    late = [code for code, *_ in BUCKETS if code != "current"]
    return Receivables(
        today=today, owed=sum((amount for amount, _ in buckets.values()), ZERO),
        overdue=sum((buckets[code][0] for code in late), ZERO),
        open_count=sum(n for _, n in buckets.values()), overdue_count=sum(buckets[code][1] for code in late),
        credit=sum((c for _, _, c in credits), ZERO),
        buckets=[(code, label, *buckets[code]) for code, label, *_ in BUCKETS],
        counterparties=counterparties, counterparty_count=count, months=_months(company_id, today),
    )
