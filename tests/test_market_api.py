"""The market JSON contract: the seed's currency keys, the latest news, the news list, 503s, staleness."""
import re
from datetime import datetime, timedelta, timezone

import pytest

from portal.extensions import db
from portal.market.demo import load_demo_snapshot
from portal.market.service import latest_news, latest_rates
from portal.openapi import build_document
from tests.test_market_support import age_rates, store_history, store_recorded_news

JSON = {"Accept": "application/json"}
SEED_KEYS = [
    "CNY_sale", "CNY_buy", "CNY_difference", "USD_sale", "USD_buy", "USD_difference",
    "RUB_sale", "RUB_buy", "RUB_difference", "EUR_sale", "EUR_buy", "EUR_difference",
]
ADDED_KEYS = ["source", "source_name", "rate_type", "as_of", "updated", "stale"]


def test_currencies_answers_the_seed_keys_in_order(client):
    store_history()
    data = client.get("/clients/currencies/", headers=JSON).get_json()
    assert list(data) == SEED_KEYS + ADDED_KEYS
    for key in SEED_KEYS:
        assert isinstance(data[key], str) and re.fullmatch(r"-?\d+\.\d{2,6}", data[key]), (key, data[key])
    assert data["USD_sale"] == "520.14" and data["EUR_sale"] == "601.27"
    assert data["RUB_sale"] == "6.45" and data["CNY_sale"] == "73.21"
    assert data["USD_difference"] == "0.74" and data["RUB_difference"] == "-0.02"


def test_without_a_commercial_source_buy_and_sale_are_the_labelled_official_rate(client):
    store_history()
    data = client.get("/clients/currencies/?format=json").get_json()
    assert data["USD_buy"] == data["USD_sale"]
    assert data["rate_type"] == "official" and data["source"] == "nbk"
    assert "Национальный Банк" in data["source_name"]
    assert data["as_of"] == "2026-11-26"
    assert data["updated"].endswith("+05:00")
    assert data["stale"] is False


def test_currencies_503_before_the_first_fetch(client):
    response = client.get("/clients/currencies/", headers=JSON)
    assert response.status_code == 503
    assert response.get_json() == {"detail": "Курсы валют ещё не загружены. Попробуйте позже."}
    page = client.get("/clients/currencies/", headers={"Accept": "text/html"})
    assert page.status_code == 503 and "Курсы валют ещё не загружены" in page.get_data(as_text=True)


def test_stale_rates_are_marked(client, app):
    store_history()
    age_rates(hours=50)
    data = client.get("/clients/currencies/", headers=JSON).get_json()
    assert data["stale"] is True
    html = client.get("/clients/currencies/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "устарели" in html and "обновлено 2 дня назад" in html


def test_staleness_threshold_comes_from_config(app):
    store_history()
    age_rates(hours=5)
    assert latest_rates().stale is False
    app.config["RATES_STALE_HOURS"] = 4
    assert latest_rates().stale is True
    assert latest_rates().age == "обновлено 5 часов назад"


def test_real_rates_take_precedence_over_the_demo_snapshot(client):
    load_demo_snapshot(db.session)
    assert client.get("/clients/currencies/", headers=JSON).get_json()["source"] == "demo"
    store_history(source="nbk")
    assert client.get("/clients/currencies/", headers=JSON).get_json()["source"] == "nbk"


def test_news_latest_in_the_seed_shape(client):
    store_recorded_news()
    data = client.get("/clients/news/", headers=JSON).get_json()
    assert list(data) == ["title", "image", "link", "source"]
    newest_dated = [item for item in latest_news(10) if item.title != "Без даты публикации"][0]
    assert data["title"] in (newest_dated.title, "Без даты публикации")


def test_news_latest_is_the_newest_item(client, app):
    from portal.market.parse import parse_news_feed
    from portal.market.store import store_news
    from tests.test_market_support import recorded

    parsed = parse_news_feed(recorded("news_forbes.xml"), "https://forbes.kz/rss/")
    store_news(db.session, parsed.items, "https://forbes.kz/rss/", datetime.now(timezone.utc))
    db.session.commit()
    data = client.get("/clients/news/", headers=JSON).get_json()
    assert data == {
        "title": "Итоги года СПК Алматы: инвестиционное развитие, программа реновации, поддержка бизнеса",
        "image": "https://static.forbes.kz/img/articles/c0d0022bd99ed15905b5f2d6d03fff83-120x80.JPG",
        "link": "https://forbes.kz/process/businessmen/itogi_goda_spk_almatyi/",
        "source": "Forbes.kz",
    }


def test_news_latest_503_when_none(client):
    response = client.get("/clients/news/", headers=JSON)
    assert response.status_code == 503 and "detail" in response.get_json()


def test_news_list_is_paginated_newest_first(client):
    store_recorded_news()
    data = client.get("/news/?page_size=3", headers=JSON).get_json()
    assert data["count"] == 7 and len(data["results"]) == 3
    assert data["next"].endswith("/news/?page_size=3&page=2") and data["previous"] is None
    item = data["results"][1]
    assert set(item) == {"id", "title", "image", "link", "source", "published", "summary"}
    assert re.fullmatch(r"[0-9a-f]{8}", item["id"])
    times = [r["published"] for r in data["results"]]
    parsed = [datetime.fromisoformat(t) for t in times]
    assert parsed == sorted(parsed, reverse=True)
    assert client.get("/news/?page=9", headers=JSON).status_code == 404
    assert client.get("/news/?page=x", headers=JSON).get_json() == {"page": ["Ожидается целое положительное число."]}


def test_news_list_empty_is_an_empty_page(client):
    data = client.get("/news/", headers=JSON).get_json()
    assert data == {"count": 0, "next": None, "previous": None, "results": []}


def test_demo_snapshot_loads_30_days_and_news_once(app):
    first = load_demo_snapshot(db.session)
    second = load_demo_snapshot(db.session)
    assert (first.days, first.rates, first.news) == (30, 30 * 39, 8)
    assert second.news == 0
    snapshot = latest_rates(with_history=True)
    assert snapshot.source == "demo" and "не официальные" in snapshot.source_name
    assert all(len(points) == 30 for points in snapshot.history.values())
    assert snapshot.fetched_at == datetime(2026, 11, 26, 4, 5, tzinfo=timezone.utc)


def test_demo_step_for_the_demo_loader(app):
    from types import SimpleNamespace

    from portal.market.demo import demo_step

    assert demo_step(SimpleNamespace(session=db.session)) == "Рыночные данные (демо): курсов 1170 за 30 дн., новостей 8"


def test_dashboard_helpers(app):
    assert latest_rates() is None and latest_news(3) == []
    store_history()
    store_recorded_news()
    rates = latest_rates()
    assert [row.code for row in rates.main] == ["CNY", "USD", "RUB", "EUR"]
    assert rates.by_code["USD"].direction == "up" and rates.by_code["RUB"].direction == "down"
    assert len(rates.others) == 35
    assert len(latest_news(3)) == 3


def test_openapi_documents_the_market_paths():
    document = build_document()
    for path in ("/clients/currencies/", "/clients/news/", "/news/", "/market/convert/"):
        assert path in document["paths"]
    currencies = document["components"]["schemas"]["Currencies"]
    assert list(currencies["properties"]) == SEED_KEYS + ADDED_KEYS
    assert "official" in currencies["description"]


@pytest.mark.parametrize("hours, stale", [(1, False), (40, True)])
def test_news_freshness(client, hours, stale):
    store_recorded_news()
    from sqlalchemy import update

    from portal.models import NewsItem

    db.session.execute(update(NewsItem).values(fetched_at=datetime.now(timezone.utc) - timedelta(hours=hours)))
    db.session.commit()
    html = client.get("/news/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert ("устарели" in html) is stale
