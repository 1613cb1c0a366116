"""A company's document settings and its notes on counterparties' VAT registration.

Read by documents (which VAT rates are allowed, which side of a price is exact) and by the
print context (the VAT invoice's «Свидетельство о постановке на регистрационный учет по НДС»).
"""
from sqlalchemy import select

from portal.extensions import db
from portal.models import CounterpartyVat, DocSettings
from portal.smart_docs.fields import MISSING, Input

VAT_KEYS = ("vat_series", "vat_number", "vat_date")
LIMITS = {"vat_series": 20, "vat_number": 30}


def doc_settings(company_id: int) -> DocSettings:
    """The company's settings; a company that never saved them gets the defaults (not stored)."""
    found = db.session.get(DocSettings, company_id)
    return found if found is not None else default_settings(company_id)


def default_settings(company_id: int) -> DocSettings:
    """The settings of a company that never saved any (not added to the session)."""
    return DocSettings(company_id=company_id, vat_payer=True, prices_include_vat=True,
                       vat_series="", vat_number="", vat_date=None)


def _flag(inp: Input, key: str, current: bool) -> bool | None:
    """A yes/no value: true or false (the page's checkboxes arrive as booleans too); null or
    absent keeps the saved value."""
    value = inp.raw(key)
    if value is MISSING or value is None:
        return current
    if isinstance(value, bool):
        return value
    inp.fail(key, "Ожидается true или false.")
    return None


def clean_vat_registration(inp: Input) -> dict:
    """Series, number and date of a VAT registration certificate (each optional)."""
    values = {key: inp.text(key, LIMITS[key], required=False) for key in ("vat_series", "vat_number")}
    values["vat_date"] = inp.date("vat_date")
    return values


def settings_input(obj: DocSettings) -> dict:
    """Saved settings as input keys (the base of a PATCH)."""
    return {
        "vat_payer": obj.vat_payer, "prices_include_vat": obj.prices_include_vat,
        "vat_series": obj.vat_series, "vat_number": obj.vat_number,
        "vat_date": obj.vat_date.isoformat() if obj.vat_date else None,
    }


def save_settings(company_id: int, data, partial: bool = False) -> DocSettings:
    """Validate and store the settings; a flag not sent keeps its value (the page sends both)."""
    current = doc_settings(company_id)
    inp = Input(data, base=settings_input(current) if partial else None)
    values = {key: _flag(inp, key, getattr(current, key)) for key in ("vat_payer", "prices_include_vat")}
    values.update(clean_vat_registration(inp))
    inp.raise_if_errors()
    if db.session.get(DocSettings, company_id) is None:
        db.session.add(current)
    for name, value in values.items():
        setattr(current, name, value)
    db.session.commit()
    return current


def settings_json(obj: DocSettings) -> dict:
    """The settings as JSON."""
    return settings_input(obj)


def counterparty_vat(company_id: int, counterparty_id: int) -> CounterpartyVat | None:
    """What the company recorded about a counterparty's VAT registration, if anything."""
    return db.session.execute(
        select(CounterpartyVat).where(CounterpartyVat.company_id == company_id,
                                      CounterpartyVat.counterparty_id == counterparty_id)
    ).scalar_one_or_none()


def remember_counterparty_vat(company_id: int, counterparty_id: int, values: dict) -> None:
    """Keep a counterparty's VAT registration as the company last gave it (inside the caller's transaction)."""
    row = counterparty_vat(company_id, counterparty_id)
    if row is None:
        if not any(values.values()):
            return
        row = CounterpartyVat(company_id=company_id, counterparty_id=counterparty_id)
        db.session.add(row)
    row.vat_series, row.vat_number, row.vat_date = values["vat_series"] or "", values["vat_number"] or "", values["vat_date"]


def registration(obj) -> dict:
    """A VAT registration (settings or counterparty note, or None) as the print context shows it."""
    if obj is None:
        return {"series": "", "number": "", "date": None}
    return {"series": obj.vat_series, "number": obj.vat_number, "date": obj.vat_date}
