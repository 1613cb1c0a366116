"""The `data` of each event: the object exactly as its JSON twin shows it.

The twins build absolute URLs, which need a request; an event emitted by a worker (a bulk
issue's chunk) has none, so one is made for the host the document's own verification URL
names (the host it was issued on), or PUBLIC_URL."""
from contextlib import nullcontext
from urllib.parse import urlsplit

from flask import current_app, has_request_context

from portal.extensions import db


def _url_context(hint_url: str | None):
    if has_request_context():
        return nullcontext()
    base = current_app.config.get("PUBLIC_URL")
    if not base and hint_url:
        parts = urlsplit(hint_url)
        base = f"{parts.scheme}://{parts.netloc}"
    return current_app.test_request_context(base_url=base or "http://localhost")


def issued_document(record) -> dict:
    """`document.issued`: the issued document as GET /smart_doc/documents/<id>/ answers it."""
    from portal.documents.serializers import owner_record_json

    db.session.flush()
    with _url_context(record.verify_url):
        return owner_record_json(record)


def emit_issued(records) -> None:
    """`document.issued` for each of these just-stored records (inside the caller's transaction)."""
    from portal.webhooks.service import emit, subscribed_endpoints

    records = list(records)
    if not records or not subscribed_endpoints(records[0].company_sender_id, "document.issued"):
        return
    for record in records:
        emit(record.company_sender_id, "document.issued", issued_document(record))
