"""Per-token API rate limits: every request authenticated by an API key counts against that
key's limits (`API_RATE_LIMIT`, e.g. "600/minute;20000/hour"), in the same storage as the login
limits (Flask-Limiter's: SQLite file by default, Redis in production), so every worker and
machine counts together.

Every such answer says where the key stands (IETF draft `RateLimit-*` headers, for the limit
with the least room left): `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset`
(seconds); over a limit, a 429 with `Retry-After`. Browser sessions are not limited here (the
login forms have their own limits); with `RATELIMIT_ENABLED` off nothing is counted.
"""
import math
import time

from flask import Flask, Response, current_app, g
from limits import parse_many

from portal.extensions import limiter
from portal.web.errors import error_response

SCOPE = "api-token"
TOO_MANY = "Слишком много запросов с этим ключом API. Повторите через {seconds} с."


def _limits():
    """The configured limits, parsed once per setting value."""
    raw = current_app.config.get("API_RATE_LIMIT") or ""
    cached = current_app.extensions.get("api_limits")
    if cached is None or cached[0] != raw:
        cached = (raw, parse_many(raw) if raw.strip() else [])
        current_app.extensions["api_limits"] = cached
    return cached[1]


def _check():
    """before_request: count this request against its key's limits; over one, a 429."""
    token = g.get("api_token")
    items = _limits() if token is not None else []
    if not items or not current_app.config.get("RATELIMIT_ENABLED", True) or not limiter.enabled:
        return None
    strategy = limiter.limiter
    ident = str(token.id)
    tightest = None
    refused = None
    for item in items:
        allowed = strategy.hit(item, SCOPE, ident)
        stats = strategy.get_window_stats(item, SCOPE, ident)
        state = (stats.remaining, item.amount, stats.reset_time)
        if not allowed and (refused is None or stats.reset_time > refused[2]):
            refused = state
        if tightest is None or state[0] < tightest[0]:
            tightest = state
    g.api_limit = refused or tightest
    if refused is not None:
        seconds = max(1, math.ceil(refused[2] - time.time()))
        response = error_response(429, TOO_MANY.format(seconds=seconds))
        response.headers["Retry-After"] = str(seconds)
        return response
    return None


def _headers(response: Response) -> Response:
    """after_request: the RateLimit-* headers of a request an API key made."""
    state = g.pop("api_limit", None)
    if state is not None:
        remaining, amount, reset = state
        response.headers["RateLimit-Limit"] = str(amount)
        response.headers["RateLimit-Remaining"] = str(max(0, remaining))
        response.headers["RateLimit-Reset"] = str(max(0, math.ceil(reset - time.time())))
    return response


def register_api_limits(app: Flask) -> None:
    """Attach the hooks (after authentication, which finds the key)."""
    app.before_request(_check)
    app.after_request(_headers)
