"""JSON shapes of the market API: the seed's keys first, then documented additions."""
from decimal import Decimal

from portal.market.convert import Conversion
from portal.market.service import MAIN_CURRENCIES, RatesSnapshot, number_text
from portal.models import NewsItem
from portal.timeutil import iso


def decimal_text(value: Decimal | None) -> str | None:
    """At least two places as the seed writes rates (`"68.50"`), more only when they carry digits."""
    return None if value is None else number_text(value).replace(",", ".")


def currencies_json(snapshot: RatesSnapshot) -> dict:
    """`<CUR>_sale`, `<CUR>_buy`, `<CUR>_difference` for CNY, USD, RUB, EUR, then the provenance.

    No commercial buy/sale source is connected, so sale and buy both carry the official
    rate (never a made-up spread) and `rate_type: "official"` says so; `difference` is the
    change against the previous official rate. Whatever the source did not give is null.
    """
    rates = snapshot.by_code
    data: dict = {}
    for code in MAIN_CURRENCIES:
        row = rates.get(code)
        rate = decimal_text(row.rate) if row else None
        data[f"{code}_sale"] = rate
        data[f"{code}_buy"] = rate
        data[f"{code}_difference"] = decimal_text(row.change) if row else None
    data.update({
        "source": snapshot.source,
        "source_name": snapshot.source_name,
        "rate_type": snapshot.rate_type,
        "as_of": snapshot.as_of.isoformat(),
        "updated": iso(snapshot.fetched_at),
        "stale": snapshot.stale,
    })
    return data


def news_json(item: NewsItem) -> dict:
    """The seed's latest-news shape: title, image, link, source."""
    return {"title": item.title, "image": item.image, "link": item.link, "source": item.source}


def news_list_item_json(item: NewsItem) -> dict:
    """A news item in the paginated list: the seed's keys plus id, time and summary."""
    return {"id": item.public_id, **news_json(item), "published": iso(item.published), "summary": item.summary}


def conversion_json(result: Conversion) -> dict:
    """A converter answer; money as 2-place strings, the rate with up to 6 places."""
    return {
        "amount": f"{result.amount:.2f}",
        "from": result.from_code,
        "to": result.to_code,
        "result": f"{result.result:.2f}",
        "rate": decimal_text(result.rate),
        "rate_type": result.rate_type,
        "source": result.source,
        "as_of": result.as_of.isoformat(),
    }
