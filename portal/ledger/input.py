"""Reading a payment from a form or a JSON body into the values portal.ledger.payments takes.

Both kinds of caller send the same keys; a form sends text (`1 500,50`, `27.11.2026`), JSON
may send numbers. What cannot be read is a 400 naming its field; what can is then checked by
portal.ledger.payments (a positive amount, a known method, no date in the future).
"""
from typing import Mapping

from portal.errors import ValidationFailed
from portal.ledger.filters import parse_date
from portal.smart_docs.money import MoneyError, parse_price

FIELDS = ("paid_on", "amount", "method", "reference", "note")
TRUE = {True, "1", "true", "on", "yes"}


def wants_confirmation(data: Mapping) -> bool:
    """`confirm_overpayment`: a ticked box or JSON true."""
    value = data.get("confirm_overpayment")
    return value in TRUE if isinstance(value, (str, bool)) else False


def payment_values(data: Mapping, *, partial: bool = False) -> dict:
    """The payment's values from the request; `partial` (PATCH) reads only the keys that were sent."""
    errors: dict[str, list[str]] = {}
    values: dict = {}
    if not partial or "paid_on" in data:
        raw = data.get("paid_on")
        if not isinstance(raw, str) or not raw.strip():
            errors["paid_on"] = ["Укажите дату оплаты."]
        else:
            values["paid_on"] = parse_date(raw, "paid_on", errors)
    if not partial or "amount" in data:
        raw = data.get("amount")
        try:
            values["amount"] = parse_price(raw)
        except MoneyError as exc:
            errors["amount"] = [str(exc)]
    if not partial or "method" in data:
        method = data.get("method")
        values["method"] = method.strip() if isinstance(method, str) else method
    for name in ("reference", "note"):
        if not partial or name in data:
            raw = data.get(name)
            if raw is not None and not isinstance(raw, str):
                errors[name] = ["Ожидается строка."]
            else:
                values[name] = raw or ""
    if errors:
        raise ValidationFailed(errors)
    return values
