"""Parsers for the National Bank's rate feeds and RSS 2.0 news, refusing unsafe XML first.

Every document goes through defusedxml before anything else reads it: a DTD that declares
entities (the billion-laughs bomb) or refers to external files is refused outright, so
feedparser only ever sees XML without entity declarations.
"""
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from html import unescape
from typing import Generic, TypeVar
from urllib.parse import urlparse
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as safe_et
import feedparser

T = TypeVar("T")
CODE = re.compile(r"^[A-Z]{3}$")
IMG_SRC = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
SIX_PLACES = Decimal("0.000001")


class FeedError(Exception):
    """The document cannot be used at all: unsafe, not XML, or without a single usable item."""


@dataclass
class Parsed(Generic[T]):
    """What a document yielded, and why some of its items were left out."""

    items: list[T]
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ParsedRate:
    """KZT for one unit of a currency on a day (NBK's figure divided by its `quant`)."""

    currency: str
    name: str
    rate_date: date
    rate: Decimal
    quant: int
    change: Decimal | None
    trend: str


@dataclass(frozen=True)
class ParsedNews:
    """One news item in the portal's terms."""

    title: str
    link: str
    image: str | None
    summary: str
    source: str
    published: datetime | None


def safe_xml(data: bytes) -> Element:
    """Parse `data` with entity declarations and external references forbidden."""
    if not data or not data.strip():
        raise FeedError("пустой ответ")
    try:
        return safe_et.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise FeedError(f"небезопасный XML отклонён ({type(exc).__name__})") from exc
    except ParseError as exc:
        raise FeedError(f"не XML: {exc}") from exc


def _decimal(text: str | None) -> Decimal:
    """NBK numbers: `512.34`, sometimes `+1.07`; a comma is tolerated as the separator."""
    cleaned = (text or "").strip().replace(",", ".").lstrip("+")
    value = Decimal(cleaned)
    if not value.is_finite():
        raise InvalidOperation(cleaned)
    return value


def _nbk_date(text: str | None) -> date:
    """`26.11.2026` → a date."""
    return datetime.strptime((text or "").strip(), "%d.%m.%Y").date()


def _nbk_item(item: Element, day_text: str | None) -> ParsedRate:
    """One `<item>`: divide by quant, keep change and direction."""
    code = (item.findtext("title") or "").strip().upper()
    if not CODE.match(code):
        raise ValueError(f"код валюты «{code}»")
    quant = int((item.findtext("quant") or "1").strip() or "1")
    if quant < 1:
        raise ValueError(f"{code}: quant {quant}")
    rate = _decimal(item.findtext("description"))
    if rate <= 0:
        raise ValueError(f"{code}: курс {rate}")
    change_text = (item.findtext("change") or "").strip()
    change = (_decimal(change_text) / quant).quantize(SIX_PLACES) if change_text else None
    trend = (item.findtext("index") or "").strip().upper()
    return ParsedRate(
        currency=code,
        name=(item.findtext("fullname") or "").strip(),
        rate_date=_nbk_date(item.findtext("pubDate") or day_text),
        rate=(rate / quant).quantize(SIX_PLACES),
        quant=quant,
        change=change,
        trend=trend if trend in ("UP", "DOWN") else "",
    )


def parse_nbk_rates(data: bytes) -> Parsed[ParsedRate]:
    """Read `rates_all.xml` (rss/channel/item) or `get_rates.cfm` (rates/date + rates/item)."""
    root = safe_xml(data)
    if root.tag == "rss":
        items, day_text = root.findall("channel/item"), None
    elif root.tag == "rates":
        items, day_text = root.findall("item"), root.findtext("date")
        if not items and root.findtext("info"):
            raise FeedError(f"нет курсов: {root.findtext('info').strip()}")
    else:
        raise FeedError(f"неожиданный корневой элемент <{root.tag}>")
    result: Parsed[ParsedRate] = Parsed(items=[])
    for item in items:
        try:
            result.items.append(_nbk_item(item, day_text))
        except (ValueError, InvalidOperation, TypeError) as exc:
            result.problems.append(f"курс пропущен: {exc or type(exc).__name__}")
    if not result.items:
        raise FeedError("в документе нет ни одного курса")
    return result


def _is_web_url(url: str | None) -> bool:
    """Only absolute http(s) links are shown or followed."""
    if not url:
        return False
    parsed = urlparse(url.strip())
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


def _entry_image(entry) -> str | None:
    """The picture of an item: enclosure, media:content/thumbnail, or the first <img> of the text."""
    candidates = [e.get("href") for e in entry.get("enclosures", []) if e.get("type", "").startswith("image/")]
    candidates += [m.get("url") for m in entry.get("media_content", []) if m.get("medium", "image") == "image"
                   or m.get("type", "").startswith("image/")]
    candidates += [m.get("url") for m in entry.get("media_thumbnail", [])]
    for html in [entry.get("summary", "")] + [c.get("value", "") for c in entry.get("content", [])]:
        candidates += IMG_SRC.findall(html or "")
    return next((url.strip() for url in candidates if _is_web_url(url)), None)


def _plain_text(html: str, limit: int = 400) -> str:
    """Feed HTML as a short plain text (templates escape it again)."""
    text = " ".join(unescape(TAG.sub(" ", html or "")).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def source_name(feed_title: str | None, feed_url: str) -> str:
    """A short name for the outlet: the feed's title when it is short, else the host."""
    title = " ".join((feed_title or "").split())
    if title and len(title) <= 60:
        return title
    host = urlparse(feed_url).hostname or feed_url
    return host.removeprefix("www.").capitalize()


def _entry(entry, source: str) -> ParsedNews:
    """One RSS item; title and an absolute link are required."""
    title = " ".join(_plain_text(entry.get("title", ""), 500).split())
    link = (entry.get("link") or "").strip()
    if not title:
        raise ValueError(f"нет заголовка ({link or 'без ссылки'})")
    if not _is_web_url(link):
        raise ValueError(f"нет ссылки («{title[:60]}»)")
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    published = datetime(*stamp[:6], tzinfo=timezone.utc) if stamp else None
    return ParsedNews(title=title, link=link, image=_entry_image(entry),
                      summary=_plain_text(entry.get("summary", "")), source=source, published=published)


def parse_news_feed(data: bytes, feed_url: str, limit: int = 30) -> Parsed[ParsedNews]:
    """Read an RSS 2.0 feed with feedparser, after defusedxml has found it safe."""
    root = safe_xml(data)
    if root.tag not in ("rss", "feed", "{http://www.w3.org/2005/Atom}feed", "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"):
        raise FeedError(f"не RSS: корневой элемент <{root.tag}>")
    feed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": feed_url},
                            sanitize_html=True, resolve_relative_uris=True)
    source = source_name(feed.feed.get("title"), feed_url)
    result: Parsed[ParsedNews] = Parsed(items=[])
    for entry in feed.entries[:limit]:
        try:
            result.items.append(_entry(entry, source))
        except ValueError as exc:
            result.problems.append(f"новость пропущена: {exc}")
    if not result.items:
        reasons = "; ".join(result.problems[:3]) or "в ленте нет новостей"
        raise FeedError(reasons)
    return result
