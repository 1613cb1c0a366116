"""Document fields added for the printed forms (issue #17): the VAT rate a date allows, the
original service's spellings, and the buyer's VAT registration read through `buyer_` keys."""
from flask import current_app

from portal.models import SmartDocument
from portal.smart_docs.fields import MISSING, Input
from portal.smart_docs.settings import counterparty_vat, doc_settings
from portal.smart_docs.totals import allowed_vat_rates, default_vat_rate, vat_schedule
from portal.smart_docs.types import DocType


def _given(value) -> bool:
    """Whether a value was sent and is not blank."""
    return value is not MISSING and value is not None and value != ""


def rate_words(rates) -> str:
    """`16%, 10%, 5%, 0%` — the allowed rates as a message lists them."""
    return ", ".join(f"{rate}%" for rate in rates)


def clean_rate(inp: Input, on, company_id: int) -> int | None:
    """The VAT rate: as sent (if the tax code allows it on the date), else the date's standard one.

    A company that is not a VAT payer has only «Без НДС» (0).
    """
    settings = doc_settings(company_id)
    if not _given(inp.raw("nds_percent")):
        if on is None:
            return None
        return default_vat_rate(on, vat_schedule(current_app.config)) if settings.vat_payer else 0
    rate = inp.percent("nds_percent")
    if rate is None or on is None:
        return None
    allowed = allowed_vat_rates(on, current_app.config, settings.vat_payer)
    if rate not in allowed:
        if not settings.vat_payer:
            inp.fail("nds_percent", "Компания не плательщик НДС (настройки документов): только «Без НДС», 0.")
        else:
            inp.fail("nds_percent", f"Ставка {rate}% не применяется на {on:%d.%m.%Y}; допустимы: {rate_words(allowed)}.")
        return None
    return rate


def with_aliases(kind: DocType, data):
    """The original service's spellings read as the portal's: `products` for `product_counts`."""
    if not isinstance(data, dict) or kind.lines_key != "product_counts":
        return data
    if "products" in data and "product_counts" not in data:
        data = {**data, "product_counts": data["products"]}
    return data


class _Prefixed(Input):
    """An Input that reads and reports `<prefix><key>` (the buyer's `buyer_vat_series`)."""

    def __init__(self, inner: Input, prefix: str):
        self.inner, self.prefix = inner, prefix
        self.errors = inner.errors

    def raw(self, key: str):
        return self.inner.raw(self.prefix + key)

    def fail(self, key: str, message: str) -> None:
        self.inner.fail(self.prefix + key, message)


def prefixed(inp: Input, prefix: str) -> Input:
    """`inp` seen through a key prefix."""
    return _Prefixed(inp, prefix)


def buyer_vat_input(doc: SmartDocument) -> dict:
    """The tenant's note of the counterparty's VAT registration, as `buyer_vat_*` keys."""
    note = counterparty_vat(doc.company_id, doc.counterparty_id)
    return {
        "buyer_vat_series": note.vat_series if note else "",
        "buyer_vat_number": note.vat_number if note else "",
        "buyer_vat_date": note.vat_date.isoformat() if note and note.vat_date else None,
    }
