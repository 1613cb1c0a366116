"""Market pages in a real browser: the chart renders, the htmx converter answers, news shows pictures.

Requests leaving 127.0.0.1 never reach the network: news pictures get a local placeholder.
"""
import io
import re

import pytest
from PIL import Image

from tests.browser.conftest import DESKTOP, PHONE
from tests.test_market_support import store_history, store_recorded_news

OUTSIDE = re.compile(r"^https?://(?!127\.0\.0\.1[:/])")


def placeholder_png() -> bytes:
    """A small grey picture standing in for a news image."""
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 210, 222)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def offline(page):
    """Answer every outside request locally (pictures) or refuse it."""
    png = placeholder_png()

    def handle(route):
        if route.request.resource_type == "image":
            route.fulfill(status=200, content_type="image/png", body=png)
        else:
            route.abort()

    page.route(OUTSIDE, handle)
    return page


def test_currencies_page_chart_and_converter(offline, app, screenshot):
    page = offline
    store_history()
    page.goto(page.base + "/clients/currencies/")
    assert page.locator("svg.market-chart__svg").count() == 4
    assert page.locator("svg.market-chart__svg").first.bounding_box()["width"] > 200
    screenshot(page, "market-currencies-desktop", DESKTOP)

    page.fill("#conv-amount", "250")
    page.select_option("#conv-from", "EUR")
    page.locator(".market-result__value strong").filter(has_text="150").wait_for()
    assert "150\u202f317,50 KZT" in page.inner_text(".market-result__value")
    assert page.url.endswith("/clients/currencies/")  # htmx swapped the partial in place
    # The amount's input event and the select's change event each send a request; let the
    # last answer land before typing again, as a person reading the result would.
    page.wait_for_load_state("networkidle")

    page.fill("#conv-amount", "сто")
    page.locator(".field__error").wait_for()
    assert page.input_value("#conv-amount") == "сто"
    screenshot(page, "market-currencies-phone", PHONE)


def test_converter_answers_never_wipe_what_is_being_typed(offline, app):
    page = offline
    store_history()
    page.goto(page.base + "/clients/currencies/")
    page.fill("#conv-amount", "")
    # 420 ms between keys: each pause outlasts the 400 ms debounce, so a request leaves and its
    # answer lands while the next digits are being typed. Only the result may change.
    page.locator("#conv-amount").press_sequentially("12345", delay=420)
    page.locator(".market-result__value").filter(has_text="12 345").wait_for()
    assert page.input_value("#conv-amount") == "12345"
    page.locator("#conv-amount").press_sequentially("x", delay=50)
    page.locator("#conv-amount-errors .field__error").wait_for()
    assert page.input_value("#conv-amount") == "12345x"
    assert page.locator("#conv-amount").evaluate("e => getComputedStyle(e).borderColor") != "rgb(0, 0, 0)"
    page.locator("#conv-amount").press("Backspace")
    page.locator("#conv-amount-errors .field__error").wait_for(state="detached")
    assert page.input_value("#conv-amount") == "12345"


def test_converter_works_without_javascript(browser, live_server, app):
    store_history()
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    page.goto(live_server + "/clients/currencies/")
    page.fill("#conv-amount", "1000")
    page.click(".market-converter button[type=submit]")
    page.wait_for_url("**/market/convert/**")
    assert "520\u202f140,00 KZT" in page.inner_text(".market-result__value")
    context.close()


def test_news_page(offline, app, screenshot):
    page = offline
    store_recorded_news()
    page.goto(page.base + "/news/")
    assert page.locator(".market-news__item").count() == 7
    screenshot(page, "market-news-desktop", DESKTOP)
    screenshot(page, "market-news-phone", PHONE)
