"""Market views: the seed's `/clients/currencies/` and `/clients/news/`, the news list, the converter."""
from flask import Blueprint, request

from portal.extensions import db
from portal.market.pages import NO_NEWS, NO_RATES, currencies_page
from portal.market.serializers import conversion_json, currencies_json, news_json, news_list_item_json
from portal.market.service import latest_news, news_count, news_freshness, news_query
from portal.web.errors import ValidationFailed
from portal.web.negotiation import negotiate, wants_json
from portal.web.pagination import page_json, page_request, paginate

bp = Blueprint("market", __name__)


def _unavailable(detail: str):
    """The JSON twin of an empty market page: 503 with `detail` (nothing fetched yet)."""
    return lambda _data: {"detail": detail}


@bp.get("/clients/currencies/")
def currencies():
    """Latest rates in the seed's keys; the page adds the 30-day charts and the converter."""
    page = currencies_page(request.args)
    if page.snapshot is None:
        return negotiate(page, _unavailable(NO_RATES), "market/currencies.html", status=503)
    return negotiate(page, lambda p: currencies_json(p.snapshot), "market/currencies.html")


@bp.get("/market/convert/")
def convert():
    """Convert between KZT and USD/EUR/RUB/CNY: JSON, the htmx partial, or the whole page."""
    page = currencies_page(request.args, convert=True)
    if page.snapshot is None:
        return negotiate(page, _unavailable(NO_RATES), "market/currencies.html", status=503)
    errors = page.converter.errors
    if errors and wants_json():
        raise ValidationFailed(errors)
    status = 400 if errors else 200
    return negotiate(page, lambda p: conversion_json(p.converter.result), "market/currencies.html",
                     partial="market/_converter.html", status=status)


@bp.get("/clients/news/")
def news_latest():
    """The latest news item in the seed's shape."""
    items = latest_news(1)
    freshness = news_freshness()
    if not items:
        return negotiate(None, _unavailable(NO_NEWS), "market/news_latest.html", status=503, freshness=freshness)
    return negotiate(items[0], news_json, "market/news_latest.html", freshness=freshness)


@bp.get("/news/")
def news_list():
    """Recent business news, newest first, paginated."""
    page = paginate(db.session, news_query(), page_request(), count=news_count())
    return negotiate(page, lambda p: page_json(p, news_list_item_json), "market/news.html",
                     freshness=news_freshness())
