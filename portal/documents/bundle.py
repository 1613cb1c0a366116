"""A ZIP of chosen issued PDFs, checked one by one against what the caller may open."""
import io
import re
import zipfile

from portal.documents import access
from portal.documents.filenames import pdf_filename
from portal.errors import ApiError, ValidationFailed
from portal.models import Staff
from portal.models.issued import IssuedDocument


def parse_ids(values: list[str]) -> list[str]:
    """Ids from repeated `id=` parameters and/or comma-separated `ids=`, de-duplicated in order."""
    ids: list[str] = []
    for value in values:
        ids.extend(part for part in re.split(r"[\s,;]+", value or "") if part)
    return list(dict.fromkeys(ids))


def chosen_documents(staff: Staff, ids: list[str], limit: int) -> list[IssuedDocument]:
    """The documents to pack; one the caller may not open makes the whole request a 404."""
    if not ids:
        raise ValidationFailed({"id": ["Выберите хотя бы один документ."]})
    if len(ids) > limit:
        raise ValidationFailed({"id": [f"Не больше {limit} документов в одном архиве."]})
    records = []
    for identifier in ids:
        record = access.visible(staff, identifier)
        if record is None:
            raise ApiError(404, f"Документ {identifier[:20]} не найден.")
        records.append(record)
    return records


def zip_bytes(records: list[IssuedDocument]) -> bytes:
    """Pack the PDFs as they are (stored, not deflated: PDFs are compressed already)."""
    buffer = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for record in records:
            name = pdf_filename(record)
            if name in used:
                # Two senders can share a number (documents shared with the caller): add the doc_id.
                name = name[:-4] + f"_{record.doc_id}.pdf"
            used.add(name)
            archive.writestr(name, record.file.pdf)
    return buffer.getvalue()
