"""QR codes (segno) that point at a document's public verification page."""
import io

import segno

# Medium error correction survives a crease or a stamp over a corner of the printed code.
ERROR_LEVEL = "m"


def verification_url(base_url: str, doc_id: str) -> str:
    """The absolute URL a QR code encodes: `<base>/verify/<doc_id>/`."""
    return f"{base_url.rstrip('/')}/verify/{doc_id}/"


def qr_svg_data_uri(url: str) -> str:
    """An SVG data URI for the PDF: vector, so it prints sharp at any size, and no file to fetch."""
    code = segno.make(url, error=ERROR_LEVEL, micro=False)
    return code.svg_data_uri(scale=4, border=2, dark="#000")


def qr_png(url: str, scale: int = 8) -> bytes:
    """The same code as a PNG, for downloading and showing on pages."""
    code = segno.make(url, error=ERROR_LEVEL, micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
