"""The print context: everything a PDF template shows, as a plain dict built from a smart document.

Templates never touch models, so the same templates render from a test's dict, a benchmark's
dict or a real document; every money column comes from portal.smart_docs.totals (the only
place sums are computed), so the printed rows and totals are the saved document's.
"""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import Company, CounterpartyVat, DocSettings, PhoneNumber
from portal.models.smart_docs import SmartDocument
from portal.smart_docs.settings import default_settings, registration
from portal.smart_docs.totals import Totals, document_totals
from portal.smart_docs.types import DOC_TYPES
from portal.smart_docs.words import amount_in_words, count_in_words

TITLES = {
    "ip": "Счёт на оплату",
    "aw": "Акт выполненных работ (оказанных услуг)",
    "wb": "Накладная на отпуск запасов на сторону",
    "co": "Коммерческое предложение",
    "in": "Счёт-фактура",
}
# Short names for files: `Счёт_на_оплату_2026-000123.pdf`.
FILE_TITLES = {
    "ip": "Счёт_на_оплату",
    "aw": "Акт_выполненных_работ",
    "wb": "Накладная_З-2",
    "co": "Коммерческое_предложение",
    "in": "Счёт-фактура",
    "rc": "Акт_сверки",
}


def _first_phone(company_id):
    """The company's first phone number, as a scalar subquery."""
    return (
        select(PhoneNumber.phone_number).where(PhoneNumber.company_id == company_id)
        .order_by(PhoneNumber.id).limit(1).scalar_subquery()
    )


SIGNER_RELATIONS = ("executor_actor", "customer_actor", "responsible_actor", "head_actor", "accountant_actor")


def load_for_print(doc: SmartDocument) -> tuple[str, str, DocSettings | None, CounterpartyVat | None]:
    """Load the beneficiary, the signers and both parties' first phones in one round trip.

    Lazy loading fetched the beneficiary, each signer and each party's phone one query at a time
    (three to eight round trips, ~0.5 ms each on PostgreSQL). Here the document row comes back
    once more with them joined; attributes already loaded in the session are left as they are.
    The lines are the one other query the context makes. Returns (supplier's, buyer's) phone, the
    company's document settings and its note of the buyer's VAT registration (None when absent).
    """
    statement = (
        select(SmartDocument, _first_phone(SmartDocument.company_id), _first_phone(SmartDocument.counterparty_id),
               DocSettings, CounterpartyVat)
        .outerjoin(DocSettings, DocSettings.company_id == SmartDocument.company_id)
        .outerjoin(CounterpartyVat, and_(CounterpartyVat.company_id == SmartDocument.company_id,
                                         CounterpartyVat.counterparty_id == SmartDocument.counterparty_id))
        .where(SmartDocument.id == doc.id)
        .options(
            joinedload(SmartDocument.beneficiary),
            *(joinedload(getattr(SmartDocument, name)) for name in SIGNER_RELATIONS),
        )
    )
    _, supplier_phone, buyer_phone, settings, buyer_vat = db.session.execute(statement).unique().one()
    return supplier_phone or "", buyer_phone or "", settings, buyer_vat


def party(company: Company | None, phone: str = "") -> dict:
    """Name, BIN, address and phone of a directory company, as printed."""
    if company is None:
        return {"name": "", "bin": "", "address": "", "phone": "", "director": ""}
    return {
        "name": company.company_name,
        "bin": company.bin,
        "address": company.address or company.address_ex or "",
        "phone": phone,
        "director": company.director or "",
    }


def _person(actor) -> dict | None:
    """A signer from the actor catalogue: name and position (the actor's role)."""
    if actor is None:
        return None
    return {"name": actor.full_name, "position": actor.role}


def _lines(doc: SmartDocument, prices_include_vat: bool) -> tuple[list[dict], Totals]:
    """One row per line item, in the document's order, with what every form may print.

    The money columns come from portal.smart_docs.totals.document_totals, the function the
    document's saved totals and the builder use, so every printed row satisfies its identities.
    """
    kind = DOC_TYPES[doc.doc_type].lines
    lines = getattr(doc, kind.relation)
    quantities = [line.subject_left if kind.name == "waybill" else line.count for line in lines]
    totals = document_totals(zip((line.price for line in lines), quantities), doc.nds_percent, prices_include_vat)
    rows: list[dict] = []
    for n, (line, quantity, priced) in enumerate(zip(lines, quantities, totals.rows), start=1):
        item = line.work if kind.name == "work" else line.product
        rows.append({
            "n": n,
            "code": item.code or "",
            "name": item.name,
            "description": "",
            "unit": item.measure,
            "unit_code": item.measure_code or "",
            "quantity": quantity,
            "quantity_requested": line.subject_to_leave if kind.name == "waybill" else quantity,
            "price": line.price,
            "sum": priced.amount,
            "price_without_nds": priced.price_without_vat,
            "sum_without_nds": priced.without_vat,
            "nds": priced.vat,
            "sum_with_nds": priced.with_vat,
            "date": getattr(line, "date_of_completion", None),
            "report": getattr(line, "another_info", "") or "",
        })
    return rows, totals


def contract_text(doc: SmartDocument) -> str:
    """«№ 12 от 01.02.2026»: the contract as typed, with its date when one is given."""
    text = doc.contract or "Без договора"
    if doc.contract_date and text != "Без договора":
        return f"{text} от {doc.contract_date:%d.%m.%Y}"
    return text


def build_context(doc: SmartDocument) -> dict:
    """The print context of a document, without the issue's number, doc_id and QR (added later)."""
    kind = DOC_TYPES[doc.doc_type]
    supplier_phone, buyer_phone, settings, buyer_vat = load_for_print(doc)
    settings = settings or default_settings(doc.company_id)
    lines, totals = _lines(doc, settings.prices_include_vat)
    units = {row["unit"] for row in lines}
    beneficiary = None
    if doc.beneficiary is not None:
        b = doc.beneficiary
        beneficiary = {
            "name": b.beneficiary, "bin": doc.company.bin, "bank": b.beneficiary_bank,
            "iik": b.iik, "bik": b.bic, "kbe": b.kbe, "knp": b.knp,
        }
    total = totals.total_sum
    return {
        "type": doc.doc_type,
        "title": TITLES[doc.doc_type],
        "date": doc.date,
        "supplier": party(doc.company, supplier_phone),
        "buyer": party(doc.counterparty, buyer_phone),
        "contract": contract_text(doc),
        "lines": lines,
        "total": total,
        "nds_percent": doc.nds_percent,
        "nds_sum": totals.nds_sum,
        "total_without_nds": totals.without_vat,
        # The total beside the prices: with VAT when prices include it, else without.
        "lines_total": totals.amount,
        "prices_include_vat": settings.prices_include_vat,
        "vat_payer": settings.vat_payer,
        "line_count": len(lines),
        # A quantity column is summed only when every line counts the same unit; otherwise «х».
        "same_unit": len(units) == 1,
        "total_quantity": totals.total_quantity,
        "total_requested": sum((row["quantity_requested"] for row in lines), Decimal(0)),
        "amount_words": amount_in_words(total),
        # Units that differ do not add up: the words stay blank like the «х» in the total row.
        "quantity_words": count_in_words(totals.total_quantity) if len(units) == 1 else "",
        "beneficiary": beneficiary or {"name": "", "bin": "", "bank": "", "iik": "", "bik": "", "kbe": "", "knp": ""},
        "terms": {
            "date_of_expire": doc.date_of_expire if "date_of_expire" in kind.terms else None,
            "delivery_time": doc.delivery_time,
            "payment_condition": doc.payment_condition,
            "receive_type": doc.receive_type,
            "receive_address": doc.receive_address,
        },
        "signers": {name.removesuffix("_actor"): _person(getattr(doc, name)) for name in SIGNER_RELATIONS},
        "transport_company": doc.transport_company,
        "ttn": doc.ttn,
        "proxy": doc.proxy,
        "proxy_holder": doc.proxy_holder,
        "stock_used": doc.stock_used,
        "vat_invoice": vat_invoice_context(doc, settings, buyer_vat),
    }


def vat_invoice_context(doc: SmartDocument, settings, buyer_vat) -> dict:
    """What the VAT invoice prints besides the common parts (empty values print as blanks)."""
    return {
        "supplier_vat": registration(settings),
        "buyer_vat": registration(buyer_vat),
        "consignor": doc.consignor,
        "consignee": doc.consignee,
        "shipping_method": doc.shipping_method,
        "destination": doc.receive_address,
        "payment_terms": doc.payment_condition,
        "proxy": doc.proxy,
        "proxy_date": doc.proxy_date,
        "proxy_holder": doc.proxy_holder,
    }


def stamp(context: dict, *, number: str, doc_id: str, verify_url: str, qr: str, issued_at: datetime) -> dict:
    """Add what the issue itself decides: number, doc_id, verification URL and QR, issue time."""
    return {**context, "number": number, "doc_id": doc_id, "verify_url": verify_url, "qr": qr, "issued_at": issued_at}


def context_year(context: dict) -> int:
    """The numbering year: the document's own date (a December invoice issued in January keeps its year)."""
    value = context["date"]
    return value.year if isinstance(value, date) else date.today().year
