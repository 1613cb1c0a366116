"""Line sums, the VAT columns of every row, document totals: the only place money is computed.

One function, `price_rows`, gives every row its columns so that they agree exactly, as the
VAT invoice prints them: цена без НДС × количество = стоимость без НДС, стоимость без НДС +
НДС = стоимость с НДС; the totals are the sums of the rows, and the document's VAT («В том
числе НДС») is the VAT column's total. The company setting «Цены включают НДС» (on by default)
decides, as in 1C, which side is exact:

- prices include VAT: the price and cost with VAT are exact (price × quantity); the price
  without VAT is the price less its VAT, rounded to the tiyn, the cost without VAT that price
  × quantity, and the row's VAT what is left between the two costs;
- prices exclude VAT: the price and cost without VAT are exact; the row's VAT is rate % of the
  cost, and the cost with VAT their sum.

Every rounding is half-up to the tiyn. The builder, the JSON totals and every printed form
call this module, so they cannot disagree.
"""
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Sequence

from portal.smart_docs.money import round_tiyn

ZERO = Decimal("0.00")
# (first day, rate) pairs in date order; overridable with the SMART_DOCS_VAT_SCHEDULE setting.
DEFAULT_VAT_SCHEDULE: tuple[tuple[str, int], ...] = (("1900-01-01", 12), ("2026-01-01", 16))
# The rates the tax code allows from a date (standard, reduced, zero); see
# /work/shared/reference/kazakhstan.md: 12% (and 0%) before 2026; from 2026-01-01 16%, the
# reduced 5% (medicines, medical services, 2026 only) and 10% (periodicals; medicines from 2027), 0%.
# Overridable with the SMART_DOCS_VAT_RATES setting.
DEFAULT_VAT_RATES: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("1900-01-01", (12, 0)),
    ("2026-01-01", (16, 10, 5, 0)),
    ("2027-01-01", (16, 10, 0)),
)
VAT_CHOICES = (16, 12, 10, 5, 0)


def line_sum(price: Decimal, quantity) -> Decimal:
    """The sum of one line: unit price × quantity (up to three decimals), to the tiyn."""
    return round_tiyn(Decimal(price) * Decimal(quantity))


def vat_included(total: Decimal, rate: int) -> Decimal:
    """The VAT contained in a VAT-inclusive total at `rate` percent (0 gives 0)."""
    if not rate:
        return ZERO
    return round_tiyn(Decimal(total) * Decimal(rate) / (Decimal(100) + Decimal(rate)))


def _in_force(on: dt.date, schedule: Sequence[tuple[str, object]]):
    """The value of a dated schedule on a day (the first entry's before the schedule starts)."""
    ordered = sorted(schedule)
    value = ordered[0][1]
    for start, entry in ordered:
        if on >= dt.date.fromisoformat(start):
            value = entry
    return value


def default_vat_rate(on: dt.date, schedule: Sequence[tuple[str, int]] | None = None) -> int:
    """The standard VAT rate in force on a date."""
    return int(_in_force(on, schedule or DEFAULT_VAT_SCHEDULE))


def vat_schedule(config) -> Sequence[tuple[str, int]]:
    """The configured VAT schedule, or the built-in one."""
    return config.get("SMART_DOCS_VAT_SCHEDULE") or DEFAULT_VAT_SCHEDULE


def allowed_vat_rates(on: dt.date, config, vat_payer: bool = True) -> tuple[int, ...]:
    """The rates a document dated `on` may carry: only 0 («Без НДС») for a non-payer.

    The date's standard rate (from SMART_DOCS_VAT_SCHEDULE) is always allowed, so a changed
    schedule never refuses its own default.
    """
    if not vat_payer:
        return (0,)
    rates = tuple(int(r) for r in _in_force(on, config.get("SMART_DOCS_VAT_RATES") or DEFAULT_VAT_RATES))
    standard = default_vat_rate(on, vat_schedule(config))
    return rates if standard in rates else (standard, *rates)


@dataclass(frozen=True)
class PricedRow:
    """One row's money columns; `amount` is price × quantity on the side the price is given."""

    price: Decimal
    quantity: Decimal
    price_without_vat: Decimal
    without_vat: Decimal
    vat: Decimal
    with_vat: Decimal
    amount: Decimal


def price_row(price: Decimal, quantity, rate: int, prices_include_vat: bool = True) -> PricedRow:
    """The columns of one row at `rate` percent (see the module's docstring for which side is exact)."""
    price, quantity, rate = Decimal(price), Decimal(quantity), Decimal(int(rate))
    if prices_include_vat:
        with_vat = line_sum(price, quantity)
        price_without = round_tiyn(price * 100 / (100 + rate)) if rate else price
        without = line_sum(price_without, quantity)
        return PricedRow(price, quantity, price_without, without, with_vat - without, with_vat, with_vat)
    without = line_sum(price, quantity)
    vat = round_tiyn(without * rate / 100)
    return PricedRow(price, quantity, price, without, vat, without + vat, without)


@dataclass(frozen=True)
class Totals:
    """What a document shows under its table: sums of its rows' columns, lines and units."""

    total_sum: Decimal
    nds_percent: int
    nds_sum: Decimal
    line_count: int
    total_quantity: Decimal
    prices_include_vat: bool = True
    rows: tuple[PricedRow, ...] = ()

    @property
    def without_vat(self) -> Decimal:
        """The total less its VAT (the «стоимость без НДС» column's total)."""
        return self.total_sum - self.nds_sum

    @property
    def amount(self) -> Decimal:
        """The total of the sums beside the prices (`total_sum` when prices include VAT)."""
        return self.total_sum if self.prices_include_vat else self.without_vat

    @property
    def total_count(self) -> Decimal:
        """The original service's `total_count`: the number of units (not of lines)."""
        return self.total_quantity


def document_totals(lines: Iterable[tuple[Decimal, object]], rate: int, prices_include_vat: bool = True) -> Totals:
    """Totals from (unit price, quantity) pairs: every row priced, then the columns summed."""
    rows = tuple(price_row(price, quantity, rate, prices_include_vat) for price, quantity in lines)
    total = sum((row.with_vat for row in rows), ZERO)
    vat = sum((row.vat for row in rows), ZERO)
    quantity = sum((row.quantity for row in rows), Decimal(0))
    return Totals(total, int(rate), vat, len(rows), quantity, prices_include_vat, rows)
