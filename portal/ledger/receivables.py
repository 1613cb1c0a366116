"""Who owes the company what: totals, per counterparty with credits, aging, and issued vs paid by month.

Read from the running totals (portal.models.ledger_totals), a few hundred rows whatever the number
of invoices, instead of summing every open invoice per request: the aging buckets are range sums
over the totals per due date (bound dates today − 30, − 60, − 90 rather than date arithmetic,
which SQLite and PostgreSQL spell differently), the months are twelve rows, the counterparties a
page of their totals. The one date-dependent figure the totals cannot hold, a counterparty's
overdue part, is its owed minus what is not due yet: the open invoices due today or later (the
recent ones, a small index range) for the page's counterparties.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, literal, or_, select, union_all

from portal.extensions import db
from portal.models.ledger import LedgerInvoice
from portal.models.ledger_totals import LedgerCounterpartyTotal, LedgerDueTotal, LedgerMonthTotal
from portal.ledger.sums import tenge, tiyn_sum
from portal.paging import Page, PageRequest

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
COUNTERPARTIES_PAGE = 50
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
    counterparties: Page  # of CounterpartyDebt, those owing most first
    months: list[MonthTotals] = field(default_factory=list)

    @property
    def counterparty_count(self) -> int:
        return self.counterparties.count


OPEN = ("unpaid", "partial")


def _bucket_ranges(today: date) -> list[tuple[str, list]]:
    """Each aging bucket as conditions on the due date (NO_DUE, «no due date», is never past due)."""
    due = LedgerDueTotal.due_date
    edges = [today - timedelta(days=n) for n in (30, 60, 90)]
    return [
        ("current", [due >= today]),
        ("d0_30", [due < today, due >= edges[0]]),
        ("d31_60", [due < edges[0], due >= edges[1]]),
        ("d61_90", [due < edges[1], due >= edges[2]]),
        ("d90_plus", [due < edges[2]]),
    ]


def _buckets(company_id: int, today: date) -> dict[str, list]:
    """Owed and count per aging bucket: one range sum per bucket, in one statement."""
    t = LedgerDueTotal
    parts = [select(literal(code).label("bucket"), func.sum(t.owed), func.sum(t.open_count))
             .where(t.company_id == company_id, *conditions) for code, conditions in _bucket_ranges(today)]
    found = {code: [tenge(total), int(count or 0)] for code, total, count in db.session.execute(union_all(*parts)).all()}
    return {code: found.get(code, [ZERO, 0]) for code, *_ in BUCKETS}


def _not_due(company_id: int, bins: list[str], today: date) -> dict[str, Decimal]:
    """Per counterparty of `bins`: what its open invoices due today or later still owe."""
    inv = LedgerInvoice
    rows = db.session.execute(
        select(inv.counterparty_bin, tiyn_sum(inv.amount) - tiyn_sum(inv.paid))
        .where(inv.company_id == company_id, inv.payment_status.in_(OPEN), inv.due_date >= today,
               inv.counterparty_bin.in_(bins))
        .group_by(inv.counterparty_bin)
    ).all()
    return {bin_: tenge(left) for bin_, left in rows}


def _listed():
    t = LedgerCounterpartyTotal
    return or_(t.open_count > 0, t.credit > 0)


def _counterparties(company_id: int, today: date, page: PageRequest) -> Page:
    """A page of the counterparties that owe or have a credit, those owing most first."""
    t = LedgerCounterpartyTotal
    where = [t.company_id == company_id, _listed()]
    count = db.session.execute(select(func.count()).select_from(t).where(*where)).scalar_one()
    rows = db.session.execute(
        select(t).where(*where).order_by(t.owed.desc(), t.credit.desc(), t.counterparty_bin)
        .offset(page.offset).limit(page.page_size)
    ).scalars().all()
    not_due = _not_due(company_id, [r.counterparty_bin for r in rows if r.owed > r.undated], today)
    debts = [CounterpartyDebt(
        r.counterparty_bin, r.counterparty_name or "", owed=tenge(r.owed), open_invoices=r.open_count,
        credit=tenge(r.credit), overdue=tenge(r.owed - r.undated) - not_due.get(r.counterparty_bin, ZERO),
    ) for r in rows]
    return Page(items=debts, count=count, page=page.page, page_size=page.page_size)


def counterparty_credits(company_id: int) -> dict[str, Decimal]:
    """Each counterparty's credit (by BIN): what it paid that no open invoice is owed for."""
    t = LedgerCounterpartyTotal
    rows = db.session.execute(
        select(t.counterparty_bin, t.credit).where(t.company_id == company_id, t.credit > 0)).all()
    return {bin_: tenge(credit) for bin_, credit in rows}


def _month_starts(today: date) -> list[tuple[int, int]]:
    year, month = today.year, today.month
    months = []
    for _ in range(MONTHS):
        months.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(months))


def _months(company_id: int, today: date) -> list[MonthTotals]:
    starts = _month_starts(today)
    t = LedgerMonthTotal
    rows = db.session.execute(
        select(t.month, t.issued, t.paid).where(t.company_id == company_id, t.month >= date(*starts[0], 1),
                                                t.month <= date(*starts[-1], 1))
    ).all()
    found = {(month.year, month.month): (issued, paid) for month, issued, paid in rows}
    return [MonthTotals(y, m, *(tenge(v) for v in found.get((y, m), (0, 0)))) for y, m in starts]


def _total_credit(company_id: int) -> Decimal:
    t = LedgerCounterpartyTotal
    return tenge(db.session.execute(
        select(func.sum(t.credit)).where(t.company_id == company_id, t.credit > 0)).scalar_one())


def receivables(company_id: int, today: date, page: PageRequest | None = None) -> Receivables:
    """The receivables page for the company as of `today` (Almaty), with one page of counterparties."""
    buckets = _buckets(company_id, today)
    late = [code for code, *_ in BUCKETS if code != "current"]
    return Receivables(
        today=today, owed=sum((amount for amount, _ in buckets.values()), ZERO),
        overdue=sum((buckets[code][0] for code in late), ZERO),
        open_count=sum(n for _, n in buckets.values()), overdue_count=sum(buckets[code][1] for code in late),
        credit=_total_credit(company_id),
        buckets=[(code, label, *buckets[code]) for code, label, *_ in BUCKETS],
        counterparties=_counterparties(company_id, today, page or PageRequest(1, COUNTERPARTIES_PAGE)),
        months=_months(company_id, today),
    )
