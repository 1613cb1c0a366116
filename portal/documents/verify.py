"""Verification: does a file match what the portal issued, and what the QR page may show.

A SHA-256 match proves the file is byte for byte the issued one (it is not a legal signature;
see documents.md). Uploaded files are hashed as a stream and never written anywhere by us.
"""
import hashlib
import hmac
from dataclasses import dataclass
from typing import BinaryIO

from portal.documents import access
from portal.errors import ValidationFailed
from portal.models import Staff
from portal.models.issued import IssuedDocument

CHUNK = 64 * 1024
NOT_VALID = "Not valid"


def sha256_stream(stream: BinaryIO) -> tuple[str, int]:
    """Hash a file-like object in chunks; returns (hex digest, size in bytes)."""
    digest = hashlib.sha256()
    size = 0
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            break
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def check_upload(document_id, stream: BinaryIO | None) -> IssuedDocument | None:
    """The issued document when the uploaded file is exactly its PDF, else None (see checking.py)."""
    from portal.documents.checking import check_file

    return check_file(document_id, stream).record


@dataclass
class VerificationView:
    """What the public verification page shows about one document."""

    record: IssuedDocument
    full: bool
    # The ledger row of an annulled invoice (its date and reason), None for anything else.
    annulment: object = None

    @property
    def public(self) -> bool:
        """A `pu` document shows its details to anyone who has the code."""
        return self.record.form == "pu"


def verification_view(doc_id: str, staff: Staff | None) -> VerificationView | None:
    """The page's data: details for public documents or allowed viewers, existence otherwise."""
    record = access.find(doc_id) if access.DOC_ID_RE.match(doc_id or "") else None
    if record is None:
        return None
    from portal.ledger.invoices import annulment_of  # the ledger builds on documents, not the reverse

    return VerificationView(record, full=record.form == "pu" or access.can_open(staff, record),
                            annulment=annulment_of(record.id))
