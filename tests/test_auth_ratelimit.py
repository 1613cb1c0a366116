"""Login attempts are limited per IP and per account (Flask-Limiter); a locked-out try is a 429."""
import pytest

from portal.extensions import limiter

LIMITS = {
    "RATELIMIT_ENABLED": True,
    "LOGIN_LIMIT_PER_IP": "5 per minute",
    "LOGIN_LIMIT_PER_ACCOUNT": "3 per minute",
}


def login_form(client, email, password="wrong-pass", ip="10.0.0.1"):
    return client.post("/auth/login/", data={"email": email, "password": password},
                       headers={"Accept": "text/html"}, environ_base={"REMOTE_ADDR": ip})


def token_request(client, email, password="wrong-pass", ip="10.0.0.1"):
    return client.post("/auth/token/", json={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": ip})


class LimitChecks:
    """The same behaviour whatever storage keeps the counters."""

    def test_one_account_is_locked_whatever_the_address(self, client, director, worker):
        for attempt in range(3):
            assert login_form(client, "director@test.kz", ip=f"10.0.1.{attempt}").status_code == 400
        response = login_form(client, "Director@Test.kz", password="director-pass", ip="10.0.2.1")
        assert response.status_code == 429
        page = response.get_data(as_text=True)
        assert "Слишком много попыток входа" in page and 'name="password"' in page
        assert int(response.headers["Retry-After"]) > 0
        with client.session_transaction() as session:
            assert "_user_id" not in session
        # Other accounts are not affected.
        assert login_form(client, "worker@test.kz", password="worker-pass", ip="10.0.2.1").status_code == 302

    def test_one_address_is_locked_whatever_the_account(self, client, director):
        for attempt in range(5):
            assert login_form(client, f"user{attempt}@test.kz", ip="10.0.3.1").status_code == 400
        assert login_form(client, "director@test.kz", password="director-pass", ip="10.0.3.1").status_code == 429
        assert login_form(client, "director@test.kz", password="director-pass", ip="10.0.3.2").status_code == 302

    def test_token_endpoint_answers_429_json(self, client, director):
        for attempt in range(3):
            assert token_request(client, "director@test.kz", ip=f"10.0.4.{attempt}").status_code == 400
        response = token_request(client, "director@test.kz", password="director-pass", ip="10.0.4.9")
        assert response.status_code == 429
        assert list(response.get_json()) == ["detail"]
        assert response.headers["Content-Type"].startswith("application/json")

    def test_form_and_token_share_the_account_budget(self, client, director):
        login_form(client, "director@test.kz", ip="10.0.5.1")
        token_request(client, "director@test.kz", ip="10.0.5.2")
        login_form(client, "director@test.kz", ip="10.0.5.3")
        assert token_request(client, "director@test.kz", password="director-pass", ip="10.0.5.4").status_code == 429

    def test_reading_pages_is_not_limited(self, client, director):
        for _ in range(8):
            assert client.get("/auth/login/", environ_base={"REMOTE_ADDR": "10.0.6.1"}).status_code == 200


class TestMemoryStorage(LimitChecks):
    @pytest.fixture
    def app_config(self):
        return {**LIMITS, "RATELIMIT_STORAGE_URI": "memory://"}


class TestSQLiteFileStorage(LimitChecks):
    """The default storage: counters in a SQLite file all worker processes share."""

    @pytest.fixture
    def app_config(self, tmp_path):
        return {**LIMITS, "RATELIMIT_STORAGE_URI": f"sqlite:///{tmp_path}/limits.sqlite"}

    def test_counters_live_in_the_file(self, app, client, director, tmp_path):
        import sqlite3

        login_form(client, "director@test.kz")
        with sqlite3.connect(tmp_path / "limits.sqlite") as conn:
            keys = [row[0] for row in conn.execute("SELECT key FROM counters")]
        assert any("login-account" in key for key in keys), keys


def test_the_default_storage_is_a_file_in_instance(app):
    from portal import create_app

    default = create_app({"SECRET_KEY": "x", "DATABASE_URL": app.config["DATABASE_URL"]})
    assert default.config["RATELIMIT_STORAGE_URI"] == "sqlite:///" + default.instance_path + "/ratelimits.sqlite"


def redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


# A database index of its own on the shared Redis, emptied around each test.
REDIS_URL = "redis://127.0.0.1:6379/13"


@pytest.mark.skipif(not redis_reachable(), reason="Redis is not running on 127.0.0.1:6379")
class TestRedisStorage(LimitChecks):
    @pytest.fixture
    def app_config(self):
        return {**LIMITS, "RATELIMIT_STORAGE_URI": REDIS_URL}

    @pytest.fixture(autouse=True)
    def fresh_counters(self, app):
        limiter.reset()
        yield
        limiter.reset()

    def test_counters_live_in_redis(self, app, client, director):
        import redis

        login_form(client, "director@test.kz")
        assert redis.Redis.from_url(REDIS_URL).keys("LIMITS*")
