"""Catalogues through the JSON API: the seed's bodies, CRUD, every validation rule, images."""
import io
import json

import pytest
from PIL import Image

from tests.test_smart_docs_support import (
    BASE,
    SEED_ACTOR,
    SEED_BENEFICIARY,
    SEED_PRODUCT,
    SEED_WORK,
    make_buyer,
    post,
    staff_of_user,
)


@pytest.fixture
def app_config(tmp_path):
    return {"SMART_DOCS_UPLOAD_DIR": str(tmp_path / "uploads")}


@pytest.fixture
def headers(director, token_headers):
    return token_headers("director@test.kz", "director-pass")


def test_seed_post_bodies_work_as_written(client, headers, director):
    staff_id = staff_of_user(director).public_id
    work = post(client, headers, "works/", SEED_WORK)
    # Additive keys: the unit's classifier code (found from «шт») and the optional article code.
    assert work == {**SEED_WORK, "id": work["id"], "staff": staff_id, "measure_code": "796", "code": ""}
    actor = post(client, headers, "actors/", SEED_ACTOR)
    assert actor == {**SEED_ACTOR, "id": actor["id"]}
    product = post(client, headers, "products/", SEED_PRODUCT)
    assert product == {**SEED_PRODUCT, "id": product["id"], "staff": staff_id,
                       "measure_code": product["measure_code"], "code": ""}
    beneficiary = post(client, headers, "beneficiaries/", SEED_BENEFICIARY)
    assert beneficiary == {**SEED_BENEFICIARY, "id": beneficiary["id"], "staff": staff_id}
    assert list(beneficiary) == ["id", "beneficiary", "beneficiary_bank", "PIC", "BIC", "KBe", "Knp", "staff"]
    listing = client.get(f"{BASE}/works/", headers=headers).get_json()
    assert listing == {"count": 1, "next": None, "previous": None, "results": [work]}
    # The alias path serves the same data.
    assert client.get(f"/smart_docs/works/{work['id']}/", headers=headers).get_json() == work


def test_update_patch_and_delete(client, headers):
    work = post(client, headers, "works/", SEED_WORK)
    url = f"{BASE}/works/{work['id']}/"
    put = client.put(url, json={**SEED_WORK, "price": "30.50", "name": "Курьер"}, headers=headers)
    assert put.status_code == 200 and put.get_json()["price"] == "30.50"
    patch = client.patch(url, json={"measure": "час"}, headers=headers)
    assert patch.get_json() == {**put.get_json(), "measure": "час"}
    missing = client.put(url, json={"name": "Только имя"}, headers=headers)
    assert missing.status_code == 400
    assert set(missing.get_json()) == {"measure", "price"}
    assert client.get(url, headers=headers).get_json()["name"] == "Курьер"  # nothing half-written
    assert client.delete(url, headers=headers).status_code == 204
    assert client.get(url, headers=headers).status_code == 404


@pytest.mark.parametrize("field, value, message", [
    ("name", "", "не может быть пустым"),
    ("name", "   ", "не может быть пустым"),
    ("name", "x" * 301, "Не длиннее 300"),
    ("name", 5, "Ожидается строка"),
    ("name", "\ud800abc", "Недопустимый символ"),  # refused app-wide (portal.web.input_check) before the service
    ("name", "a\x00b", "Недопустимый символ"),
    ("measure", None, "Обязательное поле"),
    ("price", "abc", "числом"),
    ("price", "-1.00", "отрицательной"),
    ("price", "1.005", "двух знаков"),
    ("price", 1.005, "двух знаков"),
    ("price", "NaN", "конечным"),
    ("price", "Infinity", "конечным"),
    ("price", "1000000000", "Слишком большая"),
    ("price", True, "числом"),
    ("description", "x" * 2001, "Не длиннее 2000"),
])
def test_work_validation(client, headers, field, value, message):
    # json.dumps escapes a lone surrogate as \ud800, as a JSON client may send it.
    body = json.dumps({**SEED_WORK, field: value})
    response = client.post(f"{BASE}/works/", data=body, content_type="application/json", headers=headers)
    assert response.status_code == 400
    assert message in " ".join(response.get_json()[field])
    assert client.get(f"{BASE}/works/", headers=headers).get_json()["count"] == 0


@pytest.mark.parametrize("field, value", [("price", "0"), ("price", 15), ("price", 15.5), ("description", "")])
def test_work_valid_edges(client, headers, field, value):
    post(client, headers, "works/", {**SEED_WORK, field: value})


@pytest.mark.parametrize("field, value, message", [
    ("PIC", "KZ417812870193980013", "контрольные"),
    ("PIC", "KZ4178128701939800", "20 символов"),
    ("PIC", "RU417812870193980012", "KZ"),
    ("BIC", "TBKBKZK", "8 или 11"),
    ("BIC", "TBKBKZKA12", "8 или 11"),
    ("BIC", "12KBKZKA", "формат"),
    ("KBe", "31", "две цифры"),
    ("KBe", "10", "две цифры"),
    ("KBe", "1", "две цифры"),
    ("Knp", "71", "три цифры"),
    ("Knp", "71a", "три цифры"),
    ("beneficiary", "", "пустым"),
    ("beneficiary_bank", None, "Обязательное"),
])
def test_beneficiary_validation(client, headers, field, value, message):
    response = client.post(f"{BASE}/beneficiaries/", json={**SEED_BENEFICIARY, field: value}, headers=headers)
    assert response.status_code == 400, response.get_data(as_text=True)
    assert message in " ".join(response.get_json()[field])


@pytest.mark.parametrize("field, value, stored", [
    ("PIC", "kz86 125K ZT50 0410 0100", "KZ86125KZT5004100100"),
    ("BIC", "hsbkkzkx", "HSBKKZKX"),
    ("BIC", "HSBKKZKXXXX", "HSBKKZKXXXX"),
    ("KBe", "29", "29"),
    ("Knp", "710", "710"),
])
def test_beneficiary_valid_edges(client, headers, field, value, stored):
    assert post(client, headers, "beneficiaries/", {**SEED_BENEFICIARY, field: value})[field] == stored


def test_actor_validation(client, headers):
    response = client.post(f"{BASE}/actors/", json={"full_name": "", "role": "r" * 201}, headers=headers)
    assert response.status_code == 400
    assert set(response.get_json()) == {"full_name", "role"}


def test_body_must_be_an_object(client, headers):
    for body in ([1, 2], "text", 5):
        assert client.post(f"{BASE}/works/", json=body, headers=headers).status_code == 400
    bad = client.post(f"{BASE}/works/", data="{nope", headers={**headers, "Content-Type": "application/json"})
    assert bad.status_code == 400 and "non_field_errors" in bad.get_json()


def _image_bytes(kind: str, size=(8, 6)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, kind)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "WEBP"])
def test_product_image_upload_and_tenant_wall(client, headers, other_director, token_headers, kind, app_config):
    data = {**{k: v for k, v in SEED_PRODUCT.items() if v is not None},
            "image": (io.BytesIO(_image_bytes(kind)), "photo.bin")}
    response = client.post(f"{BASE}/products/", data=data, headers=headers, content_type="multipart/form-data")
    assert response.status_code == 201, response.get_data(as_text=True)
    product = response.get_json()
    assert product["image"].endswith(f"/smart_doc/products/{product['id']}/image/")
    image = client.get(product["image"], headers=headers)
    assert image.status_code == 200 and image.mimetype.startswith("image/")
    assert Image.open(io.BytesIO(image.data)).size == (8, 6)
    stored = list((__import__("pathlib").Path(app_config["SMART_DOCS_UPLOAD_DIR"])).iterdir())
    assert len(stored) == 1 and "photo" not in stored[0].name and len(stored[0].stem) == 32
    other = token_headers("other@test.kz", "other-pass")
    assert client.get(product["image"], headers=other).status_code == 404
    # Clearing the image with JSON null removes the file too.
    cleared = client.patch(f"{BASE}/products/{product['id']}/", json={"image": None}, headers=headers)
    assert cleared.get_json()["image"] is None
    assert not list(__import__("pathlib").Path(app_config["SMART_DOCS_UPLOAD_DIR"]).iterdir())


@pytest.mark.parametrize("payload, message", [
    (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "PNG, JPEG или WebP"),
    (b"%PDF-1.4 not an image", "не является изображением"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "изображением"),
    (b"", "пуст"),
])
def test_product_image_rejects_non_images(client, headers, payload, message):
    data = {**{k: v for k, v in SEED_PRODUCT.items() if v is not None}, "image": (io.BytesIO(payload), "x.png")}
    response = client.post(f"{BASE}/products/", data=data, headers=headers, content_type="multipart/form-data")
    assert response.status_code == 400
    assert message in " ".join(response.get_json()["image"]) or "повреждено" in " ".join(response.get_json()["image"])
    assert client.get(f"{BASE}/products/", headers=headers).get_json()["count"] == 0


def test_product_image_limits(client, headers, app):
    app.config["SMART_DOCS_IMAGE_MAX_PIXELS"] = 100
    data = {**{k: v for k, v in SEED_PRODUCT.items() if v is not None},
            "image": (io.BytesIO(_image_bytes("PNG", (20, 20))), "big.png")}
    response = client.post(f"{BASE}/products/", data=data, headers=headers, content_type="multipart/form-data")
    assert response.status_code == 400 and "Слишком большое" in response.get_json()["image"][0]
    app.config["SMART_DOCS_IMAGE_MAX_BYTES"] = 50
    data["image"] = (io.BytesIO(_image_bytes("PNG", (9, 9)) + b"\x00" * 100), "big.png")
    response = client.post(f"{BASE}/products/", data=data, headers=headers, content_type="multipart/form-data")
    assert response.status_code == 400 and "больше" in response.get_json()["image"][0]


def test_image_as_json_string_is_refused(client, headers):
    response = client.post(f"{BASE}/products/", json={**SEED_PRODUCT, "image": "http://evil/x.png"}, headers=headers)
    assert response.status_code == 400 and "multipart" in response.get_json()["image"][0]


def test_deleting_a_used_product_is_refused(client, headers):
    product = post(client, headers, "products/", SEED_PRODUCT)
    line = post(client, headers, "product_count/", {"product": product["id"], "count": 2})
    refused = client.delete(f"{BASE}/products/{product['id']}/", headers=headers)
    assert refused.status_code == 409 and "используется" in refused.get_json()["detail"]
    assert client.delete(f"{BASE}/product_count/{line['id']}/", headers=headers).status_code == 204
    assert client.delete(f"{BASE}/products/{product['id']}/", headers=headers).status_code == 204


def test_user_without_company_is_told_so(client, app):
    from tests.factories import make_user

    make_user("loner@test.kz", "loner-pass")
    key = client.post("/auth/token/", json={"email": "loner@test.kz", "password": "loner-pass"}).get_json()["token"]
    response = client.get(f"{BASE}/works/", headers={"Authorization": f"Token {key}", "Accept": "application/json"})
    assert response.status_code == 403 and "компании" in response.get_json()["detail"]
    make_buyer()
