"""The print context: everything a PDF template shows, as a plain dict built from a smart document.

Templates never touch models, so the same templates render from a test's dict, a benchmark's
dict or a real document; money comes from part 1's totals (the only place sums are computed),
this module only splits the document's VAT across lines for the forms that print it per line.
"""
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import Company, PhoneNumber
from portal.models.smart_docs import SmartDocument
from portal.smart_docs.money import round_tiyn
from portal.smart_docs.types import DOC_TYPES
from portal.smart_docs.words import amount_in_words, count_in_words

TITLES = {
    "ip": "Счет на оплату",
    "aw": "Акт выполненных работ (оказанных услуг)",
    "wb": "Накладная на отпуск запасов на сторону",
    "co": "Коммерческое предложение",
    "in": "Счет-фактура",
}
# Short names for files: `Счет_на_оплату_2026-000123.pdf`.
FILE_TITLES = {
    "ip": "Счет_на_оплату",
    "aw": "Акт_выполненных_работ",
    "wb": "Накладная_З-2",
    "co": "Коммерческое_предложение",
    "in": "Счет-фактура",
}


def _first_phone(company_id):
    """The company's first phone number, as a scalar subquery."""
    return (
        select(PhoneNumber.phone_number).where(PhoneNumber.company_id == company_id)
        .order_by(PhoneNumber.id).limit(1).scalar_subquery()
    )


SIGNER_RELATIONS = ("executor_actor", "customer_actor", "responsible_actor", "head_actor", "accountant_actor")


def load_for_print(doc: SmartDocument) -> tuple[str, str]:
    """Load the beneficiary, the signers and both parties' first phones in one round trip.

    Lazy loading fetched the beneficiary, each signer and each party's phone one query at a time
    (three to eight round trips, ~0.5 ms each on PostgreSQL). Here the document row comes back
    once more with them joined; attributes already loaded in the session are left as they are.
    The lines are the one other query the context makes. Returns (supplier's, buyer's) phone.
    """
    statement = (
        select(SmartDocument, _first_phone(SmartDocument.company_id), _first_phone(SmartDocument.counterparty_id))
        .where(SmartDocument.id == doc.id)
        .options(
            joinedload(SmartDocument.beneficiary),
            *(joinedload(getattr(SmartDocument, name)) for name in SIGNER_RELATIONS),
        )
    )
    _, supplier_phone, buyer_phone = db.session.execute(statement).unique().one()
    return supplier_phone or "", buyer_phone or ""


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


def allocate_vat(total_vat: Decimal, sums: list[Decimal]) -> list[Decimal]:
    """Split the document's VAT across lines in proportion to their sums, to the tiyn.

    Largest-remainder rounding makes the line amounts add up to the document's VAT exactly,
    so the per-line column of the waybill and the VAT invoice agrees with its total row.
    """
    total = sum(sums, Decimal("0"))
    if not total or not total_vat:
        return [Decimal("0.00") for _ in sums]
    tiyn_total = int((total_vat * 100).to_integral_value(rounding=ROUND_HALF_UP))
    exact = [Decimal(tiyn_total) * s / total for s in sums]
    floors = [int(value) for value in exact]
    left = tiyn_total - sum(floors)
    order = sorted(range(len(sums)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in order[:left]:
        floors[i] += 1
    return [Decimal(value) / 100 for value in floors]


def _lines(doc: SmartDocument) -> list[dict]:
    """One row per line item, in the document's order, with what every form may print."""
    kind = DOC_TYPES[doc.doc_type].lines
    rows: list[dict] = []
    for n, line in enumerate(getattr(doc, kind.relation), start=1):
        item = line.work if kind.name == "work" else line.product
        quantity = line.subject_left if kind.name == "waybill" else line.count
        rows.append({
            "n": n,
            "code": item.public_id,
            "name": item.name,
            "description": "",
            "unit": item.measure,
            "quantity": quantity,
            "quantity_requested": line.subject_to_leave if kind.name == "waybill" else quantity,
            "price": line.price,
            "sum": line.total_sum,
            "date": getattr(line, "date_of_completion", None),
            "report": getattr(line, "another_info", "") or "",
        })
    vats = allocate_vat(doc.nds_sum, [row["sum"] for row in rows])
    for row, vat in zip(rows, vats):
        row["nds"] = vat
        row["sum_without_nds"] = row["sum"] - vat
        row["price_without_nds"] = round_tiyn(row["sum_without_nds"] / row["quantity"]) if row["quantity"] else row["price"]
    return rows


def build_context(doc: SmartDocument) -> dict:
    """The print context of a document, without the issue's number, doc_id and QR (added later)."""
    kind = DOC_TYPES[doc.doc_type]
    supplier_phone, buyer_phone = load_for_print(doc)
    lines = _lines(doc)
    beneficiary = None
    if doc.beneficiary is not None:
        b = doc.beneficiary
        beneficiary = {
            "name": b.beneficiary, "bin": doc.company.bin, "bank": b.beneficiary_bank,
            "iik": b.iik, "bik": b.bic, "kbe": b.kbe, "knp": b.knp,
        }
    total = doc.total_sum
    return {
        "type": doc.doc_type,
        "title": TITLES[doc.doc_type],
        "date": doc.date,
        "supplier": party(doc.company, supplier_phone),
        "buyer": party(doc.counterparty, buyer_phone),
        "contract": doc.contract or "Без договора",
        "lines": lines,
        "total": total,
        "nds_percent": doc.nds_percent,
        "nds_sum": doc.nds_sum,
        "total_without_nds": total - doc.nds_sum,
        "line_count": len(lines),
        "total_quantity": sum(row["quantity"] for row in lines),
        "total_requested": sum(row["quantity_requested"] for row in lines),
        "amount_words": amount_in_words(total),
        "quantity_words": count_in_words(sum(row["quantity"] for row in lines)),
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
    }


def stamp(context: dict, *, number: str, doc_id: str, verify_url: str, qr: str, issued_at: datetime) -> dict:
    """Add what the issue itself decides: number, doc_id, verification URL and QR, issue time."""
    return {**context, "number": number, "doc_id": doc_id, "verify_url": verify_url, "qr": qr, "issued_at": issued_at}


def context_year(context: dict) -> int:
    """The numbering year: the document's own date (a December invoice issued in January keeps its year)."""
    value = context["date"]
    return value.year if isinstance(value, date) else date.today().year
