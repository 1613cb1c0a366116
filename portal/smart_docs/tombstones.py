"""Deleted smart-doc objects stay visible to a sync: every delete, from any path (the API, the
pages, pruning lines only a deleted document used), writes a tombstone in the same flush.

Listening on the session rather than in `service.remove`/`delete_document` means no delete
path can forget it; the tombstone commits or rolls back with the delete itself.
"""
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import SmartDocument, Tombstone
from portal.models.smart_docs import TenantMixin
from portal.paging import Page, PageRequest, paginate
from portal.web.sync import apply_sync


def kind_of(obj) -> str | None:
    """The list an object belongs to, as its path under /smart_doc/ names it."""
    from portal.smart_docs.service import RESOURCES
    from portal.smart_docs.types import DOC_TYPES

    if isinstance(obj, SmartDocument):
        kind = DOC_TYPES.get(obj.doc_type)
        return kind.path if kind else None
    for resource in RESOURCES.values():
        if isinstance(obj, resource.model):
            return resource.name
    return None


@event.listens_for(Session, "before_flush")
def _write_tombstones(session: Session, flush_context, instances) -> None:
    """A tombstone for every smart-doc object this flush deletes."""
    for obj in list(session.deleted):
        if isinstance(obj, TenantMixin) and obj.public_id:
            kind = kind_of(obj)
            if kind:
                session.add(Tombstone(company_id=obj.company_id, kind=kind, public_id=obj.public_id))


def deleted_page(company_id: int, wanted: PageRequest, args) -> Page:
    """The company's tombstones, oldest first (by `updated_after` when given; `kind` narrows)."""
    query = select(Tombstone).where(Tombstone.company_id == company_id).order_by(Tombstone.updated, Tombstone.id)
    if args.get("kind"):
        query = query.where(Tombstone.kind == args["kind"])
    return paginate(db.session, apply_sync(query, Tombstone, args), wanted)


def tombstone_json(row: Tombstone) -> dict:
    """One deleted object."""
    from portal.timeutil import iso

    return {"id": row.public_id, "kind": row.kind, "deleted": iso(row.updated)}
