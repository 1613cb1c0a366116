"""OpenAPI description of the market data: exchange rates, the converter, business news."""

from portal.models.base import PUBLIC_ID_PATTERN

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
    "NewsPage": {
        "type": "object",
        "properties": {
            "count": {"type": "integer"},
            "next": {"type": "string", "format": "uri", "nullable": True},
            "previous": {"type": "string", "format": "uri", "nullable": True},
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/NewsItem"}},
        },
        "required": ["count", "next", "previous", "results"],
    },
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
            {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
            {"name": "page_size", "in": "query", "description": "Items per page, 20 by default; values over 100 are served as 100.", "schema": {"type": "integer", "minimum": 1}},
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
            {"name": "from", "in": "query", "required": True, "schema": {"type": "string", "enum": ["KZT", "USD", "EUR", "RUB", "CNY"]}},
            {"name": "to", "in": "query", "required": True, "schema": {"type": "string", "enum": ["KZT", "USD", "EUR", "RUB", "CNY"]}},
        ],
        "responses": {
            "200": {"description": "The conversion", "content": _json("Conversion")},
            "400": {"description": "A field is wrong: `{\"amount\": [\"...\"]}`", "content": _json("ValidationError")},
            "503": _UNAVAILABLE,
        },
    }},
}
