"""Quantities of a line: up to three decimals (2,5 часа, 12,350 кг, 0,75 м³).

Stored as whole thousandths in a BIGINT (like money in tiyn), so SQLite and PostgreSQL keep
them exact; Python sees Decimal. JSON answers an integer when the quantity is whole (as the
seed shows `"count": 6`) and a number with up to three decimals otherwise.
"""
from decimal import Decimal, InvalidOperation

from sqlalchemy import BigInteger
from sqlalchemy.types import TypeDecorator

THOUSANDTH = Decimal("0.001")
MAX_QUANTITY = Decimal("1000000")
MESSAGE = "Укажите количество числом, например 2 или 2.5 (не больше трёх знаков после запятой)."


class QuantityError(ValueError):
    """A quantity that cannot be accepted; the message is shown to the user."""


class Quantity(TypeDecorator):
    """A Decimal quantity stored as an integer number of thousandths."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Decimal → integer thousandths (values are validated to three places before)."""
        if value is None:
            return None
        return int((Decimal(value) * 1000).to_integral_value())

    def process_result_value(self, value, dialect):
        """Integer thousandths → Decimal without trailing zeros (`2.5`, `6`)."""
        if value is None:
            return None
        return normal(Decimal(int(value)) / 1000)


def normal(value: Decimal) -> Decimal:
    """The same quantity without trailing zeros and never in exponent form (`6`, not `6E+0`)."""
    value = Decimal(value).quantize(THOUSANDTH).normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def parse_quantity(raw, minimum: Decimal = Decimal("0.001")) -> Decimal:
    """A quantity from JSON (int, number) or a form / string (`"2,5"`), within bounds.

    Floats are read through their shortest repr, so `0.1` is 0.1 and `1.2345` is refused for
    its four decimals like the string would be; booleans, NaN and infinities are refused.
    """
    if isinstance(raw, bool) or raw is None:
        raise QuantityError(MESSAGE)
    if isinstance(raw, float):
        raw = repr(raw)
    if isinstance(raw, int):
        raw = str(raw)
    if not isinstance(raw, str):
        raise QuantityError(MESSAGE)
    text = raw.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not text or len(text) > 30:
        raise QuantityError(MESSAGE)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise QuantityError(MESSAGE) from None
    if not value.is_finite():
        raise QuantityError(MESSAGE)
    if value < minimum:
        if minimum > 0:
            raise QuantityError("Количество должно быть больше нуля.")
        raise QuantityError("Количество не может быть отрицательным.")
    if value > MAX_QUANTITY:
        raise QuantityError(f"Не больше {MAX_QUANTITY:,} единиц.".replace(",", " "))
    if value != value.quantize(THOUSANDTH):
        raise QuantityError("Не больше трёх знаков после запятой.")
    return normal(value)


def quantity_json(value: Decimal | None):
    """A JSON integer when whole, else a JSON number with up to three decimals."""
    if value is None:
        return None
    value = normal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def quantity_text(value: Decimal | None) -> str:
    """A quantity as printed: `6`, `2,5`, `12,35`, with spaces between thousands (`1 250`)."""
    if value is None:
        return ""
    value = normal(value)
    whole, _, fraction = f"{value:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    grouped = f"{int(digits):,}".replace(",", "\u202f")
    return sign + grouped + ("," + fraction if fraction else "")
