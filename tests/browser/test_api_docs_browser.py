"""/docs/ renders the OpenAPI document with Redoc in Chromium under its nonce CSP: no console
errors (CSP ones included), the operations and the «Быстрый старт» section on the page."""
from tests.browser.conftest import PHONE
from tests.browser.walk_support import Watch


# Redoc's sidebar shows its logo from its CDN (and hides it if that fails); this machine has no
# way out, so that one image's network error is not a problem of the page.
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini"


def _record(problems, msg):
    if msg.type != "error":
        return
    if "Failed to load resource" in msg.text and msg.location.get("url", "").startswith(REDOC_LOGO):
        return
    problems.append(msg.text)


def _open_docs(page):
    problems = []
    watch = Watch()
    watch.attach(page.context)  # CSP violations Chrome does not print (a refused eval caught by Redoc)
    page.on("console", lambda msg: _record(problems, msg))
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    response = page.goto(page.base + "/docs/")
    assert response.status == 200
    csp = response.headers["content-security-policy"]
    assert "unsafe-eval" not in csp and "unsafe-inline" not in csp and "'nonce-" in csp
    page.wait_for_selector("h2:has-text(\"Быстрый старт\")", timeout=60_000)
    page.wait_for_timeout(1500)  # let late requests (telemetry, if it were on) show in the console
    problems.extend(text for _, kind, text in watch.seen if kind == "csp")
    return problems


def _open_webhooks(page):
    page.get_by_text("Webhooks", exact=True).first.click()
    page.wait_for_selector("text=X-Portal-Signature", timeout=30_000)


def test_docs_render_without_csp_errors(app, page, screenshot):
    problems = _open_docs(page)
    # Redoc's search indexes in the page (no worker under this CSP) and finds an operation.
    page.locator("[data-component-name='icons/SearchIcon/SearchIcon']").first.evaluate("icon => icon.parentElement.click()")
    page.fill("input[placeholder='Search docs...']", "webhook")
    page.wait_for_selector("[data-component-name='Search/SearchItem']:has-text('Register a webhook endpoint')", timeout=30_000)
    page.keyboard.press("Escape")
    screenshot(page, "api-docs-1280")
    _open_webhooks(page)
    page.wait_for_selector("text=hmac.compare_digest", state="attached")
    screenshot(page, "api-docs-webhooks-1280")
    assert not problems, problems


def test_docs_on_a_phone(app, page, screenshot):
    page.set_viewport_size(PHONE)
    problems = _open_docs(page)
    screenshot(page, "api-docs-390", PHONE)
    assert not problems, problems
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
