"""Money as Decimal: parsing what people and integrators send, and rounding to the tiyn."""
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

TIYN = Decimal("0.01")
# Prices above a billion tenge are typing mistakes, not goods; the cap also keeps sums in range.
MAX_PRICE = Decimal("999999999.99")


class MoneyError(ValueError):
    """A money value that cannot be accepted; the message is shown to the user."""


def round_tiyn(value: Decimal) -> Decimal:
    """Round to two places, half away from zero (half-up for the non-negative sums we keep)."""
    return Decimal(value).quantize(TIYN, rounding=ROUND_HALF_UP)


def parse_price(raw) -> Decimal:
    """Accept a non-negative amount with at most 2 decimals, given as a string or a number.

    Floats are read through their shortest repr (`21.5` → `21.5`), so a float that needs
    more than two places is refused like the equivalent string; booleans, NaN and infinities
    are refused too.
    """
    if isinstance(raw, bool) or raw is None:
        raise MoneyError("Укажите сумму числом, например 1500.00.")
    if isinstance(raw, float):
        raw = repr(raw)
    if isinstance(raw, int):
        raw = str(raw)
    if not isinstance(raw, str):
        raise MoneyError("Укажите сумму числом, например 1500.00.")
    text = raw.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not text or len(text) > 30:
        raise MoneyError("Укажите сумму числом, например 1500.00.")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise MoneyError("Укажите сумму числом, например 1500.00.") from None
    if not value.is_finite():
        raise MoneyError("Сумма должна быть конечным числом.")
    if value < 0:
        raise MoneyError("Сумма не может быть отрицательной.")
    # The size check comes first: quantizing 1e308 would overflow Decimal's precision.
    if value > MAX_PRICE:
        raise MoneyError("Слишком большая сумма: не больше 999 999 999,99 ₸.")
    if value != value.quantize(TIYN, rounding=ROUND_HALF_UP):
        raise MoneyError("Не больше двух знаков после запятой (тиыны).")
    return value.quantize(TIYN)


def money_str(value: Decimal | None) -> str | None:
    """The JSON form of money: a string with exactly two places (`"21.00"`)."""
    if value is None:
        return None
    return f"{round_tiyn(value):.2f}"
