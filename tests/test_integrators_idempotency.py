"""`Idempotency-Key` on every POST: replays of the first answer, 422 for another body, per tenant, 24 hours."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from portal.extensions import db
from portal.models import IdempotencyKey, Work
from tests.test_smart_docs_support import BASE, SEED_ACTOR, SEED_WORK


@pytest.fixture
def a(client, director, token_headers):
    return token_headers("director@test.kz", "director-pass")


@pytest.fixture
def b(client, other_director, token_headers):
    return token_headers("other@test.kz", "other-pass")


def works() -> int:
    return db.session.execute(select(func.count(Work.id))).scalar_one()


def test_same_key_and_body_replays_the_first_answer(client, a):
    keyed = {**a, "Idempotency-Key": "retry-1"}
    first = client.post(f"{BASE}/works/", json=SEED_WORK, headers=keyed)
    again = client.post(f"{BASE}/works/", json=SEED_WORK, headers=keyed)
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json() and works() == 1
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert first.headers["Idempotency-Key"] == "retry-1"


def test_same_key_with_another_body_path_or_query_is_422(client, a):
    keyed = {**a, "Idempotency-Key": "retry-2"}
    assert client.post(f"{BASE}/works/", json=SEED_WORK, headers=keyed).status_code == 201
    for path, body in [(f"{BASE}/works/", {**SEED_WORK, "price": "22.00"}), (f"{BASE}/actors/", SEED_ACTOR),
                       (f"{BASE}/works/?format=json", SEED_WORK)]:
        response = client.post(path, json=body, headers=keyed)
        assert response.status_code == 422 and "Idempotency-Key" in response.get_json()["detail"], path
    assert works() == 1


def test_keys_are_per_company_and_last_24_hours(client, a, b):
    for headers in (a, b):
        assert client.post(f"{BASE}/works/", json=SEED_WORK, headers={**headers, "Idempotency-Key": "k"}).status_code == 201
    assert works() == 2
    db.session.execute(update(IdempotencyKey).values(created=IdempotencyKey.created - timedelta(hours=25)))
    db.session.commit()
    response = client.post(f"{BASE}/works/", json={**SEED_WORK, "price": "5.00"}, headers={**a, "Idempotency-Key": "k"})
    assert response.status_code == 201 and works() == 3


def test_a_refused_request_frees_its_key(client, a):
    keyed = {**a, "Idempotency-Key": "retry-3"}
    refused = client.post(f"{BASE}/works/", json={"name": ""}, headers=keyed)
    assert refused.status_code == 400
    assert client.post(f"{BASE}/works/", json=SEED_WORK, headers=keyed).status_code == 201
    assert db.session.execute(select(func.count(IdempotencyKey.id))).scalar_one() == 1


def test_bad_keys_and_anonymous_callers(client, a):
    for key in ("ключ", "x" * 201, "with space"):
        response = client.post(f"{BASE}/works/", json=SEED_WORK, headers={**a, "Idempotency-Key": key})
        assert response.status_code == 400 and "Idempotency-Key" in response.get_json(), key
    anonymous = client.post(f"{BASE}/works/", json=SEED_WORK,
                            headers={"Accept": "application/json", "Idempotency-Key": "anon"})
    assert anonymous.status_code == 401
    assert works() == 0


def test_the_token_endpoint_ignores_keys_of_anonymous_callers(client, director):
    body = {"email": "director@test.kz", "password": "director-pass"}
    first = client.post("/auth/token/", json=body, headers={"Idempotency-Key": "t"})
    second = client.post("/auth/token/", json=body, headers={"Idempotency-Key": "t"})
    assert first.status_code == second.status_code == 200
    assert db.session.execute(select(func.count(IdempotencyKey.id))).scalar_one() == 0
