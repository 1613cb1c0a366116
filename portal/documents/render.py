"""PDF rendering with WeasyPrint from one Jinja template per document type.

Speed comes from reuse: the shared stylesheet is parsed once with a FontConfiguration that
then stays loaded (DejaVu fonts from fontconfig, subset by HarfBuzz), and nothing is fetched:
the only resources allowed are `data:` URIs (the QR code), so a template can never reach the
network. Both objects are kept per thread because Pango's font maps are not shared safely
between threads.
"""
import os
import threading

from flask import current_app, render_template
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

TEMPLATES = {
    "ip": "pdf/invoice_for_payment.html",
    "aw": "pdf/act_of_works.html",
    "wb": "pdf/waybill.html",
    "co": "pdf/commercial_offer.html",
    "in": "pdf/invoice.html",
}
STYLESHEET = os.path.join("templates", "pdf", "pdf.css")

_local = threading.local()


class RenderError(Exception):
    """The PDF could not be produced; the issue is abandoned and nothing is kept."""


def _toolkit() -> tuple[CSS, FontConfiguration, URLFetcher]:
    """This thread's parsed stylesheet, font configuration and fetcher, rebuilt if the CSS changed."""
    path = os.path.join(current_app.root_path, STYLESHEET)
    stamp = os.stat(path).st_mtime_ns
    cached = getattr(_local, "toolkit", None)
    if cached is None or cached[0] != (path, stamp):
        fonts = FontConfiguration()
        css = CSS(filename=path, font_config=fonts)
        fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
        cached = ((path, stamp), css, fonts, fetcher)
        _local.toolkit = cached
    return cached[1], cached[2], cached[3]


def render_html(doc_type: str, context: dict) -> str:
    """The HTML of a document: its type's template filled from a plain context dict."""
    if doc_type not in TEMPLATES:
        raise RenderError(f"no template for document type {doc_type!r}")
    return render_template(TEMPLATES[doc_type], doc=context)


def html_to_pdf(html: str) -> bytes:
    """Lay out and write the PDF (A4, fonts embedded and subset)."""
    css, fonts, fetcher = _toolkit()
    try:
        return HTML(string=html, url_fetcher=fetcher, base_url="data:,").write_pdf(
            stylesheets=[css], font_config=fonts
        )
    except Exception as exc:  # WeasyPrint raises many kinds; the caller only needs "it failed"
        raise RenderError(str(exc)) from exc


def render_pdf(doc_type: str, context: dict) -> bytes:
    """A document's PDF bytes from its print context."""
    return html_to_pdf(render_html(doc_type, context))
