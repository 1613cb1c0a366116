"""Issued and paid per month as paired bars, computed on the server and drawn as inline SVG.

The same approach as the market's rate charts (portal.market.chart): geometry here,
`ledger/_chart.html` writes the SVG with presentation attributes only (the CSP forbids inline
style), so the chart needs no JavaScript and prints as it shows.
"""
from dataclasses import dataclass
from decimal import Decimal

from portal.ledger.receivables import MonthTotals

WIDTH, HEIGHT = 720, 240
# On a phone the chart is drawn narrower, so its text stays readable when scaled to the screen.
COMPACT_WIDTH, COMPACT_HEIGHT = 340, 220
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 64, 18, 12, 26


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: Decimal


@dataclass(frozen=True)
class MonthBars:
    label: str
    center: float
    issued: Bar
    paid: Bar


@dataclass(frozen=True)
class MonthChart:
    width: int
    height: int
    months: list[MonthBars]
    ticks: list[tuple[float, Decimal]]
    plot_left: int
    plot_right: int
    plot_bottom: int
    high: Decimal


def _nice_top(value: Decimal) -> Decimal:
    """A round upper bound (1, 2 or 5 × 10ⁿ) at or above the largest bar, so ticks read easily."""
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def build_month_chart(months: list[MonthTotals], width: int = WIDTH, height: int = HEIGHT,
                      label_every: int = 1) -> MonthChart:
    """Two bars per month (issued, paid) on one linear scale from zero; every `label_every`-th
    month is named under the axis (the phone's narrower chart names every other one)."""
    largest = max([m.issued for m in months] + [m.paid for m in months] + [Decimal(0)])
    high = _nice_top(largest)
    left, right, top, bottom = PAD_LEFT, width - PAD_RIGHT, PAD_TOP, height - PAD_BOTTOM
    slot = (right - left) / max(len(months), 1)
    bar = slot * 0.36

    def bar_at(x: float, value: Decimal) -> Bar:
        h = float(value / high) * (bottom - top)
        return Bar(x, bottom - h, bar, h, value)

    placed = []
    for i, month in enumerate(months):
        center = left + slot * (i + 0.5)
        label = month.label if (len(months) - 1 - i) % label_every == 0 else ""
        placed.append(MonthBars(label, center, bar_at(center - bar, month.issued), bar_at(center, month.paid)))
    # Nothing issued or paid yet: no scale (quarters of the placeholder top would read «1, 1, 0, 0»).
    ticks = [(bottom - (bottom - top) * k / 4, high * k / 4) for k in range(1, 5)] if largest > 0 else []
    return MonthChart(width, height, placed, ticks, left, right, bottom, high)


def short_money(value: Decimal) -> str:
    """Axis labels: `1,5 млн`, `250 тыс`, `900`."""
    if value >= 1_000_000:
        text, unit = f"{value / 1_000_000:.1f}", " млн"
    elif value >= 1_000:
        text, unit = f"{value / 1_000:.0f}", " тыс"
    else:
        text, unit = f"{value:.0f}", ""
    return text.replace(".0", "").replace(".", ",") + unit
