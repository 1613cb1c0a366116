"""Shared builders for the issued-documents tests (no tests here).

Source documents are made through part 1's JSON API (the integrators' contract), so these
tests exercise the same path as a real client.
"""
import subprocess

import pytest

from portal.extensions import db
from portal.models import Staff
from tests import factories

BASE = "/smart_doc"
KAZAKH = "әғқңөұүһі"
BENEFICIARY = {
    "beneficiary": 'ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"', "beneficiary_bank": 'АО "CAPITAL BANK KAZAKHSTAN"',
    "PIC": "KZ417812870193980012", "BIC": "TBKBKZKA", "KBe": "17", "Knp": "710",
}
PRODUCTS = [
    ("Ноутбук ASUS Vivobook 15", "1500.00", 2),
    ("Қағаз A4 «Өркен» (ұя, үй, һ, і, ғ, ң, ә)", "250.50", 3),
    ("Монитор Samsung 24\"", "89990.99", 1),
]
WORKS = [
    ("Монтаж сети в офисе «Бәйтерек»", "45000.00", 1),
    ("Баптау жұмыстары (ә, ғ, қ, ң, ө, ұ, ү, һ, і)", "12500.50", 2),
]


def post(client, headers, path, body, status=201):
    """POST JSON and check the status; returns the JSON answer."""
    response = client.post(f"{BASE}/{path}", json=body, headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def staff_of_user(user) -> Staff:
    return db.session.query(Staff).filter_by(user_id=user.id).one()


def make_buyer(name='ТОО "ҚАЙРАТ ӨРКЕН ЖҰЛДЫЗ"'):
    """The counterparty: a directory company with Kazakh letters in its name."""
    return factories.make_company(name=name, address="Г.АСТАНА, РАЙОН ЕСИЛЬ, ПРОСПЕКТ МӘҢГІЛІК ЕЛ, 8")


def make_sources(client, headers, buyer) -> dict[str, dict]:
    """One source document of each of the five types (JSON as part 1 returns it)."""
    actor = post(client, headers, "actors/", {"full_name": "Боранбаев Азамат Кайратович", "role": "Менеджер"})
    accountant = post(client, headers, "actors/", {"full_name": "Омарова Дана Серікқызы", "role": "Главный бухгалтер"})
    customer = post(client, headers, "actors/", {"full_name": "Жақсыбекова Гүлнар", "role": "Директор заказчика"})
    beneficiary = post(client, headers, "beneficiaries/", BENEFICIARY)
    lines, waybill_lines, work_lines = [], [], []
    for name, price, count in PRODUCTS:
        product = post(client, headers, "products/", {"name": name, "description": "", "measure": "шт",
                                                      "manufacturer": "", "image": None, "price": price})
        lines.append(post(client, headers, "product_count/", {"product": product["id"], "count": count})["id"])
        waybill_lines.append(post(client, headers, "waybills_products/", {
            "product": product["id"], "subject_to_leave": count + 1, "subject_left": count})["id"])
    for name, price, count in WORKS:
        work = post(client, headers, "works/", {"name": name, "description": "", "measure": "услуга", "price": price})
        work_lines.append(post(client, headers, "work_counts/", {
            "work": work["id"], "count": count, "date_of_completion": "2026-11-20",
            "another_info": "отчёт № 5 от 20.11.2026"})["id"])
    common = {"date": "2026-11-26", "contract": "Договор № 17 от 01.11.2026"}
    return {
        "ip": post(client, headers, "invoices_for_payment/", {
            **common, "buyer": buyer.public_id, "product_counts": lines, "beneficiary": beneficiary["id"],
            "executor_actor": actor["id"], "date_of_expire": "2026-12-06", "delivery_time": "5 рабочих дней",
            "payment_condition": "100% предоплата"}),
        "aw": post(client, headers, "act_of_works/", {
            **common, "customer": buyer.public_id, "work_counts": work_lines,
            "stock_used": "Кабель UTP 305 м, 1 шт., 25 000,00 KZT",
            "executor_actor": actor["id"], "customer_actor": customer["id"]}),
        "wb": post(client, headers, "waybills/", {
            **common, "recipient": buyer.public_id, "waybills_products": waybill_lines,
            "transport_company": 'ТОО "КАРГО ЭКСПРЕСС"', "ttn": "ТТН № 4417 от 25.11.2026", "responsible_actor": actor["id"],
            "proxy": "№ 15 от 20.11.2026", "proxy_holder": "Жақсыбеков Ерлан Асқарұлы",
            "head_actor": customer["id"], "accountant_actor": accountant["id"]}),
        "co": post(client, headers, "commercial_offers/", {
            **common, "buyer": buyer.public_id, "product_counts": lines, "date_of_expire": "2026-12-26",
            "executor_actor": actor["id"]}),
        "in": post(client, headers, "invoices/", {
            **common, "buyer": buyer.public_id, "product_counts": lines,
            "head_actor": customer["id"], "accountant_actor": accountant["id"]}),
    }


def issue_body(source: dict, doc_type: str, **extra) -> dict:
    """The POST body of /smart_doc/documents/ for a source document."""
    return {"type": doc_type, "form": "pu", "content_id": source["id"], **extra}


def issue_doc(client, headers, source, doc_type, **extra) -> dict:
    """Issue a PDF and return the record JSON."""
    return post(client, headers, "documents/", issue_body(source, doc_type, **extra))


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as poppler's pdftotext extracts it (layout kept, spaces normalised)."""
    result = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf,
                            capture_output=True, check=True)
    text = result.stdout.decode("utf-8")
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.fixture
def headers(director, token_headers):
    """Token headers of the sending company's director."""
    return token_headers("director@test.kz", "director-pass")


@pytest.fixture
def buyer(app):
    return make_buyer()


@pytest.fixture
def sources(client, headers, buyer):
    return make_sources(client, headers, buyer)
