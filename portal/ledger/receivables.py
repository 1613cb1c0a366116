"""Who owes the company what: totals, per counterparty with credits, aging, and issued vs paid by month.

Every figure is one GROUP BY in the database over the company's ledger rows (the open ones by
the index on company, annulled_at, paid_at), so the page costs a handful of statements whatever
the number of invoices. Aging compares due dates with bound dates (today − 30, − 60, − 90)
instead of date arithmetic, which SQLite and PostgreSQL spell differently.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import and_, case, extract, func, or_, select

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


def _open(company_id: int) -> list:
    return [LedgerInvoice.company_id == company_id, LedgerInvoice.annulled_at.is_(None),
            LedgerInvoice.paid_at.is_(None)]


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


def _buckets(company_id: int, today: date) -> dict[str, tuple[Decimal, int]]:
    bucket = _bucket_case(today).label("bucket")
    rows = db.session.execute(
        select(bucket, func.sum(LedgerInvoice.amount - LedgerInvoice.paid), func.count())
        .where(*_open(company_id)).group_by(bucket)
    ).all()
    return {code: (_money(total), count) for code, total, count in rows}


def _counterparties(company_id: int, today: date, credits) -> tuple[list[CounterpartyDebt], int]:
    overdue = and_(LedgerInvoice.due_date.is_not(None), LedgerInvoice.due_date < today)
    left = LedgerInvoice.amount - LedgerInvoice.paid
    owed = func.sum(left)
    rows = db.session.execute(
        select(LedgerInvoice.counterparty_bin, func.max(LedgerInvoice.counterparty_name), owed,
               func.sum(case((overdue, left), else_=0)), func.count())
        .where(*_open(company_id)).group_by(LedgerInvoice.counterparty_bin)
        .order_by(owed.desc(), LedgerInvoice.counterparty_bin)
    ).all()
    debts = {bin_: CounterpartyDebt(bin_, name or "", _money(total), _money(late), count)
             for bin_, name, total, late, count in rows}
    for bin_, name, credit in credits:
        debt = debts.setdefault(bin_, CounterpartyDebt(bin_, name or ""))
        debt.credit = credit
    ordered = sorted(debts.values(), key=lambda d: (-d.owed, -d.credit, d.bin))
    return ordered[:MAX_COUNTERPARTIES], len(ordered)


def _credits(company_id: int) -> list[tuple[str, str, Decimal]]:
    """Per counterparty: paid above invoices' amounts, plus everything paid on annulled invoices."""
    excess = case((LedgerInvoice.annulled_at.is_not(None), LedgerInvoice.paid),
                  else_=LedgerInvoice.paid - LedgerInvoice.amount)
    rows = db.session.execute(
        select(LedgerInvoice.counterparty_bin, func.max(LedgerInvoice.counterparty_name), func.sum(excess))
        .where(LedgerInvoice.company_id == company_id, LedgerInvoice.paid > 0,
               or_(LedgerInvoice.annulled_at.is_not(None), LedgerInvoice.paid > LedgerInvoice.amount))
        .group_by(LedgerInvoice.counterparty_bin)
    ).all()
    return [(bin_, name, _money(total)) for bin_, name, total in rows if _money(total) > 0]


def counterparty_credits(company_id: int) -> dict[str, Decimal]:
    """Each counterparty's credit (by BIN): what it paid that no open invoice is owed for."""
    return {bin_: credit for bin_, _, credit in _credits(company_id)}


def _month_starts(today: date) -> list[tuple[int, int]]:
    year, month = today.year, today.month
    months = []
    for _ in range(MONTHS):
        months.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(months))


def _months(company_id: int, today: date) -> list[MonthTotals]:
    starts = _month_starts(today)
    first = date(starts[0][0], starts[0][1], 1)
    year_i, month_i = extract("year", LedgerInvoice.doc_date), extract("month", LedgerInvoice.doc_date)
    issued = db.session.execute(
        select(year_i, month_i, func.sum(LedgerInvoice.amount))
        .where(LedgerInvoice.company_id == company_id, LedgerInvoice.annulled_at.is_(None),
               LedgerInvoice.doc_date >= first, LedgerInvoice.doc_date <= today)
        .group_by(year_i, month_i)
    ).all()
    year_p, month_p = extract("year", Payment.paid_on), extract("month", Payment.paid_on)
    paid = db.session.execute(
        select(year_p, month_p, func.sum(Payment.amount))
        .where(Payment.company_id == company_id, Payment.deleted_at.is_(None),
               Payment.paid_on >= first, Payment.paid_on <= today)
        .group_by(year_p, month_p)
    ).all()
    issued_by = {(int(y), int(m)): _money(v) for y, m, v in issued}
    paid_by = {(int(y), int(m)): _money(v) for y, m, v in paid}
    return [MonthTotals(y, m, issued_by.get((y, m), ZERO), paid_by.get((y, m), ZERO)) for y, m in starts]


def receivables(company_id: int, today: date) -> Receivables:
    """The whole receivables page for the company as of `today` (Almaty)."""
    buckets = _buckets(company_id, today)
    owed = sum((total for total, _ in buckets.values()), ZERO)
    late = [code for code, *_ in BUCKETS if code != "current"]
    overdue = sum((buckets.get(code, (ZERO, 0))[0] for code in late), ZERO)
    overdue_count = sum(buckets.get(code, (ZERO, 0))[1] for code in late)
    credits = _credits(company_id)
    counterparties, count = _counterparties(company_id, today, credits)
    credit = sum((c for _, _, c in credits), ZERO)
    return Receivables(
        today=today, owed=owed, overdue=overdue, open_count=sum(n for _, n in buckets.values()),
        overdue_count=overdue_count, credit=credit,
        buckets=[(code, label, *buckets.get(code, (ZERO, 0))) for code, label, *_ in BUCKETS],
        counterparties=counterparties, counterparty_count=count, months=_months(company_id, today),
    )
