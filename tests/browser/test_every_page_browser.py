"""Every page a user can reach, in Chromium at 390 px, as a visitor, a director and a newcomer:
no CSP violation, console error, page error or htmx error event on any of them, and none of them
scrolls sideways. Then htmx error answers (a refused form, a 404 partial) and the converter typed
into quickly. The page list is built from the url_map (walk_support.page_urls), so a new route is
walked or the test says it has no ids for it.

The walk's watch is itself checked on a page with an inline script and style (the last test): a
watch that could not see a violation would let every other test here pass."""
import re

import pytest

from portal.extensions import db
from portal.models import Product
from portal.web.security import CSP
from tests.browser.test_market_browser import placeholder_png
from tests.browser.conftest import DESKTOP, PHONE, browser_login
from tests.browser.walk_support import Watch, build_world, page_urls
from tests.test_documents_support import buyer, headers  # noqa: F401  (fixtures)

OUTSIDE = re.compile(r"^https?://(?!127\.0\.0\.1[:/])")
# A page answered 4xx on purpose (a stale link, a wall) logs its own status; that is not a fault.
OWN_STATUS = re.compile(r"Failed to load resource: the server responded with a status of 4\d\d")
SIDEWAYS = "[document.documentElement.scrollWidth, window.innerWidth]"


@pytest.fixture
def app_config(tmp_path):
    return {"SMART_DOCS_UPLOAD_DIR": str(tmp_path / "uploads"), "WEBHOOKS_ALLOW_PRIVATE": True}


@pytest.fixture
def world(app, client, headers, director, buyer):  # noqa: F811
    return build_world(app, client, headers, director, buyer)


def _tab(browser, live_server, watch: Watch, viewport=PHONE):
    context = browser.new_context(viewport=viewport, locale="ru-RU")
    context.set_default_timeout(20_000)
    png = placeholder_png()
    # Nothing leaves the machine: outside pictures (news, Redoc's logo) get a local stand-in, and
    # any other outside request fails, which the watch then reports.
    context.route(OUTSIDE, lambda route: route.fulfill(status=200, content_type="image/png", body=png)
                  if route.request.resource_type == "image" else route.abort())
    watch.attach(context)
    tab = context.new_page()
    tab.base = live_server
    watch.follow(tab)
    return tab


def _walk(tab, urls: list[str], refused: dict | None = None) -> dict[str, int]:
    """Open each URL and let its htmx loads settle; the pages wider than the viewport. Pages
    answered 4xx go into `refused` (URL: status) when it is given."""
    wide = {}
    for url in urls:
        answer = tab.goto(tab.base + url)
        assert answer is not None and answer.status < 500, (url, answer and answer.status)
        if refused is not None and answer.status >= 400:
            refused[url] = answer.status
        try:
            tab.wait_for_load_state("networkidle", timeout=3000)
        except Exception:  # a polling page (a task's progress) is never idle; what it loaded is seen
            pass
        scroll, inner = tab.evaluate(SIDEWAYS)
        if scroll > inner:
            wide[url] = scroll
    return wide


def _faults(watch: Watch) -> list:
    return [item for item in watch.seen if not (item[1] == "console" and OWN_STATUS.search(item[2]))]


def test_every_page_as_visitor_director_and_newcomer(browser, live_server, app, world):
    urls = page_urls(app, world)
    assert len(urls) > 100 and "/ledger/receivables/" in urls and any(u.startswith("/ledger/invoices/") for u in urls)

    visitor = Watch()
    tab = _tab(browser, live_server, visitor)
    wide_anonymous = _walk(tab, urls)
    tab.context.close()

    staff = Watch()
    tab = _tab(browser, live_server, staff)
    browser_login(tab, "director@test.kz", "director-pass")
    refused = {}
    wide_director = _walk(tab, urls, refused)
    tab.context.close()
    # The director opens every page; only the newcomer's claim, the stale mail links (404) and an
    # invite to a company (409: the director already has one) refuse.
    assert sorted(refused.items()) == sorted(
        [(url, 404) for url in urls if url.startswith("/identity/claims/") or "/stale-link/" in url]
        + [(url, 409) for url in urls if url.startswith("/staff/join/")])

    newcomer = Watch()
    tab = _tab(browser, live_server, newcomer)
    browser_login(tab, "newcomer@test.kz", "newcomer-pass")
    theirs = [url for url in urls if url.startswith(("/identity/claims/", "/staff/join/"))]
    refused = {}
    wide_newcomer = _walk(tab, ["/", "/staff/claim/", *theirs, "/identity/eds/", "/auth/sessions/"], refused)
    tab.context.close()
    # Their claim is theirs to open; an invite is for exactly them (a claim's provisional seat is no company).
    assert refused == {} and any(url.startswith("/staff/join/") for url in theirs)

    assert {"faults": [_faults(visitor), _faults(staff), _faults(newcomer)],
            "wider than 390 px": [wide_anonymous, wide_director, wide_newcomer]} == {
        "faults": [[], [], []], "wider than 390 px": [{}, {}, {}]}


def test_htmx_error_answers_and_the_converter_typed_into_quickly(browser, live_server, app, world):
    watch = Watch()
    tab = _tab(browser, live_server, watch, DESKTOP)
    browser_login(tab, "director@test.kz", "director-pass")

    # A 400: the catalogue's inline form is re-shown with its message, values kept.
    tab.goto(tab.base + "/smart_doc/products/")
    tab.fill("#sd-new-name", "Ноутбук")
    tab.fill("#sd-new-measure", "шт")
    tab.fill("#sd-new-price", "12.345")
    tab.click("#sd-catalogue form button[type=submit]")
    tab.wait_for_selector("text=Не больше двух знаков после запятой")
    assert tab.input_value("#sd-new-name") == "Ноутбук"
    tab.fill("#sd-new-price", "150000.00")
    tab.click("#sd-catalogue form button[type=submit]")
    tab.wait_for_selector("text=Добавлено: Ноутбук.")
    # A 404 partial: a card whose product went away in another tab answers into #messages.
    card = tab.locator("article:has-text('Ноутбук'):has(a:has-text('Изменить'))").first
    name = card.locator("a:has-text('Изменить')").get_attribute("hx-get").split("/")[-3]
    db.session.execute(db.delete(Product).where(Product.public_id == name))
    db.session.commit()
    card.locator("a:has-text('Изменить')").click()
    tab.wait_for_selector("#messages .flash")
    assert "не найден" in tab.inner_text("#messages").lower(), tab.inner_text("#messages")
    # The webhooks form refuses an ftp:// address (400) in place.
    tab.goto(tab.base + "/webhooks/")
    tab.fill("#wh-url", "ftp://example.com/")
    tab.click("text=Добавить адрес")
    tab.wait_for_selector(".field__error")

    # Filters changed in quick succession (each change sends at once): the registry, the
    # payments and the company search answer the last one, and no request is aborted on the way.
    for path, select in (("/ledger/", "#r-type"), ("/ledger/", "#r-sort"), ("/clients/clients/", ".search-filters select")):
        tab.goto(tab.base + path)
        field = tab.locator(select).first
        for value in field.locator("option").evaluate_all("options => options.map(o => o.value)") * 2:
            field.select_option(value)
        tab.wait_for_load_state("networkidle")
    tab.goto(tab.base + "/ledger/payments/")
    for day in ("2026-11-01", "2026-11-02", "2026-11-03", ""):
        tab.fill("#pf-from", day)
    tab.wait_for_load_state("networkidle")

    # The converter: quick keys and quick choices; each answer swaps only the result.
    tab.goto(tab.base + "/clients/currencies/")
    amount = tab.locator("#conv-amount")
    amount.fill("")
    amount.press_sequentially("123456", delay=25)
    for code in ("EUR", "RUB", "USD"):
        tab.select_option("#conv-from", code)
    amount.press("Backspace")
    amount.press_sequentially("7", delay=25)
    tab.locator(".market-result__value").filter(has_text="123 457").wait_for()
    tab.wait_for_load_state("networkidle")
    assert amount.input_value() == "123457" and "USD" in tab.inner_text(".market-result__value")
    tab.context.close()
    assert _faults(watch) == []


def test_the_watch_sees_inline_code_the_csp_refuses(browser, live_server):
    # The walk's evidence that it would fail: a page of this origin under the portal's CSP with
    # an inline style attribute, an inline script and an inline handler.
    watch = Watch()
    tab = _tab(browser, live_server, watch, DESKTOP)
    probe = ('<!doctype html><p style="color:red">x</p><script>document.title = "ran"</script>'
             '<img src="/static/favicon.svg" onload="document.title = \'ran\'">')
    tab.route(live_server + "/csp-probe/", lambda route: route.fulfill(
        status=200, content_type="text/html", body=probe, headers={"Content-Security-Policy": CSP}))
    _walk(tab, ["/csp-probe/"])
    assert tab.title() != "ran"
    refused = sorted(text.split(" ")[0] for _, kind, text in watch.seen if kind == "csp")
    tab.context.close()
    assert refused == ["script-src-attr", "script-src-elem", "style-src-attr"], watch.seen
