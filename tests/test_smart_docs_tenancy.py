"""Tenant walls: a walk over every smart-doc route and method, as another company and anonymously."""
import re

import pytest

from tests.test_smart_docs_support import (
    BASE,
    SEED_ACTOR,
    SEED_BENEFICIARY,
    SEED_PRODUCT,
    SEED_WORK,
    invoice_setup,
    make_buyer,
    post,
)

READ_WRITE = ("GET", "POST", "PUT", "PATCH", "DELETE")


@pytest.fixture
def world(client, director, other_director, token_headers):
    """Company A's full set of objects, and both companies' credentials."""
    a = token_headers("director@test.kz", "director-pass")
    b = token_headers("other@test.kz", "other-pass")
    buyer = make_buyer()
    body = invoice_setup(client, a, buyer)
    ids = {
        "products": client.get(f"{BASE}/product_count/{body['product_counts'][0]}/", headers=a).get_json()["product"]["id"],
        "beneficiaries": body["beneficiary"],
        "product_count": body["product_counts"][0],
        "works": post(client, a, "works/", SEED_WORK)["id"],
        "actors": post(client, a, "actors/", SEED_ACTOR)["id"],
    }
    ids["work_counts"] = post(client, a, "work_counts/", {"work": ids["works"], "count": 1})["id"]
    ids["waybills_products"] = post(client, a, "waybills_products/", {"product": ids["products"], "subject_to_leave": 2})["id"]
    ids["invoices_for_payment"] = post(client, a, "invoices_for_payment/", body)["id"]
    ids["commercial_offers"] = post(client, a, "commercial_offers/", {"buyer": buyer.public_id, "product_counts": body["product_counts"]})["id"]
    ids["invoices"] = post(client, a, "invoices/", {"buyer": buyer.public_id, "product_counts": body["product_counts"]})["id"]
    ids["act_of_works"] = post(client, a, "act_of_works/", {"customer": buyer.public_id, "work_counts": [ids["work_counts"]]})["id"]
    ids["waybills"] = post(client, a, "waybills/", {"recipient": buyer.public_id, "waybills_products": [ids["waybills_products"]]})["id"]
    return {"a": a, "b": b, "ids": ids, "buyer": buyer, "body": body}


def _routes(app):
    """Every smart-doc URL rule under both prefixes, with the methods it answers."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in ("smart_doc", "smart_docs") and rule.endpoint != "static":
            yield rule, sorted(m for m in rule.methods if m in READ_WRITE)


def _fill(rule, ids) -> str:
    """A concrete URL for a rule, pointing at company A's object of that kind."""
    path = rule.rule
    segment = re.sub(r"^/smart_docs?/", "", path).split("/")[0]
    path = path.replace("<public_id>", ids.get(segment, "00000000"))
    return path.replace("<code>", "ip")


def test_anonymous_gets_401_everywhere(app, client, world):
    client.get("/auth/logout/")
    anonymous = app.test_client()
    walked = 0
    for rule, methods in _routes(app):
        for method in methods:
            response = anonymous.open(_fill(rule, world["ids"]), method=method, json={},
                                      headers={"Accept": "application/json"})
            assert response.status_code == 401, (method, rule.rule, response.status_code)
            walked += 1
    assert walked > 200


def test_other_company_sees_changes_and_deletes_nothing(app, client, world):
    b, ids = world["b"], world["ids"]
    secrets_of_a = set(ids.values())
    walked = 0
    for rule, methods in _routes(app):
        url = _fill(rule, ids)
        has_id = "<public_id>" in rule.rule
        for method in methods:
            if not has_id and method == "POST":
                continue  # creating in one's own company is checked with references below
            response = client.open(url, method=method, json=SEED_WORK, headers=b)
            if has_id:
                assert response.status_code == 404, (method, rule.rule, response.status_code)
            else:
                assert response.status_code == 200, (method, rule.rule, response.status_code)
                assert not secrets_of_a & set(re.findall(r"[0-9a-f]{8}", response.get_data(as_text=True))), rule.rule
            walked += 1
    assert walked > 150
    # Everything of A is still there and unchanged.
    a = world["a"]
    for name, public_id in ids.items():
        assert client.get(f"{BASE}/{name}/{public_id}/", headers=a).status_code == 200, name
    assert client.get(f"{BASE}/works/{ids['works']}/", headers=a).get_json()["name"] == SEED_WORK["name"]


def test_html_routes_of_another_company_are_404(client, world, login):
    login("other@test.kz", "other-pass")
    ids = world["ids"]
    for url, method in [
        (f"{BASE}/products/{ids['products']}/edit/", "GET"), (f"{BASE}/products/{ids['products']}/edit/", "POST"),
        (f"{BASE}/works/{ids['works']}/card/", "GET"), (f"{BASE}/actors/{ids['actors']}/delete/", "POST"),
        (f"{BASE}/invoices_for_payment/{ids['invoices_for_payment']}/", "GET"),
        (f"{BASE}/invoices_for_payment/{ids['invoices_for_payment']}/edit/", "GET"),
        (f"{BASE}/invoices_for_payment/{ids['invoices_for_payment']}/edit/", "POST"),
        (f"{BASE}/waybills/{ids['waybills']}/delete/", "POST"),
        (f"{BASE}/products/{ids['products']}/image/", "GET"),
    ]:
        response = client.open(url, method=method, data={"name": "x"}, headers={"Accept": "text/html"})
        assert response.status_code == 404, (url, method)


def test_references_to_another_company_are_400_and_change_nothing(client, world):
    a, b, ids, buyer = world["a"], world["b"], world["ids"], world["buyer"]
    cases = [
        ("product_count/", {"product": ids["products"], "count": 1}, "product"),
        ("waybills_products/", {"product": ids["products"], "subject_to_leave": 1}, "product"),
        ("work_counts/", {"work": ids["works"], "count": 1}, "work"),
        ("invoices_for_payment/", {"buyer": buyer.public_id, "beneficiary": ids["beneficiaries"],
                                   "product_counts": [ids["product_count"]]}, "product_counts"),
        ("act_of_works/", {"customer": buyer.public_id, "work_counts": [ids["work_counts"]]}, "work_counts"),
        ("waybills/", {"recipient": buyer.public_id, "waybills_products": [ids["waybills_products"]]}, "waybills_products"),
    ]
    for path, body, field in cases:
        response = client.post(f"{BASE}/{path}", json=body, headers=b)
        assert response.status_code == 400 and field in response.get_json(), (path, response.get_json())
    # B's own invoice pointing at A's beneficiary or actor names that field.
    own = invoice_setup(client, b, buyer)
    for extra, field in [({"beneficiary": ids["beneficiaries"]}, "beneficiary"), ({"executor_actor": ids["actors"]}, "executor_actor")]:
        response = client.post(f"{BASE}/invoices_for_payment/", json={**own, **extra}, headers=b)
        assert response.status_code == 400 and field in response.get_json()
    # B's own line moved onto A's product by PUT: refused, unchanged.
    line = own["product_counts"][0]
    before = client.get(f"{BASE}/product_count/{line}/", headers=b).get_json()
    response = client.put(f"{BASE}/product_count/{line}/", json={"product": ids["products"], "count": 9}, headers=b)
    assert response.status_code == 400 and "product" in response.get_json()
    assert client.get(f"{BASE}/product_count/{line}/", headers=b).get_json() == before
    # Lists show only B's own objects.
    for name in ("products", "beneficiaries", "product_count", "invoices_for_payment", "works", "actors"):
        listing = client.get(f"{BASE}/{name}/", headers=b).get_json()
        assert not {item["id"] for item in listing["results"]} & set(ids.values()), name


def test_builder_fragments_do_not_leak(client, world, login):
    login("other@test.kz", "other-pass")
    ids = world["ids"]
    response = client.post(f"{BASE}/builder/ip/lines/", data={
        "document_id": ids["invoices_for_payment"], "new-item": ids["products"], "new-count": "1", "action": "add",
        "line-0-id": ids["product_count"], "line-0-item": ids["products"], "line-0-count": "1",
    }, headers={"HX-Request": "true"})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Товар 0" not in text and "Выберите позицию из каталога" in text
