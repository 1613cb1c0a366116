"""Template globals and filters shared by every page."""
import re
from datetime import datetime
from decimal import Decimal

from flask import Flask
from markupsafe import Markup

from portal.smart_docs.quantity import quantity_text
from portal.text import format_count, plural
from portal.timeutil import to_almaty
from portal.web.pagination import page_url

MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)


def format_money(value) -> str:
    """`1234567.5` → `1 234 567,50` (a narrow no-break space between thousands)."""
    if value is None:
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"))
    whole, _, frac = f"{amount:,.2f}".partition(".")
    return whole.replace(",", "\u202f") + "," + frac


def format_datetime(value: datetime | None) -> str:
    """A stored time as Almaty local time, `26.11.2026 14:05`."""
    local = to_almaty(value)
    return local.strftime("%d.%m.%Y %H:%M") if local else ""


def format_iso_datetime(value: str | None) -> str:
    """An ISO 8601 time from a JSON object, in Almaty time; midnight shows as a date only."""
    if not value:
        return ""
    try:
        local = to_almaty(datetime.fromisoformat(value))
    except (TypeError, ValueError):
        return str(value)
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        return local.strftime("%d.%m.%Y")
    return local.strftime("%d.%m.%Y %H:%M")


def format_date(value) -> str:
    """`26.11.2026`."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_almaty(value)
    return value.strftime("%d.%m.%Y")


def date_in_words(value) -> str:
    """`26 ноября 2026 г.`, as Kazakh documents write dates."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_almaty(value)
    return f"{value.day} {MONTHS_GENITIVE[value.month - 1]} {value.year} г."


def document_number(value) -> Markup:
    """A document number that never breaks at its hyphen («2026-/000001»): kept on one line."""
    return Markup('<span class="docnum">{}</span>').format(value)


# In free text (a payment's purpose from the bank): «№ 2026-000001», «№ 17», «п/п № 1187».
_NUMBERED = re.compile(r"№\s*(\S+)")


def keep_numbers(value) -> Markup:
    """Free text whose «№ <number>» never breaks after the sign nor at the number's hyphen."""
    text = Markup.escape(value or "")
    return Markup(_NUMBERED.sub(lambda m: f'<span class="docnum">№\u00a0{m.group(1)}</span>', str(text)))


def favicon():
    """Browsers and bookmark tools ask /favicon.ico whatever the page links: the same SVG."""
    from flask import current_app, send_from_directory

    response = send_from_directory(current_app.static_folder, "favicon.svg", mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


def register_templating(app: Flask) -> None:
    """Install the filters (and the favicon every page links)."""
    app.add_url_rule("/favicon.ico", "favicon", favicon)
    app.add_template_filter(format_money, "money")
    app.add_template_filter(document_number, "docnum")
    app.add_template_filter(keep_numbers, "keep_numbers")
    app.add_template_filter(quantity_text, "qty")
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(format_iso_datetime, "iso_datetime")
    app.add_template_filter(format_date, "date")
    app.add_template_filter(date_in_words, "date_words")
    app.add_template_filter(format_count, "thousands")
    app.add_template_global(page_url)
    app.add_template_global(plural)
