"""JSON shapes of the registry."""
from flask import url_for

from portal.ledger.filters import STATUSES
from portal.ledger.payments import STATES
from portal.ledger.registry import RegistryRow
from portal.smart_docs.money import money_str
from portal.smart_docs.types import DOC_TYPES


def row_url(row: RegistryRow, external: bool = False) -> str:
    """Where a row opens: the issued document's page, or the draft's page."""
    if row.kind == "issued":
        return url_for("documents.documents_detail", public_id=row.public_id, _external=external)
    return url_for(f"smart_doc.{DOC_TYPES[row.doc_type].path}_detail", public_id=row.public_id, _external=external)


def row_json(row: RegistryRow) -> dict:
    """One registry row: kind, type, number (issued), date, counterparty, total, status, and for a
    draft the numbers it was issued as."""
    return {
        "kind": row.kind,
        "id": row.public_id,
        "type": row.doc_type,
        "title": row.title,
        "number": row.number,
        "date": row.doc_date.isoformat(),
        "counterparty": {"name": row.counterparty_name, "bin": row.counterparty_bin},
        "total_sum": money_str(row.total),
        "status": row.status,
        "status_text": STATUSES[row.status],
        "content_id": row.content_id,
        "payment_state": row.payment_state,
        "payment_state_text": STATES[row.payment_state] if row.payment_state else None,
        "issued_as": [{"number": i["number"], "id": i["id"]} for i in row.issued_as] if row.kind == "draft" else None,
        "url": row_url(row, external=True),
    }
