"""Security headers on every response, and no 500 for bad input."""
import pytest

CSP_MUST = ["default-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "script-src 'self'", "style-src 'self'"]


def assert_security_headers(response) -> None:
    csp = response.headers["Content-Security-Policy"]
    for directive in CSP_MUST:
        assert directive in csp, directive
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.fixture
def boom(app):
    """A route that fails, to see the 500 answer (added before the app serves anything)."""

    def explode():
        raise RuntimeError("boom")

    app.add_url_rule("/test-boom/", "test_boom", explode)


@pytest.mark.parametrize("path, headers, status", [
    ("/", {"Accept": "text/html"}, 200),
    ("/clients/sections/", {"Accept": "application/json"}, 200),
    ("/clients/sections/", {"Accept": "text/html"}, 200),
    ("/clients/sections/0badc0de/", {"Accept": "application/json"}, 404),
    ("/clients/sections/0badc0de/", {"Accept": "text/html"}, 404),
    ("/clients/sections/?page=0", {}, 400),
    ("/clients/clients/", {"Accept": "application/json"}, 401),
    ("/clients/clients/", {"Accept": "text/html"}, 302),
    ("/auth/login/", {"Accept": "text/html"}, 200),
    ("/static/app.css", {}, 200),
    ("/static/htmx.min.js", {}, 200),
    ("/no/such/page/", {"Accept": "text/html"}, 404),
    ("/test-boom/", {"Accept": "application/json"}, 500),
    ("/test-boom/", {"Accept": "text/html"}, 500),
])
def test_every_response_carries_the_security_headers(client, boom, path, headers, status):
    response = client.get(path, headers=headers)
    assert response.status_code == status
    assert_security_headers(response)


def test_headers_on_posts_and_405(client):
    assert_security_headers(client.post("/auth/token/", data=b"{", content_type="application/json"))
    response = client.put("/clients/sections/", headers={"Accept": "application/json"})
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert_security_headers(response)


def test_server_errors_say_nothing_internal(client, boom):
    response = client.get("/test-boom/", headers={"Accept": "application/json"})
    assert list(response.get_json()) == ["detail"]
    assert "boom" not in response.get_data(as_text=True)
    page = client.get("/test-boom/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Ошибка сервера" in page and "RuntimeError" not in page


def test_pages_have_no_inline_script_or_style(client):
    page = client.get("/auth/login/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "<script>" not in page and "style=" not in page and " onclick=" not in page
    assert '"allowEval": false' in page and '"includeIndicatorStyles": false' in page


@pytest.mark.parametrize("path", [
    "/clients/sections/?page=%ff",
    "/clients/sections/?%ff%fe=%00",
    "/clients/sections/?page=1%00",
    "/clients/sub_sections/?section=%00%00%00%00%00%00%00%00",
    "/clients/sections/%00/",
    "/clients/sections/?page=" + "9" * 10000,
    "/clients/sections/?page_size=" + "9" * 10000,
    "/clients/emails/?format=json&format=html",
])
def test_hostile_query_strings_are_client_errors(client, path):
    response = client.get(path, headers={"Accept": "application/json"})
    assert 200 <= response.status_code < 500, response.status_code
    if response.status_code >= 400:
        assert response.get_json()


@pytest.mark.parametrize("body, content_type", [
    (b"{not json", "application/json"),
    (b'{"email": "a@b.kz", "password": "x"', "application/json"),
    (b"\x00\x01\x02", "application/json"),
    (b'{"email": {"$gt": ""}, "password": {"$gt": ""}}', "application/json"),
    (b"[" * 5000, "application/json"),
    (b"\xd0", "application/json; charset=utf-8"),
])
def test_malformed_json_bodies_are_400(client, body, content_type):
    response = client.post("/auth/token/", data=body, content_type=content_type)
    assert response.status_code == 400
    assert response.get_json()
