"""Who owes the company what: totals, per counterparty with credits, aging, and issued vs paid by month.

Every figure is summed by the database over a covering index, as index ranges rather than
GROUP BYs that sort (SQLite sorts a GROUP BY in a temporary B-tree, 5–8× slower than summing
ranges): the aging buckets and the twelve months are one range sum each, UNION ALL'd into one
statement; the counterparties are grouped by an index that is already in counterparty order;
the credits are the few rows with credit > 0. Aging compares due dates with bound dates (today − 30, − 60, − 90)
instead of date arithmetic, which SQLite and PostgreSQL spell differently.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import and_, case, func, literal, or_, select, union_all

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


def _bucket_ranges(today: date) -> list[tuple[str, list]]:
    """Each aging bucket as conditions on due_date (an index range, no per-row CASE)."""
    due = LedgerInvoice.due_date
    edges = [today - timedelta(days=n) for n in (30, 60, 90)]
    return [
        ("current", [or_(due.is_(None), due >= today)]),
        ("d0_30", [due < today, due >= edges[0]]),
        ("d31_60", [due < edges[0], due >= edges[1]]),
        ("d61_90", [due < edges[1], due >= edges[2]]),
        ("d90_plus", [due < edges[2]]),
    ]


def _money(value) -> Decimal:
    return round_tiyn(Decimal(value or 0))


def _buckets(company_id: int, today: date) -> dict[str, list]:
    """Owed and count per aging bucket: one range sum per bucket, in one statement."""
    left = LedgerInvoice.amount - LedgerInvoice.paid
    parts = [select(literal(code).label("bucket"), func.sum(left), func.count())
             .where(LedgerInvoice.company_id == company_id, LedgerInvoice.payment_status.in_(OPEN), *conditions)
             for code, conditions in _bucket_ranges(today)]
    found = {code: [_money(total), count] for code, total, count in db.session.execute(union_all(*parts)).all()}
    return {code: found.get(code, [ZERO, 0]) for code, *_ in BUCKETS}


def _debts(company_id: int, today: date) -> list[tuple]:
    """(bin, name, owed, overdue, count) per counterparty and open status: each status streams
    its index in counterparty order, so the database groups without sorting."""
    inv = LedgerInvoice
    left = inv.amount - inv.paid
    late = case((and_(inv.due_date.is_not(None), inv.due_date < today), left), else_=0)
    parts = [select(inv.counterparty_bin, func.max(inv.counterparty_name), func.sum(left), func.sum(late), func.count())
             .where(inv.company_id == company_id, inv.payment_status == status).group_by(inv.counterparty_bin)
             for status in OPEN]
    return db.session.execute(union_all(*parts)).all()


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


def _counterparties(groups: list[tuple], credits) -> tuple[list[CounterpartyDebt], int]:
    """Per-counterparty debts from the groups, with the credits added, those owing most first."""
    debts: dict[str, CounterpartyDebt] = {}
    for bin_, name, owed, late, count in groups:
        debt = debts.setdefault(bin_, CounterpartyDebt(bin_, name or ""))
        debt.owed += _money(owed)
        debt.overdue += _money(late)
        debt.open_invoices += count
    for bin_, name, credit in credits:
        debts.setdefault(bin_, CounterpartyDebt(bin_, name)).credit = credit
    ordered = sorted(debts.values(), key=lambda d: (-d.owed, -d.credit, d.bin))
    return ordered[:MAX_COUNTERPARTIES], len(ordered)


def _month_starts(today: date) -> list[tuple[int, int]]:
    year, month = today.year, today.month
    months = []
    for _ in range(MONTHS):
        months.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(months))


def _month_sums(column, amount, where: list, starts: list[tuple[int, int]], today: date) -> dict:
    """Sum of `amount` per month: one index range per month in one statement (no GROUP BY sort)."""
    parts = []
    for i, (year, month) in enumerate(starts):
        first = date(year, month, 1)
        after = date(year + month // 12, month % 12 + 1, 1)
        parts.append(select(literal(i).label("n"), func.sum(amount))
                     .where(*where, column >= first, column < after, column <= today))
    return {n: _money(total) for n, total in db.session.execute(union_all(*parts)).all()}


def _months(company_id: int, today: date) -> list[MonthTotals]:
    starts = _month_starts(today)
    issued = _month_sums(LedgerInvoice.doc_date, LedgerInvoice.amount,
                         [LedgerInvoice.company_id == company_id, LedgerInvoice.payment_status != "annulled"],
                         starts, today)
    paid = _month_sums(Payment.paid_on, Payment.amount, [Payment.company_id == company_id, Payment.deleted_at.is_(None)],
                       starts, today)
    return [MonthTotals(y, m, issued.get(i, ZERO), paid.get(i, ZERO)) for i, (y, m) in enumerate(starts)]


def receivables(company_id: int, today: date) -> Receivables:
    """The whole receivables page for the company as of `today` (Almaty)."""
    credits = _credits(company_id)
    buckets = _buckets(company_id, today)
    counterparties, count = _counterparties(_debts(company_id, today), credits)
    late = [code for code, *_ in BUCKETS if code != "current"]
    return Receivables(
        today=today, owed=sum((amount for amount, _ in buckets.values()), ZERO),
        overdue=sum((buckets[code][0] for code in late), ZERO),
        open_count=sum(n for _, n in buckets.values()), overdue_count=sum(buckets[code][1] for code in late),
        credit=sum((c for _, _, c in credits), ZERO),
        buckets=[(code, label, *buckets[code]) for code, label, *_ in BUCKETS],
        counterparties=counterparties, counterparty_count=count, months=_months(company_id, today),
    )
