"""Reading the registry's filters from a query string: plain values or a 400 naming the field.

Nothing here touches the database; `portal.ledger.registry` turns the checked values into SQL,
and the old list of issued documents (`/smart_doc/documents/`) reads its period here too.
"""
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Mapping

from portal.errors import ValidationFailed
from portal.smart_docs.money import MoneyError, parse_price
from portal.smart_docs.types import DOC_TYPES

# Registry rows: issued documents (a status per invoice) and drafts (issued or not yet).
# Issued invoices for payment also filter by their payment state (portal.ledger.payments.STATES).
INVOICE_STATUSES = {
    "unpaid": "Счёт не оплачен",
    "partial": "Счёт частично оплачен",
    "paid": "Счёт оплачен",
    "overdue": "Счёт просрочен",
    "annulled": "Счёт аннулирован",
}
STATUSES = {
    "draft": "Черновик, не выпущен",
    "draft_issued": "Черновик, выпущен",
    "issued": "Выпущен",
    **INVOICE_STATUSES,
}
SORTS = {
    "-date": "сначала новые",
    "date": "сначала старые",
    "-amount": "сначала дороже",
    "amount": "сначала дешевле",
    "number": "по номеру",
}
KINDS = {"": "Всё", "issued": "Выпущенные", "drafts": "Черновики"}
# Every type an issued document can have: the five smart documents' and the ledger's акт сверки
# (portal.ledger.reconciliation.DOC_TYPE), which is issued without a draft.
REGISTRY_TYPES = {**{code: t.plural for code, t in DOC_TYPES.items()}, "rc": "Акты сверки"}
BIN_RE = re.compile(r"^\d{12}$")
MAX_TEXT = 100


def parse_date(raw: str | None, name: str, errors: dict[str, list[str]]) -> date | None:
    """`2026-11-26` or `26.11.2026`; blank is None; anything else is reported against `name`."""
    text = (raw or "").strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{2})\.(\d{2})\.(\d{4})", text)
    try:
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    errors[name] = ["Дата в виде ГГГГ-ММ-ДД или ДД.ММ.ГГГГ."]
    return None


def parse_period(args: Mapping, errors: dict[str, list[str]]) -> tuple[date | None, date | None]:
    """`date_from` and `date_to` (both inclusive); a period that ends before it starts is refused."""
    start = parse_date(args.get("date_from"), "date_from", errors)
    end = parse_date(args.get("date_to"), "date_to", errors)
    if start and end and end < start:
        errors["date_to"] = ["Конец периода раньше его начала."]
    return start, end


def period_only(args: Mapping) -> tuple[date | None, date | None]:
    """The period alone, or a 400 (the list of issued documents filters by nothing else new)."""
    errors: dict[str, list[str]] = {}
    period = parse_period(args, errors)
    if errors:
        raise ValidationFailed(errors)
    return period


def _amount(raw: str | None, name: str, errors: dict[str, list[str]]) -> Decimal | None:
    text = (raw or "").strip()
    if not text:
        return None
    try:
        return parse_price(text)
    except MoneyError as exc:
        errors[name] = [str(exc)]
        return None


def _text(raw: str | None, name: str, errors: dict[str, list[str]]) -> str:
    text = " ".join((raw or "").split())
    if len(text) > MAX_TEXT:
        errors[name] = [f"Не больше {MAX_TEXT} символов."]
        return ""
    return text


@dataclass(frozen=True)
class RegistryFilters:
    """What the registry was asked to show; every value already checked."""

    kind: str = ""
    doc_type: str = ""
    date_from: date | None = None
    date_to: date | None = None
    counterparty: str = ""
    number: str = ""
    status: str = ""
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    sort: str = "-date"
    errors: dict = field(default_factory=dict, compare=False)

    @property
    def counterparty_bin(self) -> str | None:
        """A 12-digit counterparty text is a BIN, anything else part of a name."""
        return self.counterparty if BIN_RE.match(self.counterparty) else None

    def query_args(self) -> dict[str, str]:
        """The filters as query parameters (the export links keep exactly these)."""
        values = {
            "kind": self.kind, "type": self.doc_type, "counterparty": self.counterparty, "number": self.number,
            "status": self.status, "sort": "" if self.sort == "-date" else self.sort,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "amount_min": f"{self.amount_min:.2f}" if self.amount_min is not None else "",
            "amount_max": f"{self.amount_max:.2f}" if self.amount_max is not None else "",
        }
        return {key: value for key, value in values.items() if value}


def read_filters(args: Mapping) -> RegistryFilters:
    """Check every filter; the errors are kept on the result (the page shows them beside the fields)."""
    errors: dict[str, list[str]] = {}
    kind = (args.get("kind") or "").strip()
    if kind not in KINDS:
        errors["kind"] = ["Что показать: issued (выпущенные) или drafts (черновики)."]
        kind = ""
    doc_type = (args.get("type") or "").strip()
    if doc_type and doc_type not in REGISTRY_TYPES:
        errors["type"] = ["Тип документа: " + ", ".join(REGISTRY_TYPES) + "."]
        doc_type = ""
    status = (args.get("status") or "").strip()
    if status and status not in STATUSES:
        errors["status"] = ["Статус: " + ", ".join(STATUSES) + "."]
        status = ""
    sort = (args.get("sort") or "-date").strip()
    if sort not in SORTS:
        errors["sort"] = ["Сортировка: " + ", ".join(SORTS) + "."]
        sort = "-date"
    date_from, date_to = parse_period(args, errors)
    amount_min = _amount(args.get("amount_min"), "amount_min", errors)
    amount_max = _amount(args.get("amount_max"), "amount_max", errors)
    if amount_min is not None and amount_max is not None and amount_max < amount_min:
        errors["amount_max"] = ["Верхняя граница суммы меньше нижней."]
    return RegistryFilters(
        kind=kind, doc_type=doc_type, date_from=date_from, date_to=date_to,
        counterparty=_text(args.get("counterparty"), "counterparty", errors),
        number=_text(args.get("number"), "number", errors), status=status,
        amount_min=amount_min, amount_max=amount_max, sort=sort, errors=errors,
    )
