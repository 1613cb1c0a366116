"""Issue #17, the data half: fractional quantities, units and codes, VAT rates and settings,
the VAT invoice's fields, and the original service's spellings — through the JSON API into a
rendered PDF read back with pdfplumber."""
import io
import random
from decimal import Decimal

import pdfplumber
import pytest
from sqlalchemy import func, select

from portal.documents.context import build_context
from portal.extensions import db
from portal.models import ProductCount, SmartDocument, WaybillProduct
from portal.smart_docs.money import money_str, round_tiyn
from portal.smart_docs.totals import document_totals, line_sum
from tests.test_documents_support import BASE, BENEFICIARY, make_buyer, post

ARTIFACTS = "tests/artifacts/pdf"


@pytest.fixture
def headers(director, token_headers):
    return token_headers("director@test.kz", "director-pass")


@pytest.fixture
def buyer(app):
    return make_buyer()


def product(client, headers, name, measure, price, code=""):
    return post(client, headers, "products/", {"name": name, "description": "", "measure": measure,
                                               "manufacturer": "", "price": price, "code": code})


def pdf_words(pdf: bytes) -> str:
    """Every page's text as pdfplumber reads it, spaces normalised."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def issued_pdf(client, headers, doc_type, source_id, name=None) -> bytes:
    record = post(client, headers, "documents/", {"type": doc_type, "form": "pu", "content_id": source_id})
    pdf = client.get(f"{BASE}/documents/{record['id']}/file/", headers=headers).data
    if name:
        import os
        os.makedirs(ARTIFACTS, exist_ok=True)
        with open(f"{ARTIFACTS}/{name}.pdf", "wb") as out:
            out.write(pdf)
    return pdf


def test_fractional_quantities_units_and_codes_end_to_end(client, headers, buyer):
    hours = product(client, headers, "Консультация бухгалтера", "ч", "12000.00", code="УСЛ-001")
    steel = product(client, headers, "Арматура А500С Ø12", "кг", "415.50", code="АРМ-12")
    concrete = product(client, headers, "Бетон М300", "м3", "28990.00")
    assert (hours["measure_code"], steel["measure_code"], concrete["measure_code"]) == ("356", "166", "113")
    lines = [post(client, headers, "product_count/", {"product": p["id"], "count": c})
             for p, c in ((hours, 2.5), (steel, "12,350"), (concrete, "0.75"))]
    assert [line["count"] for line in lines] == [2.5, 12.35, 0.75]
    # 2.5 × 12000 = 30000.00; 12.35 × 415.50 = 5131.425 → 5131.43 (half-up); 0.75 × 28990 = 21742.50
    assert [line["total_sum"] for line in lines] == ["30000.00", "5131.43", "21742.50"]
    whole = post(client, headers, "product_count/", {"product": hours["id"], "count": 6})
    assert whole["count"] == 6 and isinstance(whole["count"], int)
    beneficiary = post(client, headers, "beneficiaries/", BENEFICIARY)
    doc = post(client, headers, "invoices_for_payment/", {
        "date": "2026-11-26", "buyer": buyer.public_id, "product_counts": [line["id"] for line in lines],
        "beneficiary": beneficiary["id"]})
    assert doc["total_sum"] == "56873.93" and doc["total_count"] == 15.6 and doc["line_count"] == 3
    text = pdf_words(issued_pdf(client, headers, "ip", doc["id"], "ip_fractional"))
    for expected in ("2,5", "12,35", "0,75", "УСЛ-001", "АРМ-12", "56 873,93", "5 131,43"):
        assert expected in text, expected
    assert hours["id"] not in text and steel["id"] not in text  # never the internal id


def test_mixed_units_print_x_and_one_unit_prints_the_total(client, headers, buyer):
    kg = product(client, headers, "Гвозди", "кг", "900.00", code="ГВ-100")
    pcs = product(client, headers, "Молоток", "шт", "3500.00")
    mixed = [post(client, headers, "waybills_products/", {"product": p["id"], "subject_to_leave": q, "subject_left": q})["id"]
             for p, q in ((kg, "1.5"), (pcs, 2))]
    same = [post(client, headers, "waybills_products/", {"product": kg["id"], "subject_to_leave": q, "subject_left": q})["id"]
            for q in ("1.5", "2.25")]
    texts = {}
    for name, ids in (("mixed", mixed), ("same", same)):
        wb = post(client, headers, "waybills/", {"date": "2026-11-26", "recipient": buyer.public_id, "waybills_products": ids})
        texts[name] = pdf_words(issued_pdf(client, headers, "wb", wb["id"], f"wb_{name}_units"))
    assert "Итого х х" in texts["mixed"]
    assert "Итого 3,75 3,75" in texts["same"] and "ГВ-100" in texts["same"]


def test_vat_invoice_prints_and_answers_its_fields(client, headers, buyer):
    settings = client.put(f"{BASE}/settings/", json={"vat_series": "60001", "vat_number": "0012345",
                                                     "vat_date": "2012-05-10"}, headers=headers)
    assert settings.status_code == 200 and settings.get_json()["vat_number"] == "0012345"
    signer = post(client, headers, "actors/", {"full_name": "Сейтқали Нұрлан", "role": "Менеджер по продажам"})
    beneficiary = post(client, headers, "beneficiaries/", BENEFICIARY)
    item = product(client, headers, "Цемент М400", "т", "41000.00", code="ЦМ-400")
    line = post(client, headers, "product_count/", {"product": item["id"], "count": "3.125"})
    body = {
        "date": "2026-11-26", "buyer": buyer.public_id, "products": [line["id"]], "nds_percent": "16.00",
        "contract": "№ 44", "contract_date": "2026-10-01", "beneficiary": beneficiary["id"],
        "payment_condition": "Оплата в течение 10 банковских дней", "receive_address": "г. Астана, ул. Сарайшык, 5",
        "shipping_method": "Автотранспорт", "consignor": 'ТОО "ЕВРАЗИЯ", г. Алматы', "consignee": 'ТОО "ҚАЙРАТ", г. Астана',
        "proxy": "77", "proxy_date": "2026-11-20", "proxy_holder": "Жақсыбеков Ерлан",
        "buyer_vat_series": "62001", "buyer_vat_number": "0098765", "buyer_vat_date": "2015-03-02",
        "executor_actor": signer["id"],
    }
    doc = post(client, headers, "invoices/", body)
    for key in ("contract_date", "payment_condition", "receive_address", "shipping_method", "consignor", "consignee",
                "proxy", "proxy_date", "proxy_holder", "buyer_vat_series", "buyer_vat_number", "buyer_vat_date",
                "executor_actor", "beneficiary"):
        assert doc[key] == body[key], key
    assert doc["product_counts"] == [line["id"]] and doc["nds_percent"] == 16
    assert (doc["supplier_vat_series"], doc["supplier_vat_date"]) == ("60001", "2012-05-10")
    text = pdf_words(issued_pdf(client, headers, "in", doc["id"], "in_fields"))
    for expected in ("серия 60001 № 0012345 от 10.05.2012", "серия 62001 № 0098765 от 02.03.2015",
                     "KZ417812870193980012", "CAPITAL BANK", "№ 44 от 01.10.2026", "Оплата в течение 10 банковских дней",
                     "Сарайшык", "Автотранспорт", "№ 77 от 20.11.2026, выдана Жақсыбеков Ерлан",
                     "Сейтқали Нұрлан", "3,125", "ЕВРАЗИЯ", "ҚАЙРАТ"):
        assert expected in text, expected
    # The buyer's registration is remembered for the next VAT invoice to the same buyer.
    again = post(client, headers, "invoices/", {"date": "2026-11-27", "buyer": buyer.public_id, "products": [line["id"]]})
    assert again["buyer_vat_number"] == "0098765"


@pytest.mark.parametrize("path, extra, field", [
    ("product_count/", {"count": "1.2345"}, "count"),
    ("product_count/", {"count": 1.0005}, "count"),
    ("product_count/", {"count": 0}, "count"),
    ("product_count/", {"count": "-2"}, "count"),
    ("waybills_products/", {"subject_to_leave": 0}, "subject_to_leave"),
    ("waybills_products/", {"subject_to_leave": 2, "subject_left": "-0.5"}, "subject_left"),
    ("waybills_products/", {"subject_to_leave": 2, "subject_left": "1.0001"}, "subject_left"),
])
def test_bad_quantities_answer_400_and_save_nothing(client, headers, path, extra, field):
    item = product(client, headers, "Товар", "шт", "10.00")
    key = "count" if path == "product_count/" else "subject_to_leave"
    before = (db.session.scalar(select(func.count(ProductCount.id))), db.session.scalar(select(func.count(WaybillProduct.id))))
    response = client.post(f"{BASE}/{path}", json={"product": item["id"], key: 1, **extra}, headers=headers)
    assert response.status_code == 400 and field in response.get_json(), response.get_json()
    after = (db.session.scalar(select(func.count(ProductCount.id))), db.session.scalar(select(func.count(WaybillProduct.id))))
    assert after == before


@pytest.mark.parametrize("body, field", [
    ({"measure": "ш" * 51}, "measure"),
    ({"code": "К" * 51}, "code"),
    ({"measure_code": "79"}, "measure_code"),
])
def test_bad_units_and_codes_answer_400(client, headers, body, field):
    response = client.post(f"{BASE}/products/", json={"name": "Товар", "measure": "шт", "price": "1.00", **body},
                           headers=headers)
    assert response.status_code == 400 and field in response.get_json()
    assert client.get(f"{BASE}/products/", headers=headers).get_json()["count"] == 0


@pytest.mark.parametrize("date, rate, payer, ok", [
    ("2025-12-31", 12, True, True), ("2025-12-31", 16, True, False), ("2025-12-31", 0, True, True),
    ("2026-01-01", 16, True, True), ("2026-01-01", 12, True, False), ("2026-03-01", 7, True, False),
    ("2026-03-01", 5, True, True), ("2027-02-01", 5, True, False), ("2027-02-01", 10, True, True),
    ("2026-03-01", 16, False, False), ("2026-03-01", "0.00", False, True),
])
def test_only_rates_the_date_allows(client, headers, buyer, date, rate, payer, ok):
    if not payer:
        client.patch(f"{BASE}/settings/", json={"vat_payer": False}, headers=headers)
    item = product(client, headers, "Товар", "шт", "116.00")
    line = post(client, headers, "product_count/", {"product": item["id"], "count": 1})
    before = db.session.scalar(select(func.count(SmartDocument.id)))
    response = client.post(f"{BASE}/commercial_offers/", json={
        "date": date, "buyer": buyer.public_id, "product_counts": [line["id"]], "nds_percent": rate}, headers=headers)
    if ok:
        assert response.status_code == 201, response.get_json()
    else:
        assert response.status_code == 400 and list(response.get_json()) == ["nds_percent"], response.get_json()
        assert db.session.scalar(select(func.count(SmartDocument.id))) == before


def test_non_payer_defaults_to_no_vat(client, headers, buyer):
    client.patch(f"{BASE}/settings/", json={"vat_payer": False}, headers=headers)
    item = product(client, headers, "Товар", "шт", "116.00")
    line = post(client, headers, "product_count/", {"product": item["id"], "count": 1})
    doc = post(client, headers, "commercial_offers/", {"date": "2026-03-01", "buyer": buyer.public_id,
                                                       "product_counts": [line["id"]]})
    assert (doc["nds_percent"], doc["nds_sum"]) == (0, "0.00")


def test_original_service_spellings(client, headers, buyer):
    """One line of 6 at 1.00 gave "total_count": 6 and "total_sum": "6.00" there."""
    item = product(client, headers, "Товар", "шт", "1.00")
    line = post(client, headers, "product_count/", {"product": item["id"], "count": 6})
    doc = post(client, headers, "invoices/", {"date": "2026-11-26", "buyer": buyer.public_id,
                                              "products": [line["id"]], "nds_percent": "16.00"})
    assert (doc["total_count"], doc["line_count"], doc["total_sum"], doc["nds_percent"]) == (6, 1, "6.00", 16)
    zero = post(client, headers, "invoices/", {"date": "2026-11-26", "buyer": buyer.public_id,
                                               "products": [line["id"]], "nds_percent": "0.00"})
    assert (zero["nds_percent"], zero["nds_sum"]) == (0, "0.00")


def test_prices_without_vat_add_vat_on_top(client, headers, buyer):
    client.patch(f"{BASE}/settings/", json={"prices_include_vat": False}, headers=headers)
    item = product(client, headers, "Товар", "шт", "100.00")
    line = post(client, headers, "product_count/", {"product": item["id"], "count": "2.5"})
    doc = post(client, headers, "invoices/", {"date": "2026-11-26", "buyer": buyer.public_id, "products": [line["id"]]})
    # 100 × 2.5 = 250.00 without VAT, + 16% = 40.00, 290.00 with VAT.
    assert (doc["total_sum"], doc["nds_sum"]) == ("290.00", "40.00")
    text = pdf_words(issued_pdf(client, headers, "in", doc["id"], "in_prices_without_vat"))
    assert "100,00 250,00 16% 40,00 290,00" in text
    ip = post(client, headers, "commercial_offers/", {"date": "2026-11-26", "buyer": buyer.public_id, "product_counts": [line["id"]]})
    text = pdf_words(issued_pdf(client, headers, "co", ip["id"]))
    assert "Итого без НДС: 250,00" in text and "НДС (16%): 40,00" in text and "Всего с НДС: 290,00" in text


def test_settings_are_each_company_s_own(client, headers, other_director, token_headers):
    assert client.get(f"{BASE}/settings/", headers={"Accept": "application/json"}).status_code == 401
    assert client.put(f"{BASE}/settings/", json={"vat_payer": False}, headers={"Accept": "application/json"}).status_code == 401
    other = token_headers("other@test.kz", "other-pass")
    assert client.patch(f"{BASE}/settings/", json={"vat_payer": False, "vat_number": "1"}, headers=other).status_code == 200
    mine = client.get(f"{BASE}/settings/", headers=headers).get_json()
    assert mine == {"vat_payer": True, "prices_include_vat": True, "vat_series": "", "vat_number": "", "vat_date": None}
    bad = client.patch(f"{BASE}/settings/", json={"vat_payer": "да", "vat_series": "1" * 21}, headers=headers)
    assert bad.status_code == 400 and set(bad.get_json()) == {"vat_payer", "vat_series"}
    assert client.get(f"{BASE}/settings/", headers=headers).get_json() == mine


def test_settings_page_keeps_values_and_messages(client, director):
    client.post("/auth/login/", data={"email": "director@test.kz", "password": "director-pass"})
    html = {"Accept": "text/html"}
    page = client.get(f"{BASE}/settings/", headers=html)
    assert page.status_code == 200 and "Цены включают НДС" in page.get_data(as_text=True)
    bad = client.post(f"{BASE}/settings/", data={"vat_payer": "1", "vat_series": "С" * 21, "vat_number": "77"},
                      headers=html)
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "Не длиннее 20 символов" in text and 'value="77"' in text
    saved = client.post(f"{BASE}/settings/", data={"vat_payer": "1", "vat_number": "77"}, headers=html)
    assert saved.status_code == 302
    assert client.get(f"{BASE}/settings/", headers={"Accept": "application/json"}).get_json()["prices_include_vat"] is False


def _check_identities(rows, totals_sum, totals_vat, without_total):
    """Every printed row's column identities, and totals that are the sums of the rows."""
    for row in rows:
        assert round_tiyn(row["price_without_nds"] * row["quantity"]) == row["sum_without_nds"], row
        assert row["sum_without_nds"] + row["nds"] == row["sum_with_nds"], row
        assert row["nds"] >= 0
    assert sum(r["sum_with_nds"] for r in rows) == totals_sum
    assert sum(r["nds"] for r in rows) == totals_vat
    assert sum(r["sum_without_nds"] for r in rows) == without_total


@pytest.mark.parametrize("include", [True, False])
def test_identities_hold_on_every_row_of_generated_documents(include):
    rng = random.Random(17 + include)
    for _ in range(400):
        rate = rng.choice((0, 5, 10, 12, 16))
        lines = [(Decimal(rng.randint(1, 99_999_999)) / 100, Decimal(rng.randint(1, 2_000_000)) / 1000)
                 for _ in range(rng.randint(1, 12))]
        totals = document_totals(lines, rate, include)
        rows = [{"price_without_nds": r.price_without_vat, "quantity": r.quantity, "sum_without_nds": r.without_vat,
                 "nds": r.vat, "sum_with_nds": r.with_vat} for r in totals.rows]
        _check_identities(rows, totals.total_sum, totals.nds_sum, totals.without_vat)
        exact = [line_sum(p, q) for p, q in lines]
        assert [r.with_vat if include else r.without_vat for r in totals.rows] == exact


@pytest.mark.parametrize("include", [True, False])
def test_printed_rows_are_the_saved_totals(client, headers, buyer, include):
    client.patch(f"{BASE}/settings/", json={"prices_include_vat": include}, headers=headers)
    rng = random.Random(5)
    ids = []
    for i in range(9):
        item = product(client, headers, f"Товар {i}", rng.choice(("шт", "кг", "ч")), f"{rng.randint(1, 9_999_999)}.{rng.randint(0, 99):02d}")
        ids.append(post(client, headers, "product_count/", {"product": item["id"], "count": f"{rng.randint(1, 99999) / 1000}"})["id"])
    doc = post(client, headers, "invoices/", {"date": "2026-11-26", "buyer": buyer.public_id, "products": ids})
    context = build_context(db.session.execute(select(SmartDocument).where(SmartDocument.public_id == doc["id"])).unique().scalar_one())
    _check_identities(context["lines"], context["total"], context["nds_sum"], context["total_without_nds"])
    assert (money_str(context["total"]), money_str(context["nds_sum"])) == (doc["total_sum"], doc["nds_sum"])
