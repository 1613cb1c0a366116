"""Data of the market pages: one function per page, used by its HTML and its JSON answer."""
from dataclasses import dataclass, field
from typing import Mapping

from sqlalchemy.orm import Session

from portal.market.chart import Chart, build_chart
from portal.market.convert import CURRENCIES, Conversion, ConversionInvalid, conversion_from
from portal.market.service import RatesSnapshot, latest_rates

NO_RATES = "Курсы валют ещё не загружены. Попробуйте позже."
NO_NEWS = "Новости ещё не загружены. Попробуйте позже."
SHORT_NAMES = {"KZT": "тенге", "USD": "доллар", "EUR": "евро", "RUB": "рубль", "CNY": "юань"}
CONVERTER_DEFAULTS = {"amount": "1000", "from": "USD", "to": "KZT"}


@dataclass
class Converter:
    """The converter form: what was typed, the result, and messages beside fields."""

    values: dict[str, str]
    result: Conversion | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    choices: tuple[tuple[str, str], ...] = tuple((code, f"{code} — {SHORT_NAMES[code]}") for code in CURRENCIES)


@dataclass
class CurrenciesPage:
    """The currencies page: latest rates, a chart per main currency, the converter."""

    snapshot: RatesSnapshot | None
    charts: list[Chart]
    converter: Converter


def currencies_page(args: Mapping[str, str], convert: bool = False, session: Session | None = None) -> CurrenciesPage:
    """Build the page; with `convert`, run the converter on `amount`, `from`, `to` from `args`."""
    snapshot = latest_rates(session, with_history=True)
    charts = []
    if snapshot is not None:
        charts = [chart for code, history in snapshot.history.items() if (chart := build_chart(code, history))]
    if convert:
        # A field the request does not name takes the form's default: /market/convert/ opened
        # from a link (no arguments) shows the default conversion instead of «Выберите валюту».
        values = {name: (args.get(name, default) or "").strip()[:40] for name, default in CONVERTER_DEFAULTS.items()}
    else:
        values = dict(CONVERTER_DEFAULTS)
    converter = Converter(values=values)
    if convert and snapshot is not None:
        try:
            converter.result = conversion_from(values, snapshot)
        except ConversionInvalid as exc:
            converter.errors = exc.errors
    return CurrenciesPage(snapshot=snapshot, charts=charts, converter=converter)
