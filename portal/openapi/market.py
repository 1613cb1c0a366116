"""OpenAPI description of the market data: exchange rates, the converter, business news."""

from portal.models.base import PUBLIC_ID_PATTERN
from portal.openapi.conventions import PAGE_PARAMETERS, describe, page_of

_RATE = {"type": "string", "nullable": True, "pattern": r"^-?\d+\.\d{2,6}$", "example": "520.14"}
_UNAVAILABLE = {
    "description": "Nothing fetched yet (a fresh install before the first fetch).",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def _currency_keys() -> dict:
    """The seed's twelve keys, in its order."""
    keys = {}
    for code in ("CNY", "USD", "RUB", "EUR"):
        keys[f"{code}_sale"] = {**_RATE, "description": f"KZT for 1 {code}. Official NBK rate while no commercial source is connected (see rate_type)."}
        keys[f"{code}_buy"] = {**_RATE, "description": f"KZT for 1 {code}. Official NBK rate while no commercial source is connected (see rate_type)."}
        keys[f"{code}_difference"] = {**_RATE, "example": "0.74",
                                      "description": f"Change of the {code} rate against the previous official rate; null when the source gave none."}
    return keys


SCHEMAS = {
    "Currencies": {
        "type": "object",
        "description": (
            "The seed's keys, then provenance. No commercial buy/sale source is connected, so "
            "`*_sale` and `*_buy` both carry the official rate of the National Bank (never an "
            "invented spread) and `rate_type` is `official`. `stale` is true when the values "
            "were last confirmed longer ago than the configured threshold (RATES_STALE_HOURS)."
        ),
        "properties": {
            **_currency_keys(),
            "source": {"type": "string", "enum": ["nbk", "demo"],
                       "description": "`nbk`: nationalbank.kz; `demo`: the bundled offline snapshot, not official data."},
            "source_name": {"type": "string"},
            "rate_type": {"type": "string", "enum": ["official"]},
            "as_of": {"type": "string", "format": "date", "description": "Date the rates are set for."},
            "updated": {"type": "string", "format": "date-time", "description": "When a fetch last confirmed them (Asia/Almaty)."},
            "stale": {"type": "boolean"},
        },
        "required": [*_currency_keys(), "source", "source_name", "rate_type", "as_of", "updated", "stale"],
    },
    "NewsLatest": {
        "type": "object",
        "properties": {
            "title": {"type": "string"},
            "image": {"type": "string", "format": "uri", "nullable": True},
            "link": {"type": "string", "format": "uri"},
            "source": {"type": "string", "example": "Forbes.kz"},
        },
        "required": ["title", "image", "link", "source"],
    },
    "NewsItem": {
        "allOf": [
            {"$ref": "#/components/schemas/NewsLatest"},
            {"type": "object", "properties": {
                "id": {"type": "string", "pattern": PUBLIC_ID_PATTERN},
                "published": {"type": "string", "format": "date-time"},
                "summary": {"type": "string"},
            }, "required": ["id", "published", "summary"]},
        ]
    },
    "NewsPage": page_of({"$ref": "#/components/schemas/NewsItem"}, "news items, newest first"),
    "Conversion": {
        "type": "object",
        "description": "Computed in Decimal on the server; `result` rounded half-up to 2 places.",
        "properties": {
            "amount": {"type": "string", "example": "1000.00"},
            "from": {"type": "string", "enum": ["KZT", "USD", "EUR", "RUB", "CNY"]},
            "to": {"type": "string", "enum": ["KZT", "USD", "EUR", "RUB", "CNY"]},
            "result": {"type": "string", "example": "520140.00"},
            "rate": {"type": "string", "description": "Units of `to` for one `from`, up to 6 places."},
            "rate_type": {"type": "string", "enum": ["official"]},
            "source": {"type": "string"},
            "as_of": {"type": "string", "format": "date"},
        },
        "required": ["amount", "from", "to", "result", "rate", "rate_type", "source", "as_of"],
    },
}


describe(SCHEMAS, {
    "Currencies.source_name": ("The source in words.", "Национальный Банк Республики Казахстан"),
    "Currencies.rate_type": "`official`: the National Bank's rate (no commercial buy/sale source is connected).",
    "Currencies.as_of": (None, "2026-12-03"),
    "Currencies.updated": (None, "2026-12-03T09:05:00+05:00"),
    "Currencies.stale": ("True: not confirmed for longer than RATES_STALE_HOURS; show it as old.", False),
    "NewsLatest": "The latest business news item (the dashboard's teaser).",
    "NewsLatest.title": ("Headline.", "Нацбанк сохранил базовую ставку на уровне 16,5%"),
    "NewsLatest.image": ("Picture, when the source gives one.", "https://forbes.kz/img/articles/rate.jpg"),
    "NewsLatest.link": ("The article at its source.", "https://forbes.kz/news/2026/12/03/rate/"),
    "NewsLatest.source": "The publication.",
    "NewsItem": "A business news item.",
    "NewsItem.allOf[1].id": ("Public id of the item.", "3a7c9e1f"),
    "NewsItem.allOf[1].published": ("When the source published it.", "2026-12-03T10:00:00+05:00"),
    "NewsItem.allOf[1].summary": ("The first lines, plain text.", "Решение принято на заседании 2 декабря."),
    "Conversion.amount": "The amount converted, in `from`.",
    "Conversion.from": ("The currency of `amount`.", "USD"),
    "Conversion.to": ("The currency of `result`.", "KZT"),
    "Conversion.result": "`amount` in `to`.",
    "Conversion.rate": (None, "520.140000"),
    "Conversion.rate_type": "`official`: the National Bank's rate.",
    "Conversion.source": ("Where the rates came from: `nbk` or `demo`.", "nbk"),
    "Conversion.as_of": ("Date the rates are set for.", "2026-12-03"),
})

def _json(schema: str) -> dict:
    """A JSON response body referring to a component schema."""
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}


PATHS = {
    "/clients/currencies/": {"get": {
        "tags": ["market"], "summary": "Latest KZT exchange rates (seed keys + provenance)", "security": [],
        "responses": {"200": {"description": "Latest stored rates", "content": _json("Currencies")}, "503": _UNAVAILABLE},
    }},
    "/clients/news/": {"get": {
        "tags": ["market"], "summary": "Latest business news item", "security": [],
        "responses": {"200": {"description": "The newest stored item", "content": _json("NewsLatest")}, "503": _UNAVAILABLE},
    }},
    "/news/": {"get": {
        "tags": ["market"], "summary": "Recent business news, newest first", "security": [],
        "parameters": [
            *PAGE_PARAMETERS,
        ],
        "responses": {
            "200": {"description": "A page of news", "content": _json("NewsPage")},
            "400": {"description": "Bad page parameter", "content": _json("ValidationError")},
            "404": {"description": "Page past the end", "content": _json("Error")},
        },
    }},
    "/market/convert/": {"get": {
        "tags": ["market"], "summary": "Convert between KZT, USD, EUR, RUB and CNY", "security": [],
        "parameters": [
            {"name": "amount", "in": "query", "required": True, "schema": {"type": "string", "example": "1000,50"},
             "description": "Positive, at most 2 decimal places; a comma or a dot; spaces between thousands allowed."},
            {"name": "from", "in": "query", "required": True, "description": "The currency `amount` is in.",
             "schema": {"type": "string", "enum": ["KZT", "USD", "EUR", "RUB", "CNY"], "example": "USD"}},
            {"name": "to", "in": "query", "required": True, "description": "The currency to convert to.",
             "schema": {"type": "string", "enum": ["KZT", "USD", "EUR", "RUB", "CNY"], "example": "KZT"}},
        ],
        "responses": {
            "200": {"description": "The conversion", "content": _json("Conversion")},
            "400": {"description": "A field is wrong: `{\"amount\": [\"...\"]}`", "content": _json("ValidationError")},
            "503": _UNAVAILABLE,
        },
    }},
}
