"""Browser tests: the portal served on 127.0.0.1 in a thread, driven by Debian's Chromium."""
import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--lang=ru",
]
# The browser's own language: date and file inputs follow it, not the context's locale. On Linux
# Chromium takes it from LANGUAGE (--lang alone is ignored); Debian's chromium-l10n has the strings.
CHROMIUM_ENV = {**os.environ, "LANGUAGE": "ru", "LANG": "ru_RU.UTF-8"}

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def live_server(app):
    """Serve the test's app on a free port of 127.0.0.1 for the length of the test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run (Debian's build; never downloaded)."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install the Debian packages chromium and chromium-driver")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
                                              env=CHROMIUM_ENV)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) at desktop size; `page.base` is the server URL."""
    context = browser.new_context(viewport=DESKTOP, locale="ru-RU")
    context.set_default_timeout(20_000)
    tab = context.new_page()
    tab.base = live_server
    yield tab
    context.close()


@pytest.fixture
def screenshot():
    """Save a screenshot under tests/artifacts/screenshots/ (not committed) and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(tab, name: str, viewport: dict | None = None) -> Path:
        if viewport:
            tab.set_viewport_size(viewport)
        path = SCREENSHOTS / f"{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path

    return take


def browser_login(tab, email: str, password: str) -> None:
    """Log in through the real form."""
    tab.goto(tab.base + "/auth/login/")
    tab.fill("input[name=email]", email)
    tab.fill("input[name=password]", password)
    tab.click("button[type=submit]")
    tab.wait_for_url(lambda url: "/auth/login" not in url)
