"""«Проверить документ»: is an uploaded file exactly a PDF the portal issued?

A SHA-256 match proves the file is byte for byte the issued one (it is not a legal signature;
see documents.md). The upload is read into memory (at most CHECK_FILE_MAX_BYTES) and never
written anywhere. The code under the QR may be left empty: every PDF the portal issues carries
it in its metadata (`pdf/_base.html` writes «Код проверки …» as the PDF's Subject), so it is
read from there; a file that is not a PDF is told so instead of «не совпадает».
"""
import hashlib
import hmac
import io
import re
from dataclasses import dataclass
from typing import BinaryIO

from pypdf import PdfReader

from portal.documents import access
from portal.errors import ValidationFailed
from portal.models.issued import IssuedDocument

NO_CODE = "Укажите код документа (13 цифр с QR-кода) или его id."
NO_CODE_IN_FILE = "В файле нет кода проверки: укажите 13 цифр под QR-кодом."
NOT_PDF = "Это не PDF-файл. Проверить можно только PDF, выпущенный порталом."
# PDF readers accept the header anywhere in the first kilobyte (ISO 32000-1, annex H.3).
_HEADER_WINDOW = 1024
_CODE = re.compile(r"(?<!\d)(\d{13})(?!\d)")


@dataclass
class CheckOutcome:
    """The verdict: the issued record when the file matches; `not_pdf` when it is no PDF at all;
    `code` is the code compared against (typed, or read from the file)."""

    record: IssuedDocument | None
    code: str = ""
    not_pdf: bool = False


def is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:_HEADER_WINDOW]


def code_in_pdf(data: bytes) -> str | None:
    """The 13-digit code from the PDF's metadata (Subject, then Keywords, then Title), if any."""
    try:
        meta = PdfReader(io.BytesIO(data)).metadata or {}
    except Exception:  # noqa: BLE001  (pypdf raises many kinds on a damaged file: no code then)
        return None
    for key in ("/Subject", "/Keywords", "/Title"):
        found = _CODE.search(str(meta.get(key) or ""))
        if found:
            return found.group(1)
    return None


def check_file(document_id, stream: BinaryIO | None) -> CheckOutcome:
    """Compare the upload with the issued PDF of `document_id` (or of the code the file carries).

    An unknown id and a mismatching file give the same answer, so a check cannot be used to
    learn which ids exist. Missing or empty input is a 400 naming the field.
    """
    if document_id is not None and not isinstance(document_id, str):
        raise ValidationFailed({"document_id": [NO_CODE]})
    document_id = (document_id or "").strip()
    if stream is None:
        errors = {"document": ["Приложите PDF-файл."]}
        if not document_id:
            errors["document_id"] = [NO_CODE]
        raise ValidationFailed(errors)
    data = stream.read()
    if not data:
        raise ValidationFailed({"document": ["Файл пуст."]})
    if not is_pdf(data):
        return CheckOutcome(None, document_id, not_pdf=True)
    if not document_id:
        document_id = code_in_pdf(data) or ""
        if not document_id:
            raise ValidationFailed({"document_id": [NO_CODE_IN_FILE]})
    record = access.find(document_id)
    digest = hashlib.sha256(data).hexdigest()
    if record is None or not hmac.compare_digest(record.sha256, digest):
        return CheckOutcome(None, document_id)
    return CheckOutcome(record, document_id)
