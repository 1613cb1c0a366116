"""Parsers on recorded files: NBK rates (both formats), RSS news, and refused documents."""
from datetime import date, timezone
from decimal import Decimal

import pytest

from portal.market import parse
from portal.market.freshness import age_words, plural
from portal.market.parse import FeedError, parse_nbk_rates, parse_news_feed
from tests.test_market_support import recorded


def by_code(items):
    return {item.currency: item for item in items}


def test_rates_all_divides_by_quant_and_keeps_change():
    result = parse_nbk_rates(recorded("rates_all.xml"))
    rates = by_code(result.items)
    assert len(rates) == 39 and result.problems == []
    usd = rates["USD"]
    assert (usd.rate, usd.change, usd.trend, usd.quant) == (Decimal("520.14"), Decimal("0.74"), "UP", 1)
    assert usd.rate_date == date(2026, 11, 26)
    assert rates["RUB"].change == Decimal("-0.02") and rates["RUB"].trend == "DOWN"
    # 10 dram cost 13.58 KZT: one costs 1.358; the change is per unit too.
    assert rates["AMD"].quant == 10 and rates["AMD"].rate == Decimal("1.358")
    assert rates["AMD"].change == Decimal("0.004")
    assert rates["KRW"].rate == Decimal("0.3542")
    assert rates["IRR"].rate == Decimal("0.01236")


def test_get_rates_by_date_format():
    result = parse_nbk_rates(recorded("get_rates_25.11.2026.xml"))
    rates = by_code(result.items)
    assert rates["EUR"].rate == Decimal("600.50") and rates["EUR"].rate_date == date(2026, 11, 25)
    assert rates["EUR"].name == "ЕВРО"
    assert rates["EUR"].change == Decimal("-0.43")


def test_get_rates_without_data_is_an_error():
    with pytest.raises(FeedError, match="информации нет"):
        parse_nbk_rates(recorded("get_rates_nodata.xml"))


def test_malformed_rate_items_are_skipped_with_a_reason():
    data = (
        "<rss><channel>"
        "<item><title>USD</title><pubDate>26.11.2026</pubDate><description>520.14</description><quant>1</quant></item>"
        "<item><title>EUR</title><pubDate>26.11.2026</pubDate><description>не число</description><quant>1</quant></item>"
        "<item><title>rub?</title><pubDate>26.11.2026</pubDate><description>6.45</description><quant>1</quant></item>"
        "<item><title>CNY</title><pubDate>2026-11-26</pubDate><description>73.21</description><quant>1</quant></item>"
        "</channel></rss>"
    ).encode()
    result = parse_nbk_rates(data)
    assert [r.currency for r in result.items] == ["USD"]
    assert result.items[0].change is None and result.items[0].trend == ""
    assert len(result.problems) == 3


@pytest.mark.parametrize("name, reason", [
    ("html_page.html", "не XML"),
    ("bomb.xml", "небезопасный XML"),
    ("xxe.xml", "небезопасный XML"),
])
def test_unusable_documents_are_refused(name, reason):
    with pytest.raises(FeedError, match=reason):
        parse_nbk_rates(recorded(name))
    with pytest.raises(FeedError, match=reason):
        parse_news_feed(recorded(name), "https://example.kz/rss")


def test_empty_answer_is_refused():
    with pytest.raises(FeedError, match="пустой"):
        parse_nbk_rates(b"  \n")


def test_xml_bomb_never_reaches_feedparser(monkeypatch):
    def must_not_run(*args, **kwargs):
        raise AssertionError("feedparser saw an unsafe document")

    monkeypatch.setattr(parse.feedparser, "parse", must_not_run)
    with pytest.raises(FeedError, match="EntitiesForbidden"):
        parse_news_feed(recorded("bomb.xml"), "https://example.kz/rss")


def test_news_with_enclosure_image_and_aware_time():
    result = parse_news_feed(recorded("news_forbes.xml"), "https://forbes.kz/rss/")
    first = result.items[0]
    assert first.title.startswith("Итоги года СПК Алматы")
    assert first.link == "https://forbes.kz/process/businessmen/itogi_goda_spk_almatyi/"
    assert first.image == "https://static.forbes.kz/img/articles/c0d0022bd99ed15905b5f2d6d03fff83-120x80.JPG"
    assert first.source == "Forbes.kz"
    assert first.published.tzinfo is not None
    assert first.published.astimezone(timezone.utc).hour == 8  # 13:30 +05:00
    assert "<" not in first.summary and "—" in first.summary
    assert result.items[2].image is None


def test_news_with_media_content_and_thumbnail():
    result = parse_news_feed(recorded("news_kapital.xml"), "https://kapital.kz/rss")
    assert [item.image for item in result.items] == [
        "https://kapital.kz/uploads/2026/11/msb-credit.jpg",
        "https://kapital.kz/uploads/2026/11/esf-thumb.jpg",
    ]
    assert result.items[0].source == "Капитал.kz"


def test_news_image_from_description_and_missing_date():
    result = parse_news_feed(recorded("news_kursiv.xml"), "https://kursiv.kz/rss/all")
    assert result.items[0].image == "https://kursiv.kz/uploads/2026/11/tenge.jpg"
    assert result.items[1].published is None  # stored with the time it was first seen


def test_items_with_missing_fields_are_skipped_and_explained():
    result = parse_news_feed(recorded("news_missing_fields.xml"), "https://inbusiness.kz/ru/rss")
    assert [item.title for item in result.items] == ["Казахстанские компании расширяют выход на рынки ЕАЭС"]
    assert len(result.problems) == 3
    assert any("нет заголовка" in p for p in result.problems)
    assert sum("нет ссылки" in p for p in result.problems) == 2  # missing, and a javascript: link


def test_feed_with_no_usable_item_is_an_error():
    with pytest.raises(FeedError, match="нет заголовка"):
        parse_news_feed(recorded("news_all_broken.xml"), "https://www.zakon.kz/rss")


def test_source_name_falls_back_to_the_host():
    assert parse.source_name(None, "https://www.zakon.kz/rss") == "Zakon.kz"
    assert parse.source_name("  Курсив  ", "https://kursiv.kz/rss/all") == "Курсив"


@pytest.mark.parametrize("count, word", [(1, "час"), (2, "часа"), (5, "часов"), (11, "часов"), (21, "час"), (22, "часа")])
def test_russian_plural(count, word):
    assert plural(count, "час", "часа", "часов") == word


def test_age_words():
    from datetime import datetime, timedelta

    now = datetime(2026, 11, 26, 12, tzinfo=timezone.utc)
    assert age_words(now - timedelta(seconds=20), now) == "обновлено только что"
    assert age_words(now - timedelta(minutes=5), now) == "обновлено 5 минут назад"
    assert age_words(now - timedelta(hours=2, minutes=10), now) == "обновлено 2 часа назад"
    assert age_words(now - timedelta(days=3), now) == "обновлено 3 дня назад"
