"""Printed-form rendering: the lean user-agent stylesheet covers every element, XHTML is parsed fast, anything else still renders."""
import re
from pathlib import Path

from tests.test_documents_support import pdf_text

PDF_TEMPLATES = Path(__file__).resolve().parents[1] / "portal" / "templates" / "pdf"
# Elements the HTML5 user-agent sheet gives no rule: CSS initial values (inline) are theirs.
NO_RULES_NEEDED = {"span"}


def _selectors_mention(css: str, tag: str) -> bool:
    selectors = " ".join(re.findall(r"([^{}]+)\{", re.sub(r"/\*.*?\*/", "", css, flags=re.S)))
    return re.search(rf"(?<![\w.#-]){tag}(?![\w-])", selectors) is not None


def test_every_element_of_the_pdf_templates_has_its_user_agent_rules():
    css = (PDF_TEMPLATES / "ua.css").read_text()
    used = set()
    for template in PDF_TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"<([a-z][a-z0-9]*)\b", template.read_text()))
    missing = sorted(tag for tag in used if tag not in NO_RULES_NEEDED and not _selectors_mention(css, tag))
    assert used >= {"table", "td", "th", "p", "h1", "img"}
    assert not missing, f"add the HTML5 user-agent rules of {missing} to pdf/ua.css"


def test_the_check_notices_an_element_without_rules():
    assert not _selectors_mention("td, th { display: table-cell }", "ul")
    assert _selectors_mention("html, body { display: block }", "body")
    assert not _selectors_mention(".tbody { color: red }", "tbody")


def _render(app, html: str) -> bytes:
    from portal.documents.render import html_to_pdf

    with app.test_request_context():
        return html_to_pdf(html)


def test_well_formed_templates_are_parsed_as_xml(app, monkeypatch):
    from tinyhtml5 import parser as html5

    def refuse(*args, **kwargs):
        raise AssertionError("the HTML5 parser ran for a well-formed template")

    monkeypatch.setattr(html5, "parse", refuse)
    monkeypatch.setattr("weasyprint.tinyhtml5.parse", refuse)
    pdf = _render(app, '<!DOCTYPE html><html><body><p>Счёт <b>№ 1</b><br/>қ ә ө</p></body></html>')
    text = pdf_text(pdf)
    assert "Счёт № 1" in text and all(letter in text for letter in "қәө")


def test_text_that_is_not_well_formed_still_renders_through_the_html5_parser(app):
    # A vertical tab in a company name is legal HTML text but not XML: the fallback parser takes it.
    pdf = _render(app, '<!DOCTYPE html><html><body><p>ТОО «Вертикаль\x0b» <br> & Ко</p></body></html>')
    text = pdf_text(pdf)
    assert "ТОО «Вертикаль" in text and "& Ко" in text


def test_indentation_between_table_parts_is_dropped_and_cell_text_kept():
    from weasyprint import CSS

    from portal.documents.render import PrintHTML

    html = ('<html><body><table>\n  <tr>\n    <td>а <b>б</b> в</td>\n    <td> </td>\n  </tr>\n</table>'
            '\n<p>г <b>д</b></p></body></html>')
    root = PrintHTML(html, CSS(string=""), None).etree_element
    table = root.find("body/table")
    row = table.find("tr")
    assert table.text is None and row.tail is None and row.text is None
    first, second = row.findall("td")
    assert first.tail is None and second.tail is None
    assert first.text == "а " and first.find("b").tail == " в" and second.text == " "
    assert table.tail == "\n" and root.find("body/p/b").text == "д"


def test_the_printed_qr_is_a_small_png_drawn_without_smoothing(app):
    import base64
    import io

    import segno
    from PIL import Image

    from portal.documents.qr import PDF_BORDER, PDF_SCALE, qr_data_uri

    url = "https://portal.example.kz/verify/1709260907251/"
    uri = qr_data_uri(url)
    assert uri.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    modules = segno.make(url, error="m", micro=False).symbol_size(scale=1, border=PDF_BORDER)[0]
    assert image.size == (modules * PDF_SCALE, modules * PDF_SCALE)
    pdf = _render(app, f'<html><body><div class="qr"><img src="{uri}" alt="QR"/></div></body></html>')
    assert b"/Subtype /Image" in pdf and b"/Interpolate false" in pdf


def test_after_a_render_the_long_lived_heap_is_out_of_the_collectors_walk(app):
    import gc

    _render(app, "<html><body><p>Счёт</p></body></html>")
    # Full collections then skip what existed at the first render (the slowest issues were
    # twice the median when every twelfth render paid a walk over the whole process).
    assert gc.get_freeze_count() > 10_000


def test_after_a_render_young_collections_wait_for_a_renders_worth_of_allocations(app):
    import gc

    from portal.documents.render import YOUNG_THRESHOLD

    _render(app, "<html><body><p>Счёт</p></body></html>")
    # A render's box tree is dead by the next young collection, not walked ~9 times during it.
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD > 700


def _flate_streams(pdf: bytes) -> list[bytes]:
    """The raw bytes of every FlateDecode stream of a PDF, as written."""
    streams = []
    for match in re.finditer(rb"/Length (\d+)[^>]*?/Filter /FlateDecode|/Filter /FlateDecode[^>]*?/Length (\d+)", pdf):
        length = int(match.group(1) or match.group(2))
        start = pdf.index(b"stream\n", match.end()) + len(b"stream\n")
        streams.append(pdf[start:start + length])
    return streams


def test_pdf_streams_are_compressed_at_the_chosen_zlib_level(app):
    import zlib

    from portal.documents.render import FLATE_LEVEL

    pdf = _render(app, '<!DOCTYPE html><html><body><p>Счёт № 1, қағаз</p><p>' + "Товар " * 200 + "</p></body></html>")
    streams = _flate_streams(pdf)
    assert streams, "no compressed stream found"
    # The biggest stream (the page or the subset font) is byte for byte what zlib writes at FLATE_LEVEL,
    # and differs from level 9, pydyf's own choice.
    biggest = max(streams, key=len)
    raw = zlib.decompress(biggest)
    assert biggest == zlib.compress(raw, FLATE_LEVEL)
    assert zlib.compress(raw, FLATE_LEVEL) != zlib.compress(raw, 9)
