"""Reading a JSON body or a submitted form into clean values, collecting per-field errors.

Every smart-doc write goes through `Input`: it never raises on the first problem, so the
caller gets every message at once as a 400 `{"field": ["message"]}` and nothing is saved.
"""
import datetime as dt
import re
from decimal import Decimal
from typing import Any, Callable, Mapping

from portal.errors import ValidationFailed
from portal.models.base import PUBLIC_ID_RE
from portal.smart_docs.money import MoneyError, parse_price
from portal.smart_docs.quantity import QuantityError, parse_quantity

REQUIRED = "Обязательное поле."
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)
MISSING = object()


class Input:
    """One payload being validated; `base` supplies current values for a partial update."""

    def __init__(self, data: Mapping, base: Mapping | None = None):
        if not isinstance(data, Mapping):
            raise ValidationFailed({"non_field_errors": ["Ожидается JSON-объект с полями."]})
        self.data = dict(base or {})
        self.data.update({key: data[key] for key in data})
        self.errors: dict[str, list[str]] = {}

    def raw(self, key: str):
        """The value sent for `key`, or MISSING."""
        return self.data.get(key, MISSING)

    def fail(self, key: str, message: str) -> None:
        """Record a message for a field."""
        self.errors.setdefault(key, []).append(message)

    def has_error(self, key: str) -> bool:
        """Whether `key` already failed."""
        return key in self.errors

    def raise_if_errors(self) -> None:
        """Stop with a 400 when anything failed."""
        if self.errors:
            raise ValidationFailed(self.errors)

    def text(self, key: str, max_len: int, required: bool = True, default: str = "") -> str | None:
        """A string, trimmed; blank counts as missing."""
        value = self.raw(key)
        if value is MISSING or value is None:
            value = ""
        if not isinstance(value, str):
            self.fail(key, "Ожидается строка.")
            return None
        value = value.strip()
        if not value:
            if required:
                self.fail(key, "Поле не может быть пустым." if self.raw(key) not in (MISSING, None) else REQUIRED)
                return None
            return default
        if len(value) > max_len:
            self.fail(key, f"Не длиннее {max_len} символов (сейчас {len(value)}).")
            return None
        if "\x00" in value or not _encodable(value):
            # NUL and lone UTF-16 surrogates (possible in JSON "\ud800") cannot be stored.
            self.fail(key, "Недопустимые символы в тексте.")
            return None
        return value

    def money(self, key: str) -> Any:
        """A non-negative amount with at most two decimals."""
        value = self.raw(key)
        if value is MISSING or value is None or value == "":
            self.fail(key, REQUIRED)
            return None
        try:
            return parse_price(value)
        except MoneyError as exc:
            self.fail(key, str(exc))
            return None

    def integer(self, key: str, minimum: int, maximum: int, default: int | None = None) -> int | None:
        """A whole number within bounds; `default` makes the field optional."""
        value = self.raw(key)
        if value is MISSING or value is None or value == "":
            if default is None:
                self.fail(key, REQUIRED)
            return default
        number = _as_int(value)
        if number is None:
            self.fail(key, "Ожидается целое число.")
            return None
        if not minimum <= number <= maximum:
            self.fail(key, f"Допустимо от {minimum} до {maximum}.")
            return None
        return number

    def quantity(self, key: str, minimum: Decimal = Decimal("0.001"), default: Decimal | None = None) -> Decimal | None:
        """A quantity with up to three decimals, at least `minimum`; `default` makes it optional."""
        value = self.raw(key)
        if value is MISSING or value is None or value == "":
            if default is None:
                self.fail(key, REQUIRED)
            return default
        try:
            return parse_quantity(value, minimum)
        except QuantityError as exc:
            self.fail(key, str(exc))
            return None

    def percent(self, key: str) -> int | None:
        """A VAT rate as a whole percent: `16`, `16.0`, `"16"` or the original service's `"16.00"`."""
        value = self.raw(key)
        if isinstance(value, str) and re.fullmatch(r"\s*\d{1,2}(\.0{1,2})?\s*", value):
            return int(Decimal(value.strip()))
        number = _as_int(value)
        if number is None or not 0 <= number <= 99:
            self.fail(key, "Ставка НДС — целое число процентов, например 16 или \"16.00\".")
            return None
        return number

    def date(self, key: str, required: bool = False, default: dt.date | None = None) -> dt.date | None:
        """A calendar date `YYYY-MM-DD` between 2000 and 2100."""
        value = self.raw(key)
        if value is MISSING or value is None or value == "":
            if required and default is None:
                self.fail(key, REQUIRED)
            return default
        if not isinstance(value, str) or not DATE_RE.match(value.strip()):
            self.fail(key, "Дата в формате ГГГГ-ММ-ДД, например 2026-11-26.")
            return None
        try:
            parsed = dt.date.fromisoformat(value.strip())
        except ValueError:
            self.fail(key, "Такой даты не существует.")
            return None
        if not EARLIEST <= parsed <= LATEST:
            self.fail(key, "Дата должна быть между 2000 и 2100 годом.")
            return None
        return parsed

    def public_id(self, key: str, required: bool = True) -> str | None:
        """An object id: 8 lowercase hex characters."""
        value = self.raw(key)
        if value is MISSING or value is None or value == "":
            if required:
                self.fail(key, REQUIRED)
            return None
        if not isinstance(value, str) or not PUBLIC_ID_RE.match(value.strip().lower()):
            self.fail(key, "Ожидается id из 8 шестнадцатеричных символов.")
            return None
        return value.strip().lower()

    def id_list(self, key: str, max_items: int) -> list[str] | None:
        """A non-empty list of distinct object ids."""
        value = self.raw(key)
        if value is MISSING or value is None:
            self.fail(key, REQUIRED)
            return None
        if not isinstance(value, list):
            self.fail(key, "Ожидается список id.")
            return None
        if not value:
            self.fail(key, "Добавьте хотя бы одну позицию.")
            return None
        if len(value) > max_items:
            self.fail(key, f"Не больше {max_items} позиций в документе.")
            return None
        ids = []
        for item in value:
            if not isinstance(item, str) or not PUBLIC_ID_RE.match(item.strip().lower()):
                self.fail(key, "Каждый элемент — id из 8 шестнадцатеричных символов.")
                return None
            ids.append(item.strip().lower())
        if len(set(ids)) != len(ids):
            self.fail(key, "Одна и та же позиция указана дважды.")
            return None
        return ids

    def check(self, key: str, clean: Callable[[str], str], max_len: int = 100) -> str | None:
        """A required string passed through a cleaner that raises ValueError with a message."""
        value = self.text(key, max_len=max_len)
        if value is None:
            return None
        try:
            return clean(value)
        except ValueError as exc:
            self.fail(key, str(exc))
            return None


def _encodable(text: str) -> bool:
    """Whether the text is valid Unicode that UTF-8 (and so the database) can hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _as_int(value) -> int | None:
    """An int from JSON (int, integral float) or a form (digits); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 1e15 else None
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"-?\d{1,15}", text):
            return int(text)
    return None
