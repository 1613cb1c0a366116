"""Line sums, document totals and VAT: the only place the portal computes money.

Kazakh documents state VAT *included* in the total: VAT = total × rate / (100 + rate),
rounded half-up to the tiyn. The default rate follows the document's date (12% before
2026-01-01, 16% from then), read from configuration so a future change is a setting.
"""
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Sequence

from portal.smart_docs.money import round_tiyn

# (first day, rate) pairs in date order; overridable with the SMART_DOCS_VAT_SCHEDULE setting.
DEFAULT_VAT_SCHEDULE: tuple[tuple[str, int], ...] = (("1900-01-01", 12), ("2026-01-01", 16))
VAT_CHOICES = (16, 12, 10, 5, 0)


def line_sum(price: Decimal, quantity: int) -> Decimal:
    """The sum of one line: unit price × quantity, to the tiyn."""
    return round_tiyn(Decimal(price) * int(quantity))


def vat_included(total: Decimal, rate: int) -> Decimal:
    """The VAT contained in a VAT-inclusive total at `rate` percent (0 gives 0)."""
    if not rate:
        return Decimal("0.00")
    return round_tiyn(Decimal(total) * Decimal(rate) / (Decimal(100) + Decimal(rate)))


def default_vat_rate(on: dt.date, schedule: Sequence[tuple[str, int]] | None = None) -> int:
    """The standard VAT rate in force on a date."""
    rate = None
    for start, value in sorted(schedule or DEFAULT_VAT_SCHEDULE):
        if on >= dt.date.fromisoformat(start):
            rate = value
    return rate if rate is not None else sorted(schedule or DEFAULT_VAT_SCHEDULE)[0][1]


def vat_schedule(config) -> Sequence[tuple[str, int]]:
    """The configured VAT schedule, or the built-in one."""
    return config.get("SMART_DOCS_VAT_SCHEDULE") or DEFAULT_VAT_SCHEDULE


@dataclass(frozen=True)
class Totals:
    """What a document shows under its table."""

    total_sum: Decimal
    nds_percent: int
    nds_sum: Decimal
    total_count: int
    total_quantity: int

    @property
    def without_vat(self) -> Decimal:
        """The total less its VAT."""
        return self.total_sum - self.nds_sum


def document_totals(lines: Iterable[tuple[Decimal, int]], rate: int) -> Totals:
    """Totals from (line sum, quantity) pairs: the grand total, its VAT, lines and units."""
    pairs = list(lines)
    total = round_tiyn(sum((Decimal(s) for s, _ in pairs), Decimal("0")))
    quantity = sum(int(q) for _, q in pairs)
    return Totals(total, int(rate), vat_included(total, rate), len(pairs), quantity)
