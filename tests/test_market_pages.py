"""The currencies page (server-drawn 30-day chart, converter) and the news pages."""
import re
from datetime import date
from decimal import Decimal

import pytest

from portal.market.chart import build_chart
from portal.market.convert import ConversionInvalid, convert, parse_amount
from portal.market.service import latest_rates
from tests.test_market_support import store_history, store_recorded_news

HTML = {"Accept": "text/html"}
JSON = {"Accept": "application/json"}
HTMX = {"HX-Request": "true", "Accept": "text/html"}


def svg_blocks(html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", html, flags=re.S)


def test_currencies_page_has_rates_and_a_30_point_chart_per_currency(client):
    store_history()
    response = client.get("/clients/currencies/", headers=HTML)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Курс на 26.11.2026" in html and "520,14" in html and "+0,74" in html
    charts = svg_blocks(html)
    assert len(charts) == 4
    for svg in charts:
        points = re.search(r'<polyline[^>]*points="([^"]+)"', svg).group(1).split()
        assert len(points) == 30
        assert svg.count("<circle") == 30
        assert "style=" not in svg  # the CSP forbids inline style attributes
    assert "USD/KZT с 28.10.2026 по 26.11.2026" in html
    assert 'action="/market/convert/"' in html and 'hx-get="/market/convert/"' in html
    assert "Другие валюты (35)" in html
    assert "обновлено только что" in html and "актуальны" in html


def test_page_labels_the_official_rate_and_the_demo_source(client):
    from portal.extensions import db
    from portal.market.demo import load_demo_snapshot

    load_demo_snapshot(db.session)
    html = client.get("/clients/currencies/", headers=HTML).get_data(as_text=True)
    assert "Демонстрационный снимок (не официальные данные)" in html
    assert "Коммерческие курсы покупки и продажи не подключены" in html


def test_no_inline_scripts_or_styles_on_market_pages(client):
    store_history()
    store_recorded_news()
    for path in ("/clients/currencies/", "/news/", "/clients/news/", "/market/convert/?amount=1&from=USD&to=KZT"):
        html = client.get(path, headers=HTML).get_data(as_text=True)
        assert "style=" not in html and "<script>" not in html and "onclick" not in html, path


@pytest.mark.parametrize("query, result, rate", [
    ("amount=1000&from=USD&to=KZT", "520140.00", "520.14"),
    ("amount=100000&from=KZT&to=USD", "192.26", "0.001923"),
    ("amount=100&from=EUR&to=RUB", "9322.02", "93.220155"),
    ("amount=0.50&from=RUB&to=KZT", "3.23", "6.45"),  # 3.225 rounds half-up
    ("amount=1+000%2C50&from=cny&to=kzt", "73246.61", "73.21"),  # 73246.605
])
def test_converter_json_in_decimal(client, query, result, rate):
    store_history()
    data = client.get(f"/market/convert/?{query}", headers=JSON).get_json()
    assert data["result"] == result and data["rate"] == rate
    assert data["rate_type"] == "official" and data["as_of"] == "2026-11-26"


@pytest.mark.parametrize("query, field", [
    ("amount=abc&from=USD&to=KZT", "amount"),
    ("amount=&from=USD&to=KZT", "amount"),
    ("amount=-5&from=USD&to=KZT", "amount"),
    ("amount=1.234&from=USD&to=KZT", "amount"),
    ("amount=1e5&from=USD&to=KZT", "amount"),
    ("amount=10&from=GBP&to=KZT", "from"),
    ("amount=10&from=USD&to=USD", "to"),
])
def test_converter_names_the_bad_field(client, query, field):
    store_history()
    response = client.get(f"/market/convert/?{query}", headers=JSON)
    assert response.status_code == 400
    assert list(response.get_json()) == [field]


def test_converter_page_without_js_keeps_input_and_shows_errors(client):
    store_history()
    ok = client.get("/market/convert/?amount=1000&from=USD&to=KZT", headers=HTML).get_data(as_text=True)
    assert "520\u202f140,00 KZT" in ok and "<svg" in ok
    bad = client.get("/market/convert/?amount=сто&from=USD&to=KZT", headers=HTML)
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert 'value="сто"' in html and "Введите число" in html
    assert '<div id="conv-amount-errors" aria-live="polite"><p class="field__error">' in html


def test_converter_htmx_gets_the_partial(client):
    store_history()
    response = client.get("/market/convert/?amount=250&from=EUR&to=KZT", headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<div id="converter"')
    assert "150\u202f317,50 KZT" in html
    errors = client.get("/market/convert/?amount=0&from=EUR&to=KZT", headers=HTMX)
    assert errors.status_code == 400 and "Сумма должна быть больше нуля." in errors.get_data(as_text=True)
    assert "HX-Request" in response.headers["Vary"]


def test_converter_503_without_rates(client):
    assert client.get("/market/convert/?amount=1&from=USD&to=KZT", headers=JSON).status_code == 503


def test_convert_service_rules(app):
    store_history()
    snapshot = latest_rates()
    assert convert(Decimal("1"), "USD", "EUR", snapshot).result == Decimal("0.87")
    assert parse_amount("1\u00a0234,5") == Decimal("1234.50")
    with pytest.raises(ConversionInvalid):
        convert(Decimal("1"), "USD", "GBP", snapshot)


def test_chart_geometry_places_days_by_date():
    history = [(date(2026, 11, d), Decimal(v)) for d, v in ((1, "500"), (2, "510"), (4, "505"))]
    chart = build_chart("USD", history)
    xs = [p.x for p in chart.points]
    assert xs[0] == chart.plot_left and xs[-1] == chart.plot_right
    assert abs((xs[1] - xs[0]) - (xs[2] - xs[1]) / 2) < 0.01  # a missing day stays a gap
    ys = [p.y for p in chart.points]
    assert ys[1] < ys[2] < ys[0]  # higher rates are drawn higher
    assert build_chart("USD", history[:1]) is None


def test_news_page_lists_items_with_pictures(client):
    store_recorded_news()
    html = client.get("/news/", headers=HTML).get_data(as_text=True)
    assert "Деловые новости" in html
    assert html.count('class="card market-news__item"') == 7
    assert 'src="https://static.forbes.kz/img/articles/' in html
    assert 'rel="noopener noreferrer"' in html


def test_news_latest_page(client):
    store_recorded_news()
    html = client.get("/clients/news/", headers=HTML).get_data(as_text=True)
    assert "Последняя новость" in html and "Все новости" in html


def test_nav_links(client):
    html = client.get("/news/", headers=HTML).get_data(as_text=True)
    assert ">Курсы валют</a>" in html and ">Новости</a>" in html


def test_the_converter_opened_from_a_link_shows_the_default_conversion(client):
    store_history()
    page = client.get("/market/convert/", headers=HTML)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Выберите валюту" not in html
    assert "1\u202f000,00 USD =" in html and "520\u202f140,00 KZT" in html
    assert client.get("/market/convert/?amount=5", headers=JSON).get_json()["from"] == "USD"
