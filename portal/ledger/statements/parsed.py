"""What every statement reader produces, and the values they share (amounts, dates, BINs).

A reader never writes: it turns bytes into `ParsedStatement` or raises `StatementError`
naming the line of the file (1-based, as an editor counts) and what is wrong there.
"""
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from portal.smart_docs.money import round_tiyn

MAX_AMOUNT = Decimal("99999999999999.99")  # what Numeric(16, 2) keeps


class StatementError(ValueError):
    """A file that cannot be read; `line` is the file's line (or the table's row) at fault."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(f"Строка {line}: {message}" if line else message)


@dataclass
class ParsedLine:
    """One bank operation as read from the file, before it is stored."""

    position: int
    op_date: date
    direction: str  # "in" or "out"
    amount: Decimal
    doc_number: str = ""
    payer_name: str = ""
    payer_bin: str = ""
    payer_account: str = ""
    purpose: str = ""
    knp: str = ""

    def line_hash(self) -> str:
        return operation_hash(self.op_date, self.direction, self.amount, self.doc_number, self.payer_bin,
                              self.payer_account, self.purpose)


def operation_hash(op_date: date, direction: str, amount: Decimal, doc_number: str, payer_bin: str,
                   payer_account: str, purpose: str) -> str:
    """What identifies an operation at the bank, whatever file, format or position it comes in: its
    date, direction, amount, the payer (BIN; its account only when there is no BIN) and the payment
    order's number (leading zeros dropped). A bank's 1C file and its CSV/XLSX word the purpose
    differently («в т.ч. НДС» added, clipped) and a CSV may carry no account, so with those in it
    the same payment read as two; only a line without a number is told apart by its purpose.
    Migration 0221 re-keys the lines already stored with a copy of this."""
    number = doc_number.strip().lstrip("0")
    payer = payer_bin or payer_account.replace(" ", "").upper()
    parts = ["2", op_date.isoformat(), direction, f"{amount:.2f}", payer, number]
    if not number:
        parts.append(" ".join(purpose.split()).lower())
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass
class ParsedStatement:
    file_format: str
    lines: list[ParsedLine]
    account: str = ""
    bank: str = ""
    period_start: date | None = None
    period_end: date | None = None
    warnings: list[str] = field(default_factory=list)


def parse_amount(raw, line: int, name: str = "сумма") -> Decimal:
    """`1500.00`, `1 500,00`, `1500` or a number cell; at most 2 decimals (tiyn)."""
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        value = Decimal(str(raw))
    else:
        text = str(raw or "").strip().replace("\u00a0", "").replace(" ", "").replace("\u202f", "")
        text = text.replace("₸", "").replace("KZT", "")
        if "," in text and "." in text:
            text = text.replace(",", "")  # 1,500.00: the comma groups thousands
        text = text.replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise StatementError(f"{name} «{raw}» — не число.", line) from None
    if not value.is_finite() or abs(value) > MAX_AMOUNT:
        raise StatementError(f"{name} «{raw}» вне допустимого.", line)
    if value != round_tiyn(value):
        raise StatementError(f"{name} «{raw}»: больше двух знаков после запятой.", line)
    return round_tiyn(value)


_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M",
                 "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def parse_date(raw, line: int, name: str = "дата") -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw or "").strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise StatementError(f"{name} «{text}» — ожидается ДД.ММ.ГГГГ.", line)


def clean_bin(raw) -> str:
    """A BIN/IIN is 12 digits; anything else (blank, a Russian INN) is kept as nothing to match on."""
    digits = re.sub(r"\D", "", str(raw or ""))
    return digits if len(digits) == 12 else ""


def clip(text, size: int) -> str:
    return " ".join(str(text or "").split())[:size]
