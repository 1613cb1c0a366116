"""HTTP for market sources: timeouts, a small retry with backoff, a size cap, a User-Agent."""
import logging
import time
from dataclasses import dataclass
from typing import Callable, Mapping

import requests

log = logging.getLogger(__name__)

USER_AGENT = "B2B-Portal/1.0 (market data fetcher; python-requests)"
# Worth another try: the server or the network may recover within seconds.
RETRYABLE_STATUS = {429, 500, 502, 503, 504}


class FetchError(Exception):
    """The source could not be read; the message says why, for the log and the fetch record."""


@dataclass(frozen=True)
class FetchSettings:
    """Limits for one request, read from the app config."""

    timeout: float = 10.0
    retries: int = 2
    backoff: float = 1.0
    max_bytes: int = 5 * 1024 * 1024

    @classmethod
    def from_config(cls, config: Mapping) -> "FetchSettings":
        """`MARKET_HTTP_*` settings; env values arrive as numbers or strings."""
        return cls(
            timeout=float(config.get("MARKET_HTTP_TIMEOUT", cls.timeout)),
            retries=max(0, int(config.get("MARKET_HTTP_RETRIES", cls.retries))),
            backoff=max(0.0, float(config.get("MARKET_HTTP_BACKOFF", cls.backoff))),
            max_bytes=int(config.get("MARKET_MAX_BYTES", cls.max_bytes)),
        )


class _Retry(Exception):
    """An answer worth retrying (5xx, 429)."""


def _read_body(response: requests.Response, settings: FetchSettings, deadline: float) -> bytes:
    """Read at most `max_bytes`, and give up on a server that trickles past the deadline."""
    chunks, size = [], 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > settings.max_bytes:
            raise FetchError(f"ответ больше {settings.max_bytes} байт")
        if time.monotonic() > deadline:
            raise requests.Timeout("ответ передаётся слишком долго")
        chunks.append(chunk)
    return b"".join(chunks)


def _attempt(url: str, settings: FetchSettings) -> bytes:
    """One GET; raises _Retry or a requests error for what is worth retrying."""
    deadline = time.monotonic() + settings.timeout * 2
    headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/xml, text/xml;q=0.9, */*;q=0.5"}
    with requests.get(url, headers=headers, timeout=(settings.timeout, settings.timeout), stream=True) as response:
        if response.status_code in RETRYABLE_STATUS:
            raise _Retry(f"HTTP {response.status_code}")
        if response.status_code >= 400:
            raise FetchError(f"HTTP {response.status_code}")
        return _read_body(response, settings, deadline)


def http_get(url: str, settings: FetchSettings, sleep: Callable[[float], None] = time.sleep) -> bytes:
    """GET `url` with retries (backoff × 2^attempt between them); FetchError after the last one."""
    last = "нет попыток"
    for attempt in range(settings.retries + 1):
        try:
            return _attempt(url, settings)
        except requests.Timeout:
            last = f"таймаут {settings.timeout:g} с"
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            last = f"нет соединения ({type(exc).__name__})"
        except _Retry as exc:
            last = str(exc)
        except requests.RequestException as exc:
            raise FetchError(f"запрос невозможен: {exc}") from exc
        log.info("market fetch %s failed (%s), attempt %d of %d", url, last, attempt + 1, settings.retries + 1)
        if attempt < settings.retries:
            sleep(settings.backoff * (2 ** attempt))
    raise FetchError(f"{last} после {settings.retries + 1} попыток")
