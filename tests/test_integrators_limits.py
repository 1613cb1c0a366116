"""Per-token API limits: RateLimit-* headers on every keyed answer, 429 with Retry-After over the limit."""
import pytest

from portal.extensions import limiter


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True, "API_RATE_LIMIT": "3/minute;100/hour"}


@pytest.fixture(autouse=True)
def fresh_counters(app):
    limiter.reset()


def test_each_key_has_its_own_budget_with_headers(client, director, other_director, token_headers):
    a = token_headers("director@test.kz", "director-pass")
    b = token_headers("other@test.kz", "other-pass")
    seen = []
    for _ in range(3):
        response = client.get("/clients/get_user_company/", headers=a)
        assert response.status_code == 200
        assert response.headers["RateLimit-Limit"] == "3"
        seen.append(int(response.headers["RateLimit-Remaining"]))
        assert 0 < int(response.headers["RateLimit-Reset"]) <= 60
    assert seen == [2, 1, 0]
    refused = client.get("/clients/get_user_company/", headers=a)
    assert refused.status_code == 429 and refused.get_json()["detail"].startswith("Слишком много запросов")
    assert 0 < int(refused.headers["Retry-After"]) <= 60 and refused.headers["RateLimit-Remaining"] == "0"
    # Writes count too, and another key is untouched.
    assert client.post("/smart_doc/works/", json={"name": "x"}, headers=a).status_code == 429
    fine = client.get("/clients/get_user_company/", headers=b)
    assert fine.status_code == 200 and fine.headers["RateLimit-Remaining"] == "2"


def test_browsers_and_anonymous_readers_are_not_counted_here(client, director, login):
    for _ in range(5):
        response = client.get("/clients/sections/", headers={"Accept": "application/json"})
        assert response.status_code == 200 and "RateLimit-Limit" not in response.headers
    login("director@test.kz", "director-pass")
    for _ in range(5):
        assert client.get("/clients/get_user_company/", headers={"Accept": "application/json"}).status_code == 200


class TestOff:
    @pytest.fixture
    def app_config(self):
        return {"RATELIMIT_ENABLED": True, "API_RATE_LIMIT": ""}

    def test_an_empty_setting_turns_the_limit_off(self, client, director, token_headers):
        a = token_headers("director@test.kz", "director-pass")
        for _ in range(5):
            response = client.get("/clients/get_user_company/", headers=a)
            assert response.status_code == 200 and "RateLimit-Limit" not in response.headers
