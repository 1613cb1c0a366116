"""Deleted smart-doc objects stay visible to a sync: every delete, from any path (the API, the
pages, pruning lines only a deleted document used), writes a tombstone in the same flush.

Listening on the session rather than in `service.remove`/`delete_document` means no delete
path can forget it; the tombstone commits or rolls back with the delete itself.

Tombstones are kept SYNC_TOMBSTONES_KEEP_DAYS (housekeeping deletes older ones), so a sync
whose `updated_after` is before that horizon could miss deletes: it is answered 410 and must
fetch everything again instead of trusting an incomplete list.
"""
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from portal.errors import ApiError
from portal.extensions import db
from portal.models import SmartDocument, Tombstone
from portal.models.smart_docs import TenantMixin
from portal.paging import Page, PageRequest, paginate
from portal.timeutil import now_utc
from portal.web.sync import apply_sync, sync_args

RESYNC = ("Удалённые объекты хранятся {days} дн.: изменения с {after:%Y-%m-%d %H:%M} UTC уже не полны. "
          "Выполните полную синхронизацию (списки без updated_after), затем продолжайте с её времени.")


def keep_days() -> float:
    return float(current_app.config.get("SYNC_TOMBSTONES_KEEP_DAYS", 90))


def horizon(now: datetime | None = None) -> datetime:
    """The earliest instant whose deletes are all still known."""
    return (now or now_utc()) - timedelta(days=keep_days())


def check_horizon(args, now: datetime | None = None) -> None:
    """A 410 for an `updated_after` before the horizon (a 400 for a malformed one)."""
    after, _ = sync_args(args)
    if after is not None and after < horizon(now):
        raise ApiError(410, RESYNC.format(days=f"{keep_days():g}", after=after))


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
