"""Builders for the recurring-documents and reminders tests (no tests here)."""
from datetime import date

from tests.test_documents_support import BENEFICIARY, post


def template_invoice(client, headers, buyer, name="Аренда офиса {период}", price="150000.00", doc_date="2026-11-05",
                     expire="2026-11-15") -> dict:
    """An invoice for payment with one line whose name carries the period, due 10 days after its date."""
    beneficiary = post(client, headers, "beneficiaries/", BENEFICIARY)
    product = post(client, headers, "products/", {"name": name, "description": "", "measure": "мес",
                                                  "manufacturer": "", "image": None, "price": price})
    line = post(client, headers, "product_count/", {"product": product["id"], "count": 1})
    return post(client, headers, "invoices_for_payment/", {
        "date": doc_date, "contract": "Договор аренды № 7 {период}", "buyer": buyer.public_id,
        "product_counts": [line["id"]], "beneficiary": beneficiary["id"], "date_of_expire": expire,
        "payment_condition": "Оплата до 15 {месяца}"})


def schedule_body(source: dict, start: date, **extra) -> dict:
    return {"doc_type": "ip", "source": source["id"], "start_date": start.isoformat(), "day": start.day,
            "every_months": 1, "action": "issue", **extra}
