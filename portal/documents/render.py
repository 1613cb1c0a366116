"""PDF rendering with WeasyPrint from one Jinja template per document type.

Speed comes from reuse: the shared stylesheet is parsed once with a FontConfiguration that
then stays loaded (a cut of DejaVu Sans, see fonts.py, subset again by HarfBuzz for each PDF),
and nothing is fetched: the only resources allowed are `data:` URIs (the QR code and the font
cut), so a template can never reach the network. Both objects are kept per thread because Pango's font maps are not shared safely
between threads.
"""
import functools
import gc
import os
import threading
import zlib
from xml.etree import ElementTree

import cssselect2
import pydyf
from flask import current_app, render_template
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from portal.documents.fonts import font_face_rules
from portal.documents.layout import number_columns

TEMPLATES = {
    "ip": "pdf/invoice_for_payment.html",
    "aw": "pdf/act_of_works.html",
    "wb": "pdf/waybill.html",
    "co": "pdf/commercial_offer.html",
    "in": "pdf/invoice.html",
    "rc": "pdf/reconciliation.html",  # the ledger's акт сверки (portal.ledger.reconciliation), no smart-doc source
}
STYLESHEET = os.path.join("templates", "pdf", "pdf.css")
UA_STYLESHEET = os.path.join("templates", "pdf", "ua.css")

_local = threading.local()
_collector_tuned = False

# Table parts whose whitespace-only text CSS discards anyway (anonymous table objects, CSS 2.1 §17.2.1).
_TABLE_PARTS = frozenset({"table", "thead", "tbody", "tfoot", "tr", "colgroup"})
_CSS_WHITESPACE = " \t\n\r\f"


# zlib level for the PDF's streams (page content, subset fonts, object streams).
FLATE_LEVEL = 6


class _FlateAtLevel:
    """zlib as pydyf sees it, with every compressor at FLATE_LEVEL.

    pydyf compresses each stream at level 9, which costs an invoice ~2-3 ms (a twentieth of its
    render) for 0.4% fewer bytes than level 6 (23.0 vs 23.1 kB). pydyf has no option for the
    level, so its module-level `zlib` is this object; everything but the compressors is zlib's.
    """

    def __init__(self, level: int):
        self.level = level

    def compressobj(self, level: int = -1, *args, **kwargs):
        return zlib.compressobj(self.level, *args, **kwargs)

    def compress(self, data, level: int = -1, *args, **kwargs):
        return zlib.compress(data, self.level, *args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(zlib, name)


pydyf.zlib = _FlateAtLevel(FLATE_LEVEL)


class RenderError(Exception):
    """The PDF could not be produced; the issue is abandoned and nothing is kept."""


class PrintHTML(HTML):
    """WeasyPrint's HTML, faster for our own templates in two ways:

    - the pdf/ templates are well-formed XHTML, so expat (C) parses them instead of the
      pure-Python HTML5 parser (a tenth of a render); text that is not well-formed (a control
      character in a name, say) falls back to the HTML5 parser, which accepts anything;
    - our lean user-agent stylesheet (pdf/ua.css) replaces the full HTML5 one, and there is no
      presentational-hint sheet (no align/valign/bgcolor attributes): every element is matched
      against a dozen rules instead of hundreds;
    - the template indentation between table rows and cells is dropped before WeasyPrint sees it:
      it would build a text box for each gap only to throw it away (under 1% of a render, ~700
      gaps in a 100-line table).
    """

    def __init__(self, string: str, ua_stylesheet: CSS, url_fetcher: URLFetcher, base_url: str = "data:,"):
        self.ua_stylesheet = ua_stylesheet
        try:
            root = ElementTree.fromstring(string)
        except ElementTree.ParseError:
            super().__init__(string=string, url_fetcher=url_fetcher, base_url=base_url)
            return
        self.base_url = base_url
        self.url_fetcher = url_fetcher
        self.media_type = "print"
        _drop_table_whitespace(root)
        self.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
        self.etree_element = self.wrapper_element.etree_element

    def _ua_stylesheets(self, forms=False):
        return [self.ua_stylesheet]

    def _ph_stylesheets(self):
        return []


def _drop_table_whitespace(root: ElementTree.Element) -> None:
    """Remove whitespace-only text directly inside table parts; cells keep their content as is."""
    for element in root.iter():
        if element.tag not in _TABLE_PARTS:
            continue
        if element.text is not None and not element.text.strip(_CSS_WHITESPACE):
            element.text = None
        for child in element:
            if child.tail is not None and not child.tail.strip(_CSS_WHITESPACE):
                child.tail = None


def _toolkit() -> tuple[CSS, CSS, FontConfiguration, URLFetcher]:
    """This thread's parsed stylesheets, font configuration and fetcher, rebuilt if the CSS changed."""
    paths = tuple(os.path.join(current_app.root_path, name) for name in (STYLESHEET, UA_STYLESHEET))
    stamp = tuple((path, os.stat(path).st_mtime_ns) for path in paths)
    cached = getattr(_local, "toolkit", None)
    if cached is None or cached[0] != stamp:
        fonts = FontConfiguration()
        fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
        faces = font_face_rules(os.path.join(current_app.instance_path, "fonts"))
        with open(paths[0], encoding="utf-8") as file:
            css = CSS(string=faces + file.read(), base_url=paths[0], font_config=fonts, url_fetcher=fetcher)
        ua = CSS(filename=paths[1], font_config=fonts, url_fetcher=fetcher)
        cached = (stamp, css, ua, fonts, fetcher)
        _local.toolkit = cached
        _tune_collector_for_renders()
    return cached[1:]


# Container allocations between two young collections, once renders run (CPython's default: 700).
YOUNG_THRESHOLD = 50_000


def _tune_collector_for_renders() -> None:
    """Set the cyclic garbage collector up for renders, once per process.

    - Freeze what the process holds now (app, ORM, templates, parsed stylesheets). A render leaves
      ~100k short-lived objects behind, so every dozen renders the collector runs a full pass,
      and a full pass walks every object in the process: ~90 ms on top of a 90 ms render, which
      made the slowest twentieth of issues twice as slow as the median. After the freeze a full
      pass only walks what renders left. Frozen objects are still freed by reference counting;
      only a reference cycle among them would stay (they live as long as the process).
    - Collect the young generation every 50,000 allocations instead of every 700. A render's box
      tree is built of reference cycles that live for the whole render, so with the default each
      render ran ~9 young and ~1 middle collection, walking the same live tree again and again
      and promoting it only to free it later: ~3.5 ms of collector per issue. With the higher
      threshold the tree is dead by the time the collector looks: one young collection every
      ~10 issues (~18 ms), ~1.9 ms per issue on average, and no middle or full passes.
    """
    global _collector_tuned
    if _collector_tuned:
        return
    _collector_tuned = True
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)


def render_html(doc_type: str, context: dict) -> str:
    """The HTML of a document: its type's template filled from a plain context dict.

    The template also gets the width class of each number column (`doc.columns`, layout.py).
    """
    if doc_type not in TEMPLATES:
        raise RenderError(f"no template for document type {doc_type!r}")
    return render_template(TEMPLATES[doc_type], doc={**context, "columns": number_columns(context)})


# Frame slots of the function a render runs under (see _roomy_frame_runner).
_ROOMY_FRAME_SLOTS = 16_400


@functools.cache
def _roomy_frame_runner(slots: int):
    """A function `run(fn, *args)` that calls `fn` from a frame of `slots` local variables.

    CPython 3.11 keeps frames on a stack of 16 kB chunks, maps a new chunk when a call does not
    fit and unmaps it as soon as the calls return below it. WeasyPrint's layout recurses up and
    down across such a boundary thousands of times per render, so where the boundary falls
    (which depends on how deep the caller already is) decided the render's speed: from 140 to
    1,950 page faults and from 68 to 87 ms for the same invoice. A frame just over 128 kB gets
    a 256 kB chunk of its own, and the render runs in the ~124 kB left above it: one chunk per
    render, ~45 page faults, the same time at any depth. The locals are never assigned (the
    compiler still counts them), so the frame costs one zero-filled allocation. Built at the
    first render (compiling it takes ~25 ms), not at import.
    """
    names = " = ".join(f"_{i}" for i in range(slots))
    namespace: dict = {}
    exec(f"def run(fn, *args):\n    if False:\n        {names} = None\n    return fn(*args)\n", namespace)
    return namespace["run"]


def _write_pdf(html: str) -> bytes:
    css, ua, fonts, fetcher = _toolkit()
    return PrintHTML(html, ua, fetcher).write_pdf(stylesheets=[css], font_config=fonts)


def html_to_pdf(html: str) -> bytes:
    """Lay out and write the PDF (A4, fonts embedded and subset)."""
    try:
        return _roomy_frame_runner(_ROOMY_FRAME_SLOTS)(_write_pdf, html)
    except Exception as exc:  # WeasyPrint raises many kinds; the caller only needs "it failed"
        raise RenderError(str(exc)) from exc


def render_pdf(doc_type: str, context: dict) -> bytes:
    """A document's PDF bytes from its print context."""
    return html_to_pdf(render_html(doc_type, context))
