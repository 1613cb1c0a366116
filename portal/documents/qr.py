"""QR codes (segno) that point at a document's public verification page."""
import io

import segno

# Medium error correction survives a crease or a stamp over a corner of the printed code.
ERROR_LEVEL = "m"
# The printed code is a small PNG, 4 px per module (37 modules + 2-module margin = 148 px, ~157 dpi
# at 24 mm), drawn with `image-rendering: pixelated` (pdf.css) so the PDF asks viewers and printers
# not to smooth it. A PNG costs WeasyPrint ~1-3 ms; the SVG path it replaced was parsed in Python
# (weasyprint/svg/path.py) for ~9-15 ms per render. Not 1 px per module: poppler (pdftoppm, Evince,
# Okular) smooths an image it enlarges less than 4x whatever the PDF says, so at screen zoom or
# 110-150 dpi a 37 px code came out blurred and zbar could not read it; 148 px reads at 110-300 dpi.
PDF_SCALE = 4
PDF_BORDER = 2


def verification_url(base_url: str, doc_id: str) -> str:
    """The absolute URL a QR code encodes: `<base>/verify/<doc_id>/`."""
    return f"{base_url.rstrip('/')}/verify/{doc_id}/"


def _code(url: str) -> segno.QRCode:
    """The code of a verification URL, the same for the PDF and the PNG download."""
    return segno.make(url, error=ERROR_LEVEL, micro=False)


def qr_data_uri(url: str) -> str:
    """A PNG data URI for the PDF: no file to fetch, and cheap for WeasyPrint to embed."""
    return _code(url).png_data_uri(scale=PDF_SCALE, border=PDF_BORDER)


def qr_png(url: str, scale: int = 8) -> bytes:
    """The same code as a PNG, for downloading and showing on pages."""
    buffer = io.BytesIO()
    _code(url).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
