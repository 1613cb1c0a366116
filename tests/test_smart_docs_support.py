"""Shared builders for the smart-doc tests (no tests here)."""
from portal.extensions import db
from portal.models import Staff
from tests import factories

SEED_WORK = {"name": "Доставка посылки курьером", "description": "", "measure": "шт", "price": "21.00"}
SEED_ACTOR = {"full_name": "Азамат Боранбаев Кайратович", "role": "Работник"}
SEED_PRODUCT = {
    "name": "ASUS laptop 4gb", "description": "Новейший ноутбук от asus", "measure": "шт",
    "manufacturer": "ASUS", "image": None, "price": "1.00",
}
SEED_BENEFICIARY = {
    "beneficiary": "Азамат1", "beneficiary_bank": "АО \"CAPITAL BANK KAZAKHSTAN”",
    "PIC": "KZ417812870193980012", "BIC": "TBKBKZKA", "KBe": "13", "Knp": "123",
}
BASE = "/smart_doc"


def staff_of_user(user) -> Staff:
    return db.session.query(Staff).filter_by(user_id=user.id).one()


def make_buyer(name='ТОО "ПОКУПАТЕЛЬ"'):
    """A directory company to sell to."""
    return factories.make_company(name=name)


def post(client, headers, path, body, status=201):
    """POST JSON and check the status; returns the JSON answer."""
    response = client.post(f"{BASE}/{path}", json=body, headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def invoice_setup(client, headers, buyer, prices=("1500.00", "250.50"), counts=(2, 3)):
    """A beneficiary, products and product lines; returns the ids an invoice needs."""
    beneficiary = post(client, headers, "beneficiaries/", SEED_BENEFICIARY)
    lines = []
    for i, (price, count) in enumerate(zip(prices, counts)):
        product = post(client, headers, "products/", {**SEED_PRODUCT, "name": f"Товар {i}", "price": price})
        lines.append(post(client, headers, "product_count/", {"product": product["id"], "count": count})["id"])
    return {"buyer": buyer.public_id, "beneficiary": beneficiary["id"], "product_counts": lines}
