"""Pages for people: catalogues with inline editing, the builder, document lists and pages."""
import re

import pytest

from tests.test_smart_docs_support import BASE, SEED_BENEFICIARY, SEED_PRODUCT, invoice_setup, make_buyer, post

HX = {"HX-Request": "true"}


@pytest.fixture
def browser_client(client, director, login):
    """A logged-in client that, like a browser, asks for HTML unless told otherwise."""
    login("director@test.kz", "director-pass")
    client.environ_base["HTTP_ACCEPT"] = "text/html,application/xhtml+xml,*/*;q=0.8"
    return client


@pytest.fixture
def api(director, token_headers):
    return token_headers("director@test.kz", "director-pass")


def test_catalogue_page_add_edit_delete_with_htmx(browser_client):
    client = browser_client
    page = client.get(f"{BASE}/products/", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Товары" in page.get_data(as_text=True)
    bad = client.post(f"{BASE}/products/", data={"name": "Ноутбук", "measure": "шт", "price": "12,345"}, headers=HX)
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "Не больше двух знаков" in text
    assert 'value="Ноутбук"' in text and 'value="12,345"' in text  # the form keeps what was typed
    good = client.post(f"{BASE}/products/", data={"name": "Ноутбук", "measure": "шт", "price": "1500,50"}, headers=HX)
    assert good.status_code == 201 and "Добавлено: Ноутбук" in good.get_data(as_text=True)
    public_id = re.search(r'id="sd-item-([0-9a-f]{8})"', good.get_data(as_text=True)).group(1)
    form = client.get(f"{BASE}/products/{public_id}/edit/", headers=HX)
    assert 'hx-put="/smart_doc/products/' in form.get_data(as_text=True)
    refused = client.put(f"{BASE}/products/{public_id}/", data={"name": "", "measure": "шт", "price": "1"}, headers=HX)
    assert refused.status_code == 400 and "не может быть пустым" in refused.get_data(as_text=True)
    saved = client.put(f"{BASE}/products/{public_id}/", data={"name": "Ноутбук Pro", "measure": "шт", "price": "2000"}, headers=HX)
    assert saved.status_code == 200 and "Ноутбук Pro" in saved.get_data(as_text=True)
    assert "2\u202f000,00" in saved.get_data(as_text=True)
    gone = client.delete(f"{BASE}/products/{public_id}/", headers=HX)
    assert gone.status_code == 200 and gone.get_data(as_text=True) == ""


def test_catalogue_forms_work_without_javascript(browser_client):
    client = browser_client
    response = client.post(f"{BASE}/beneficiaries/", data={**SEED_BENEFICIARY, "PIC": "KZ00"})
    assert response.status_code == 400 and "20 символов" in response.get_data(as_text=True)
    assert 'value="Азамат1"' in response.get_data(as_text=True)
    created = client.post(f"{BASE}/beneficiaries/", data=SEED_BENEFICIARY)
    assert created.status_code == 302
    page = client.get(f"{BASE}/beneficiaries/").get_data(as_text=True)
    public_id = re.search(r'id="sd-item-([0-9a-f]{8})"', page).group(1)
    edited = client.post(f"{BASE}/beneficiaries/{public_id}/edit/", data={**SEED_BENEFICIARY, "BIC": "X"})
    assert edited.status_code == 400 and "8 или 11" in edited.get_data(as_text=True)
    assert client.post(f"{BASE}/beneficiaries/{public_id}/delete/").status_code == 302


def test_delete_refusal_is_shown_in_place(browser_client, api):
    client = browser_client
    product = post(client, api, "products/", SEED_PRODUCT)
    post(client, api, "product_count/", {"product": product["id"], "count": 1})
    response = client.delete(f"{BASE}/products/{product['id']}/", headers=HX)
    assert response.status_code == 409 and "используется" in response.get_data(as_text=True)


def _builder_form(setup: dict, buyer) -> dict:
    return {"date": "2026-11-26", "buyer": buyer.public_id, "beneficiary": setup["beneficiary"], "contract": ""}


def test_builder_computes_lines_and_totals_on_the_server(browser_client, api):
    client = browser_client
    buyer = make_buyer()
    setup = invoice_setup(client, api, buyer, prices=("1500.00", "250.50"))
    products = client.get(f"{BASE}/products/", headers=api).get_json()["results"]
    first = next(p for p in products if p["price"] == "1500.00")["id"]
    form = {**_builder_form(setup, buyer), "new-item": first, "new-count": "2", "action": "add"}
    added = client.post(f"{BASE}/builder/ip/lines/", data=form, headers=HX)
    text = added.get_data(as_text=True)
    assert added.status_code == 200 and "3\u202f000,00" in text
    # Per row, so that price without VAT × quantity = cost without VAT: 1500 / 1.16 = 1293.10,
    # × 2 = 2586.20, VAT 3000 − 2586.20 = 413.80 (the whole-total formula would give 413.79).
    assert "В том числе НДС (16%)" in text and "413,80" in text
    assert "Три тысячи тенге 00 тиын" in text
    zero = client.post(f"{BASE}/builder/ip/lines/", data={**form, "action": "", "nds_percent": "0",
                                                          "line-0-item": first, "line-0-count": "2"}, headers=HX)
    assert "Без НДС" in zero.get_data(as_text=True)
    removed = client.post(f"{BASE}/builder/ip/lines/", data={**form, "action": "remove-0",
                                                             "line-0-item": first, "line-0-count": "2"}, headers=HX)
    assert "Строк пока нет" in removed.get_data(as_text=True)


def test_builder_saves_and_invalid_save_keeps_everything(browser_client, api):
    client = browser_client
    buyer = make_buyer()
    setup = invoice_setup(client, api, buyer)
    product = client.get(f"{BASE}/products/", headers=api).get_json()["results"][0]
    form = {**_builder_form(setup, buyer), "line-0-item": product["id"], "line-0-count": "0",
            "delivery_time": "10 дней", "contract": "№ 15"}
    bad = client.post(f"{BASE}/invoices_for_payment/new/", data=form)
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "больше нуля" in text
    assert 'value="10 дней"' in text and 'value="№ 15"' in text and f'value="{product["id"]}"' in text
    no_buyer = client.post(f"{BASE}/invoices_for_payment/new/", data={**form, "buyer": "", "line-0-count": "3"})
    assert no_buyer.status_code == 400 and "Укажите компанию" in no_buyer.get_data(as_text=True)
    saved = client.post(f"{BASE}/invoices_for_payment/new/", data={**form, "line-0-count": "3"})
    assert saved.status_code == 302
    doc = client.get(saved.headers["Location"], headers=api).get_json()
    assert doc["buyer"] == buyer.public_id and doc["delivery_time"] == "10 дней" and len(doc["product_counts"]) == 1
    line = client.get(f"{BASE}/product_count/{doc['product_counts'][0]}/", headers=api).get_json()
    assert line["count"] == 3 and doc["total_sum"] == line["total_sum"]
    # Editing in the builder keeps an unchanged line and its price snapshot.
    client.patch(f"{BASE}/products/{product['id']}/", json={"price": "1.00"}, headers=api)
    edit = {**form, "line-0-id": line["id"], "line-0-count": "3", "contract": "№ 16"}
    again = client.post(f"{BASE}/invoices_for_payment/{doc['id']}/edit/", data=edit)
    assert again.status_code == 302
    after = client.get(f"{BASE}/invoices_for_payment/{doc['id']}/", headers=api).get_json()
    assert after["product_counts"] == [line["id"]] and after["total_sum"] == doc["total_sum"] and after["contract"] == "№ 16"
    changed = client.post(f"{BASE}/invoices_for_payment/{doc['id']}/edit/", data={**edit, "line-0-count": "4"})
    assert changed.status_code == 302
    final = client.get(f"{BASE}/invoices_for_payment/{doc['id']}/", headers=api).get_json()
    assert final["product_counts"] != [line["id"]]
    assert final["total_sum"] == f"{float(line['price']) * 4:.2f}"  # the old snapshot price, not 1.00
    assert client.get(f"{BASE}/product_count/{line['id']}/", headers=api).status_code == 404  # replaced line removed


def test_builder_preselects_buyer_from_company_card(browser_client):
    buyer = make_buyer('ТОО "КАРТОЧКА"')
    page = browser_client.get(f"{BASE}/invoices_for_payment/new/?buyer={buyer.public_id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'ТОО &#34;КАРТОЧКА&#34;' in text
    assert f'name="buyer" value="{buyer.public_id}"' in text


def test_counterparty_search_and_choice(browser_client):
    buyer = make_buyer('ТОО "АЛМАТЫ ТРЕЙД"')
    results = browser_client.get(f"{BASE}/builder/ip/counterparties/?q={buyer.bin[:6]}", headers=HX)
    assert buyer.bin in results.get_data(as_text=True)
    chosen = browser_client.get(f"{BASE}/builder/ip/counterparty/?id={buyer.public_id}", headers=HX)
    assert f'value="{buyer.public_id}"' in chosen.get_data(as_text=True)


def test_inline_beneficiary(browser_client):
    fields = {f"nb-{k}": v for k, v in SEED_BENEFICIARY.items()}
    bad = browser_client.post(f"{BASE}/builder/beneficiary/", data={**fields, "nb-KBe": "99"}, headers=HX)
    assert bad.status_code == 400 and "КБе" in bad.get_data(as_text=True) and 'value="Азамат1"' in bad.get_data(as_text=True)
    good = browser_client.post(f"{BASE}/builder/beneficiary/", data=fields, headers=HX)
    assert good.status_code == 201 and "selected" in good.get_data(as_text=True)


def test_document_list_and_detail_pages(browser_client, api):
    client = browser_client
    buyer = make_buyer('ТОО "СПИСОК"')
    doc = post(client, api, "invoices_for_payment/", invoice_setup(client, api, buyer))
    listing = client.get(f"{BASE}/invoices_for_payment/").get_data(as_text=True)
    assert 'ТОО &#34;СПИСОК&#34;' in listing and "3\u202f751,50" in listing and f"/invoices_for_payment/{doc['id']}/" in listing
    detail = client.get(f"{BASE}/invoices_for_payment/{doc['id']}/").get_data(as_text=True)
    assert "Три тысячи семьсот пятьдесят один тенге 50 тиын" in detail and "KZ417812870193980012" in detail
    assert "В том числе НДС (16%)" in detail
    home = client.get(f"{BASE}/").get_data(as_text=True)
    assert "Последние документы" in home and doc["id"] in home
    for path in ("act_of_works", "waybills", "commercial_offers", "invoices"):
        assert client.get(f"{BASE}/{path}/new/").status_code == 200
        assert client.get(f"{BASE}/{path}/").status_code == 200
    assert client.get(f"{BASE}/product_count/").status_code == 200


def test_anonymous_browser_is_sent_to_login(client, app):
    response = client.get(f"{BASE}/products/", headers={"Accept": "text/html"})
    assert response.status_code == 302 and "/auth/login/" in response.headers["Location"]
