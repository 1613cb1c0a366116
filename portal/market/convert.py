"""The KZT converter: exact Decimal arithmetic on the stored official rates.

Rules: a rate is KZT per one unit. X → KZT multiplies, KZT → X divides, X → Y goes through
KZT in one step (amount × rate_X ÷ rate_Y) so nothing is rounded twice; the result is
rounded half-up to 2 places, the effective rate is shown with 6.
"""
import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Mapping

from portal.market.service import RatesSnapshot, number_text

# The converter's choices, in the order people look for them.
CURRENCIES = ("KZT", "USD", "EUR", "RUB", "CNY")
MAX_AMOUNT = Decimal("999999999999.99")
AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")
SPACES = re.compile(r"[\s\u00a0\u202f']")
CENT = Decimal("0.01")
RATE_PLACES = Decimal("0.000001")


class ConversionInvalid(Exception):
    """Input that cannot be converted: `{"field": ["message"]}`."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class Conversion:
    """`amount` of `from_code` is `result` of `to_code` at `rate` (units of `to` per one `from`)."""

    amount: Decimal
    from_code: str
    to_code: str
    result: Decimal
    rate: Decimal
    rate_type: str
    source: str
    as_of: date

    @property
    def rate_text(self) -> str:
        """The effective rate as the page writes numbers."""
        return number_text(self.rate)


def parse_amount(raw: str | None) -> Decimal:
    """`1 000,5` or `1000.50` → Decimal('1000.50'); positive, at most 2 places."""
    text = SPACES.sub("", raw or "").replace(",", ".")
    if not text:
        raise ValueError("Введите сумму.")
    if not AMOUNT.match(text):
        raise ValueError("Введите число, например 1000 или 1000,50 (не больше двух знаков после запятой).")
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError("Введите число.") from exc
    if amount <= 0:
        raise ValueError("Сумма должна быть больше нуля.")
    if amount > MAX_AMOUNT:
        raise ValueError("Слишком большая сумма.")
    return amount.quantize(CENT)


def kzt_rates(snapshot: RatesSnapshot) -> dict[str, Decimal]:
    """KZT per unit for every currency the converter offers (KZT itself is 1)."""
    rates = {"KZT": Decimal(1)}
    rates.update({row.code: row.rate for row in snapshot.main})
    return rates


def convert(amount: Decimal, from_code: str, to_code: str, snapshot: RatesSnapshot) -> Conversion:
    """Convert with the snapshot's rates; ConversionInvalid for a currency it lacks."""
    rates = kzt_rates(snapshot)
    errors = {}
    for name, code in (("from", from_code), ("to", to_code)):
        if code not in rates:
            errors[name] = ["Выберите валюту из списка."]
    if not errors and from_code == to_code:
        errors["to"] = ["Выберите валюту, отличную от исходной."]
    if errors:
        raise ConversionInvalid(errors)
    result = (amount * rates[from_code] / rates[to_code]).quantize(CENT, rounding=ROUND_HALF_UP)
    rate = (rates[from_code] / rates[to_code]).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
    return Conversion(amount, from_code, to_code, result, rate, snapshot.rate_type, snapshot.source, snapshot.as_of)


def conversion_from(args: Mapping[str, str], snapshot: RatesSnapshot) -> Conversion:
    """Read `amount`, `from`, `to` from a query or form and convert; every bad field is named."""
    errors: dict[str, list[str]] = {}
    try:
        amount = parse_amount(args.get("amount"))
    except ValueError as exc:
        errors["amount"] = [str(exc)]
    codes = {name: (args.get(name) or "").strip().upper() for name in ("from", "to")}
    for name, code in codes.items():
        if code not in CURRENCIES:
            errors[name] = ["Выберите валюту из списка."]
    if errors:
        raise ConversionInvalid(errors)
    return convert(amount, codes["from"], codes["to"], snapshot)
