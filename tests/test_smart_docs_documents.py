"""Line items and the five document types through the JSON API: the server computes the money."""
from decimal import Decimal

import pytest

from tests.test_smart_docs_support import (
    BASE,
    SEED_ACTOR,
    SEED_PRODUCT,
    SEED_WORK,
    invoice_setup,
    make_buyer,
    post,
    staff_of_user,
)


@pytest.fixture
def headers(director, token_headers):
    return token_headers("director@test.kz", "director-pass")


@pytest.fixture
def buyer(app):
    return make_buyer()


def test_product_count_nests_the_product_and_computes_the_sum(client, headers):
    product = post(client, headers, "products/", {**SEED_PRODUCT, "price": "333.33"})
    line = post(client, headers, "product_count/", {"product": product["id"], "count": 3, "total_sum": "1.00"})
    assert line["product"] == product
    assert (line["count"], line["price"], line["total_sum"]) == (3, "333.33", "999.99")


def test_line_keeps_its_price_when_the_catalogue_changes(client, headers):
    product = post(client, headers, "products/", {**SEED_PRODUCT, "price": "100.00"})
    line = post(client, headers, "product_count/", {"product": product["id"], "count": 2})
    client.patch(f"{BASE}/products/{product['id']}/", json={"price": "150.00"}, headers=headers)
    again = client.get(f"{BASE}/product_count/{line['id']}/", headers=headers).get_json()
    assert (again["price"], again["total_sum"]) == ("100.00", "200.00")
    assert again["product"]["price"] == "150.00"
    # Changing only the quantity keeps the snapshot; pointing at another product takes its price.
    changed = client.patch(f"{BASE}/product_count/{line['id']}/", json={"count": 3}, headers=headers).get_json()
    assert changed["total_sum"] == "300.00"
    other = post(client, headers, "products/", {**SEED_PRODUCT, "name": "Другой", "price": "7.00"})
    moved = client.patch(f"{BASE}/product_count/{line['id']}/", json={"product": other["id"]}, headers=headers).get_json()
    assert (moved["price"], moved["total_sum"]) == ("7.00", "21.00")


@pytest.mark.parametrize("body, field", [
    ({"count": 0}, "count"), ({"count": -1}, "count"), ({"count": "abc"}, "count"), ({"count": 2.5001}, "count"), ({"count": "1.0005"}, "count"),
    ({"count": 10**7}, "count"), ({"product": "zzzzzzzz"}, "product"), ({"product": "0000abcd"}, "product"),
    ({"product": None}, "product"),
])
def test_product_count_validation(client, headers, body, field):
    product = post(client, headers, "products/", SEED_PRODUCT)
    response = client.post(f"{BASE}/product_count/", json={"product": product["id"], "count": 1, **body}, headers=headers)
    assert response.status_code == 400 and field in response.get_json()


def test_work_counts_and_waybill_products(client, headers):
    work = post(client, headers, "works/", {**SEED_WORK, "price": "5000.00"})
    line = post(client, headers, "work_counts/", {
        "work": work["id"], "count": 4, "another_info": "Отчёт №5, 3 стр.", "date_of_completion": "2026-11-20",
    })
    assert (line["total_sum"], line["work"], line["date_of_completion"]) == ("20000.00", work["id"], "2026-11-20")
    bad_date = client.post(f"{BASE}/work_counts/", json={"work": work["id"], "count": 1, "date_of_completion": "20.11.2026"},
                           headers=headers)
    assert bad_date.status_code == 400 and "date_of_completion" in bad_date.get_json()
    product = post(client, headers, "products/", {**SEED_PRODUCT, "price": "12.50"})
    wb = post(client, headers, "waybills_products/", {"product": product["id"], "subject_to_leave": 10, "subject_left": 8})
    assert (wb["subject_to_leave"], wb["subject_left"], wb["total_sum"]) == (10, 8, "100.00")
    over = client.post(f"{BASE}/waybills_products/", json={"product": product["id"], "subject_to_leave": 5, "subject_left": 6},
                       headers=headers)
    assert over.status_code == 400 and "subject_left" in over.get_json()


def test_invoice_for_payment_totals_are_computed_and_client_totals_ignored(client, headers, buyer, director):
    body = invoice_setup(client, headers, buyer)  # 2 × 1500.00 + 3 × 250.50 = 3751.50
    body.update({"date": "2026-11-26", "total_sum": "1.00", "nds_sum": "0.01", "total_count": 99,
                 "date_of_expire": "2026-12-10", "delivery_time": "5 дней", "payment_condition": "100% предоплата",
                 "receive_type": "Самовывоз", "receive_address": "Алматы"})
    doc = post(client, headers, "invoices_for_payment/", body)
    assert doc["total_sum"] == "3751.50"
    assert doc["nds_percent"] == 16 and doc["nds_sum"] == "517.45"
    # `total_count` counts units as the original service did; the number of lines is `line_count`.
    assert doc["total_count"] == 5 and doc["line_count"] == 2 and doc["total_quantity"] == 5
    assert doc["contract"] == "Без договора"
    assert doc["buyer"] == buyer.public_id and doc["buyer_bin"] == buyer.bin
    assert doc["supplier"] == director.company.public_id
    assert doc["product_counts"] == body["product_counts"]
    assert doc["amount_in_words"] == "Три тысячи семьсот пятьдесят один тенге 50 тиын"
    assert doc["staff"] == staff_of_user(director).public_id
    assert doc["date_of_expire"] == "2026-12-10" and doc["beneficiary"] == body["beneficiary"]
    assert client.get(f"/smart_docs/invoices_for_payment/{doc['id']}/", headers=headers).get_json() == doc


def test_vat_by_date_explicit_rate_and_zero(client, headers, buyer):
    body = invoice_setup(client, headers, buyer, prices=("1120.00",), counts=(1,))
    old = post(client, headers, "invoices_for_payment/", {**body, "date": "2025-12-31"})
    assert (old["nds_percent"], old["nds_sum"]) == (12, "120.00")
    new = post(client, headers, "invoices_for_payment/", {**body, "date": "2026-01-01"})
    assert (new["nds_percent"], new["nds_sum"]) == (16, "154.48")  # 1120 × 16 / 116 = 154.48
    none = post(client, headers, "invoices_for_payment/", {**body, "nds_percent": 0})
    assert (none["nds_percent"], none["nds_sum"]) == (0, "0.00")
    # The rate is stored: moving the date into 2026 keeps 12%, which the date no longer allows.
    moved = client.patch(f"{BASE}/invoices_for_payment/{old['id']}/", json={"date": "2026-02-01"}, headers=headers)
    assert moved.status_code == 400 and "16%" in moved.get_json()["nds_percent"][0]
    kept = client.get(f"{BASE}/invoices_for_payment/{old['id']}/", headers=headers).get_json()
    assert (kept["date"], kept["nds_percent"]) == ("2025-12-31", 12)
    both = client.patch(f"{BASE}/invoices_for_payment/{old['id']}/", json={"date": "2026-02-01", "nds_percent": "16.00"},
                        headers=headers).get_json()
    assert (both["nds_percent"], both["nds_sum"]) == (16, "154.48")


def test_buyer_by_bin_and_its_errors(client, headers, buyer, director):
    body = invoice_setup(client, headers, buyer)
    body.pop("buyer")
    doc = post(client, headers, "invoices_for_payment/", {**body, "buyer_bin": buyer.bin})
    assert doc["buyer"] == buyer.public_id
    for extra, field in [({"buyer_bin": "123"}, "buyer_bin"), ({"buyer_bin": "999999999999"}, "buyer_bin"),
                         ({}, "buyer"), ({"buyer": "ffffffff"}, "buyer"),
                         ({"buyer": director.company.public_id}, "buyer")]:
        response = client.post(f"{BASE}/invoices_for_payment/", json={**body, **extra}, headers=headers)
        assert response.status_code == 400 and field in response.get_json(), (extra, response.get_json())


@pytest.mark.parametrize("extra, field", [
    ({"product_counts": []}, "product_counts"),
    ({"product_counts": "abc"}, "product_counts"),
    ({"product_counts": ["deadbeef"]}, "product_counts"),
    ({"beneficiary": None}, "beneficiary"),
    ({"date": "26.11.2026"}, "date"),
    ({"date": "2026-02-30"}, "date"),
    ({"date_of_expire": "2026-01-01", "date": "2026-11-26"}, "date_of_expire"),
    ({"nds_percent": 100}, "nds_percent"),
    ({"nds_percent": "x"}, "nds_percent"),
    ({"contract": "x" * 301}, "contract"),
])
def test_invoice_validation(client, headers, buyer, extra, field):
    body = invoice_setup(client, headers, buyer)
    response = client.post(f"{BASE}/invoices_for_payment/", json={**body, **extra}, headers=headers)
    assert response.status_code == 400 and field in response.get_json(), response.get_json()
    assert client.get(f"{BASE}/invoices_for_payment/", headers=headers).get_json()["count"] == 0


def test_duplicate_line_ids_are_refused(client, headers, buyer):
    body = invoice_setup(client, headers, buyer)
    body["product_counts"] = body["product_counts"][:1] * 2
    response = client.post(f"{BASE}/invoices_for_payment/", json=body, headers=headers)
    assert response.status_code == 400 and "дважды" in response.get_json()["product_counts"][0]


def test_changing_a_line_recomputes_its_documents(client, headers, buyer):
    body = invoice_setup(client, headers, buyer, prices=("10.00",), counts=(1,))
    doc = post(client, headers, "invoices_for_payment/", body)
    offer = post(client, headers, "commercial_offers/", {"buyer": buyer.public_id, "product_counts": body["product_counts"]})
    client.patch(f"{BASE}/product_count/{body['product_counts'][0]}/", json={"count": 5}, headers=headers)
    for path, public_id in (("invoices_for_payment", doc["id"]), ("commercial_offers", offer["id"])):
        assert client.get(f"{BASE}/{path}/{public_id}/", headers=headers).get_json()["total_sum"] == "50.00"
    refused = client.delete(f"{BASE}/product_count/{body['product_counts'][0]}/", headers=headers)
    assert refused.status_code == 409 and "документ" in refused.get_json()["detail"]


def test_deleting_a_document_removes_lines_only_it_used(client, headers, buyer):
    body = invoice_setup(client, headers, buyer)
    doc = post(client, headers, "invoices_for_payment/", body)
    offer = post(client, headers, "commercial_offers/", {"buyer": buyer.public_id, "product_counts": body["product_counts"][:1]})
    assert client.delete(f"{BASE}/invoices_for_payment/{doc['id']}/", headers=headers).status_code == 204
    assert client.get(f"{BASE}/product_count/{body['product_counts'][0]}/", headers=headers).status_code == 200
    assert client.get(f"{BASE}/product_count/{body['product_counts'][1]}/", headers=headers).status_code == 404
    assert client.get(f"{BASE}/commercial_offers/{offer['id']}/", headers=headers).status_code == 200


def test_all_five_types(client, headers, buyer):
    actor = post(client, headers, "actors/", SEED_ACTOR)
    signer = post(client, headers, "actors/", {"full_name": "Бухгалтер Б.", "role": "Главный бухгалтер"})
    work = post(client, headers, "works/", {**SEED_WORK, "price": "1000.00"})
    work_line = post(client, headers, "work_counts/", {"work": work["id"], "count": 2})
    act = post(client, headers, "act_of_works/", {
        "customer": buyer.public_id, "work_counts": [work_line["id"]], "contract": "№ 7 от 01.11.2026",
        "executor_actor": actor["id"], "customer_actor": signer["id"], "date": "2026-11-26",
    })
    assert (act["total_sum"], act["nds_sum"], act["customer"], act["contract"]) == (
        "2000.00", "275.86", buyer.public_id, "№ 7 от 01.11.2026")
    product = post(client, headers, "products/", {**SEED_PRODUCT, "price": "99.99"})
    wb_line = post(client, headers, "waybills_products/", {"product": product["id"], "subject_to_leave": 3, "subject_left": 2})
    waybill = post(client, headers, "waybills/", {
        "recipient_bin": buyer.bin, "waybills_products": [wb_line["id"]], "transport_company": "ТОО Трансавто",
        "responsible_actor": actor["id"], "head_actor": actor["id"], "accountant_actor": signer["id"],
    })
    assert (waybill["total_sum"], waybill["total_quantity"], waybill["recipient"]) == ("199.98", 2, buyer.public_id)
    line = post(client, headers, "product_count/", {"product": product["id"], "count": 10})
    offer = post(client, headers, "commercial_offers/", {"buyer": buyer.public_id, "product_counts": [line["id"]],
                                                         "date_of_expire": "2099-01-01"})
    invoice = post(client, headers, "invoices/", {"buyer": buyer.public_id, "product_counts": [line["id"]],
                                                  "head_actor": actor["id"], "accountant_actor": signer["id"]})
    assert offer["total_sum"] == invoice["total_sum"] == "999.90"
    assert "beneficiary" not in offer and "transport_company" not in invoice and "ttn" not in invoice
    # Lines of the wrong kind are not found under another type's key.
    wrong = client.post(f"{BASE}/act_of_works/", json={"customer": buyer.public_id, "work_counts": [line["id"]]}, headers=headers)
    assert wrong.status_code == 400 and "work_counts" in wrong.get_json()


def test_a_waybill_keeps_its_consignment_note_and_refuses_one_too_long(client, headers, buyer):
    product = post(client, headers, "products/", {**SEED_PRODUCT, "price": "10.00"})
    line = post(client, headers, "waybills_products/", {"product": product["id"], "subject_to_leave": 1, "subject_left": 1})
    body = {"recipient_bin": buyer.bin, "waybills_products": [line["id"]], "ttn": "№ 15 от 26.11.2026"}
    waybill = post(client, headers, "waybills/", body)
    assert waybill["ttn"] == "№ 15 от 26.11.2026"
    assert client.get(f"{BASE}/waybills/{waybill['id']}/", headers=headers).get_json()["ttn"] == "№ 15 от 26.11.2026"
    too_long = client.post(f"{BASE}/waybills/", json={**body, "ttn": "№" * 101}, headers=headers)
    assert too_long.status_code == 400 and "ttn" in too_long.get_json()
    changed = client.patch(f"{BASE}/waybills/{waybill['id']}/", json={"ttn": "№ 16 от 27.11.2026"}, headers=headers)
    assert changed.status_code == 200 and changed.get_json()["ttn"] == "№ 16 от 27.11.2026"
    assert (waybill["proxy"], waybill["proxy_holder"]) == ("", "")
    proxy = {"proxy": "№ 7 от 25.11.2026", "proxy_holder": "Сейткали Нұрлан"}
    changed = client.patch(f"{BASE}/waybills/{waybill['id']}/", json=proxy, headers=headers)
    assert changed.status_code == 200 and {k: changed.get_json()[k] for k in proxy} == proxy
    too_long = client.patch(f"{BASE}/waybills/{waybill['id']}/", json={"proxy": "№" * 101}, headers=headers)
    assert too_long.status_code == 400 and "proxy" in too_long.get_json()


def test_document_list_is_newest_first_and_paginated(client, headers, buyer):
    body = invoice_setup(client, headers, buyer, prices=("1.00",), counts=(1,))
    for day in range(1, 24):
        post(client, headers, "invoices_for_payment/", {**body, "date": f"2026-11-{day:02d}"})
    first = client.get(f"{BASE}/invoices_for_payment/", headers=headers).get_json()
    assert first["count"] == 23 and len(first["results"]) == 20
    assert first["results"][0]["date"] == "2026-11-23" and first["next"].endswith("?page=2")
    second = client.get(first["next"], headers=headers).get_json()
    assert len(second["results"]) == 3
    assert client.get(f"{BASE}/invoices_for_payment/?page=3", headers=headers).status_code == 404


def test_get_document_and_recent_documents(client, headers, buyer, director):
    from portal.smart_docs.documents import get_document, recent_documents

    body = invoice_setup(client, headers, buyer)
    doc = post(client, headers, "invoices_for_payment/", body)
    company_id = director.company.id
    assert get_document(company_id, "ip", doc["id"]).total_sum == Decimal("3751.50")
    assert get_document(company_id, "co", doc["id"]) is None
    assert get_document(buyer.id, "ip", doc["id"]) is None
    assert [d.public_id for d in recent_documents(company_id, 5)] == [doc["id"]]
