"""A line chart of a currency's last 30 days, computed on the server and drawn as inline SVG.

This module only does the geometry; `market/_chart.html` writes the SVG with presentation
attributes (the Content-Security-Policy forbids inline `style`), so no JavaScript is needed.
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

WIDTH, HEIGHT = 260, 140
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 46, 8, 10, 22


@dataclass(frozen=True)
class ChartPoint:
    """One day on the chart."""

    x: float
    y: float
    day: date
    value: Decimal


@dataclass(frozen=True)
class Chart:
    """Everything the template needs to draw one chart."""

    code: str
    width: int
    height: int
    points: list[ChartPoint]
    low: Decimal
    high: Decimal
    ticks: list[tuple[float, Decimal]]
    plot_left: int
    plot_right: int
    plot_bottom: int

    @property
    def polyline(self) -> str:
        """The `points` attribute of the line."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def area(self) -> str:
        """The line closed down to the axis, for a soft fill under it."""
        if not self.points:
            return ""
        first, last = self.points[0], self.points[-1]
        return f"{self.polyline} {last.x:.1f},{self.plot_bottom} {first.x:.1f},{self.plot_bottom}"

    @property
    def first(self) -> ChartPoint:
        """The oldest day."""
        return self.points[0]

    @property
    def last(self) -> ChartPoint:
        """The latest day."""
        return self.points[-1]


def _bounds(values: list[Decimal]) -> tuple[Decimal, Decimal]:
    """Min and max with a little headroom; a flat line gets ±0.5% so it sits mid-chart."""
    low, high = min(values), max(values)
    spread = high - low
    pad = spread * Decimal("0.1") if spread else (abs(high) * Decimal("0.005") or Decimal(1))
    return low - pad, high + pad


def build_chart(code: str, history: list[tuple[date, Decimal]], width: int = WIDTH, height: int = HEIGHT) -> Chart | None:
    """Place each day by its date (gaps stay gaps) and each rate on a linear scale."""
    if len(history) < 2:
        return None
    low, high = _bounds([value for _, value in history])
    left, right = PAD_LEFT, width - PAD_RIGHT
    top, bottom = PAD_TOP, height - PAD_BOTTOM
    first_day, last_day = history[0][0], history[-1][0]
    span_days = max(1, (last_day - first_day).days)

    def y_of(value: Decimal) -> float:
        """Higher rates higher up (SVG's y grows downwards)."""
        return bottom - float((value - low) / (high - low)) * (bottom - top)

    points = [
        ChartPoint(x=left + (day - first_day).days / span_days * (right - left), y=y_of(value), day=day, value=value)
        for day, value in history
    ]
    ticks = [(y_of(value), value) for value in (low + (high - low) * k / 4 for k in range(1, 4))]
    return Chart(code, width, height, points, low, high, ticks, left, right, bottom)
