"""The fetch path through a real HTTP server on 127.0.0.1: good data, errors, slow answers, bad XML."""
import time
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from werkzeug import Response

from portal.extensions import db
from portal.market.fetch import USER_AGENT, FetchError, FetchSettings, http_get
from portal.market.jobs import backfill_rates, fetch_news, fetch_rates
from portal.market.service import latest_news, latest_rates
from portal.models import ExchangeRate, FetchLog, NewsItem
from tests.test_market_support import (  # noqa: F401  (fixtures)
    market_logs,
    market_server,
    market_server_module,
    recorded,
    serve_good_data,
    server_config,
)


@pytest.fixture
def app_config(market_server):
    return server_config(market_server)


def rates_path():
    return "/rss/rates_all.xml"


def test_good_rates_are_stored_with_a_user_agent(app, market_server):
    serve_good_data(market_server)
    outcome = fetch_rates(db.session, app.config)
    assert outcome.ok and outcome.stored == 39
    request, _ = market_server.log[0]
    assert request.headers["User-Agent"] == USER_AGENT
    snapshot = latest_rates()
    assert snapshot.by_code["USD"].rate == Decimal("520.14")
    log = db.session.scalars(select(FetchLog)).one()
    assert log.ok and log.kind == "rates" and log.stored == 39


def test_refetch_of_the_same_day_updates_instead_of_duplicating(app, market_server):
    serve_good_data(market_server)
    fetch_rates(db.session, app.config)
    fetch_rates(db.session, app.config)
    assert db.session.scalar(select(func.count()).select_from(ExchangeRate)) == 39


def _first_store_good_rates(app, server):
    server.expect_oneshot_request(rates_path()).respond_with_data(recorded("rates_all.xml"))
    assert fetch_rates(db.session, app.config).ok


@pytest.mark.parametrize("bad", ["status500", "html", "bomb", "empty", "status404"])
def test_failed_fetch_keeps_the_last_good_values(app, market_server, market_logs, bad):
    _first_store_good_rates(app, market_server)
    handler = market_server.expect_request(rates_path())
    if bad == "status500":
        handler.respond_with_data("Internal Server Error", status=500)
    elif bad == "status404":
        handler.respond_with_data("Not Found", status=404)
    elif bad == "html":
        handler.respond_with_data(recorded("html_page.html"), content_type="text/html")
    elif bad == "bomb":
        handler.respond_with_data(recorded("bomb.xml"), content_type="application/xml")
    else:
        handler.respond_with_data(b"", content_type="application/xml")

    outcome = fetch_rates(db.session, app.config)

    assert not outcome.ok and outcome.error
    assert latest_rates().by_code["USD"].rate == Decimal("520.14")
    assert db.session.scalar(select(func.count()).select_from(ExchangeRate)) == 39
    failure = db.session.scalars(select(FetchLog).where(FetchLog.ok.is_(False))).one()
    assert failure.error == outcome.error
    assert "keeping the last good values" in market_logs.text


def test_500_is_retried_with_backoff_then_succeeds(app, market_server):
    market_server.expect_ordered_request(rates_path()).respond_with_data("busy", status=503)
    market_server.expect_ordered_request(rates_path()).respond_with_data(recorded("rates_all.xml"))
    outcome = fetch_rates(db.session, app.config)
    assert outcome.ok
    assert len(market_server.log) == 2


def test_500_on_every_attempt_gives_up_after_the_retries(app, market_server):
    market_server.expect_request(rates_path()).respond_with_data("down", status=500)
    outcome = fetch_rates(db.session, app.config)
    assert not outcome.ok and "HTTP 500 после 2 попыток" in outcome.error
    assert len(market_server.log) == 2  # MARKET_HTTP_RETRIES = 1


def test_a_404_is_not_retried(app, market_server):
    market_server.expect_request(rates_path()).respond_with_data("gone", status=404)
    outcome = fetch_rates(db.session, app.config)
    assert not outcome.ok and outcome.error == "HTTP 404"
    assert len(market_server.log) == 1


def test_slow_answer_times_out_and_keeps_values(app, market_server):
    _first_store_good_rates(app, market_server)

    def slow(request):
        time.sleep(1.0)
        return Response(recorded("rates_all.xml"), content_type="application/xml")

    market_server.expect_request(rates_path()).respond_with_handler(slow)
    started = time.monotonic()
    outcome = fetch_rates(db.session, app.config)
    assert not outcome.ok and "таймаут" in outcome.error
    assert time.monotonic() - started < 1.5  # two attempts of 0.3 s, not the server's pace
    assert latest_rates().by_code["USD"].rate == Decimal("520.14")


def test_oversized_answer_is_refused(market_server):
    market_server.expect_request("/big").respond_with_data(b"x" * 5000)
    settings = FetchSettings(timeout=1, retries=0, backoff=0, max_bytes=1000)
    with pytest.raises(FetchError, match="больше 1000 байт"):
        http_get(market_server.url_for("/big"), settings)


def test_unreachable_source_is_a_fetch_error():
    settings = FetchSettings(timeout=0.2, retries=1, backoff=0)
    sleeps = []
    with pytest.raises(FetchError, match="нет соединения"):
        http_get("http://127.0.0.1:9/rates.xml", settings, sleep=sleeps.append)
    assert sleeps == [0]


def test_backoff_doubles_between_attempts(market_server):
    market_server.expect_request("/down").respond_with_data("x", status=502)
    sleeps = []
    with pytest.raises(FetchError):
        http_get(market_server.url_for("/down"), FetchSettings(timeout=1, retries=3, backoff=0.5), sleep=sleeps.append)
    assert sleeps == [0.5, 1.0, 2.0]


def test_backfill_reads_the_by_date_format(app, market_server):
    market_server.expect_request("/rss/get_rates.cfm", query_string="fdate=25.11.2026").respond_with_data(
        recorded("get_rates_25.11.2026.xml"))
    market_server.expect_request("/rss/get_rates.cfm", query_string="fdate=26.11.2026").respond_with_data(
        recorded("get_rates_nodata.xml"))
    from datetime import date

    outcomes = backfill_rates(db.session, app.config, 2, today=date(2026, 11, 26))
    assert [o.ok for o in outcomes] == [True, False]
    assert "информации нет" in outcomes[1].error
    stored = db.session.scalars(select(ExchangeRate).where(ExchangeRate.currency == "EUR")).one()
    assert stored.rate == Decimal("600.50") and stored.name == "ЕВРО"


def test_news_feeds_are_fetched_independently(app, market_server):
    serve_good_data(market_server)
    market_server.clear()
    market_server.expect_request("/forbes/rss").respond_with_data(recorded("news_forbes.xml"))
    market_server.expect_request("/kapital/rss").respond_with_data(recorded("bomb.xml"))
    market_server.expect_request("/kursiv/rss").respond_with_data(recorded("news_missing_fields.xml"))

    outcomes = fetch_news(db.session, app.config)

    assert [o.ok for o in outcomes] == [True, False, True]
    assert outcomes[0].stored == 3
    assert "небезопасный XML" in outcomes[1].error
    assert outcomes[2].stored == 1 and outcomes[2].skipped == 3
    assert db.session.scalar(select(func.count()).select_from(NewsItem)) == 4
    logs = db.session.scalars(select(FetchLog).where(FetchLog.kind == "news").order_by(FetchLog.id)).all()
    assert [log.ok for log in logs] == [True, False, True]
    assert "нет заголовка" in logs[2].error


def test_news_is_unique_by_link(app, market_server):
    serve_good_data(market_server)
    first = fetch_news(db.session, app.config)
    second = fetch_news(db.session, app.config)
    assert sum(o.stored for o in first) == 7
    assert sum(o.stored for o in second) == 0
    assert db.session.scalar(select(func.count()).select_from(NewsItem)) == 7
    newest = latest_news(2)
    # An item without a date is dated when first seen (now), so it sorts first.
    assert newest[0].title == "Без даты публикации"
    assert newest[1].title.startswith("Итоги года СПК Алматы")


def test_cli_fetch_rates_prints_what_it_stored(runner, market_server):
    serve_good_data(market_server)
    result = runner.invoke(args=["fetch-rates"])
    assert result.exit_code == 0, result.output
    assert "[ok]" in result.output and "сохранено 39" in result.output
    assert "USD 520.14" in result.output and "курсы на 26.11.2026" in result.output


def test_cli_fetch_news_prints_and_fails_loudly(runner, market_server):
    market_server.expect_request("/forbes/rss").respond_with_data(recorded("news_forbes.xml"))
    market_server.expect_request("/kapital/rss").respond_with_data("oops", status=500)
    market_server.expect_request("/kursiv/rss").respond_with_data(recorded("html_page.html"))
    result = runner.invoke(args=["fetch-news"])
    assert result.exit_code == 1
    assert "[ok]" in result.output and "сохранено 3" in result.output
    assert result.output.count("[ошибка]") == 2 and "сохранённые данные не изменены" in result.output


def test_pages_still_answer_after_a_failed_fetch(app, client, market_server):
    _first_store_good_rates(app, market_server)
    market_server.expect_request(rates_path()).respond_with_data("down", status=500)
    fetch_rates(db.session, app.config)
    page = client.get("/clients/currencies/", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "Последнее обновление" in page.get_data(as_text=True)
    assert client.get("/clients/currencies/?format=json").get_json()["USD_sale"] == "520.14"
