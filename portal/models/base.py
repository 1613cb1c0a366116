"""Shared model pieces: public ids and their collision-safe assignment."""
import re
import secrets

from sqlalchemy import String, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column

PUBLIC_ID_LENGTH = 8
# What a public id looks like; anything else can be answered 404 before the database is asked.
PUBLIC_ID_PATTERN = "^[0-9a-f]{8}$"
PUBLIC_ID_RE = re.compile(PUBLIC_ID_PATTERN)


def new_public_id() -> str:
    """Return a random public id: 8 lowercase hex characters."""
    return secrets.token_hex(PUBLIC_ID_LENGTH // 2)


class PublicIdMixin:
    """An integer key that never leaves the server, and a public `public_id` that does."""

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(PUBLIC_ID_LENGTH), unique=True, index=True)


def free_public_ids(session: Session, model, count: int, taken: set[str] | None = None) -> list[str]:
    """Return `count` fresh ids not used in `model`'s table nor in `taken`.

    8 hex digits collide by the birthday bound long before a million rows, so candidates
    are checked against the table and regenerated until all are free.
    """
    taken = set(taken or ())
    result: list[str] = []
    while len(result) < count:
        want = count - len(result)
        candidates = {new_public_id() for _ in range(want)} - taken
        if not candidates:
            continue
        existing = set(
            session.execute(
                select(model.public_id).where(model.public_id.in_(candidates))
            ).scalars()
        )
        fresh = candidates - existing
        result.extend(fresh)
        taken |= candidates
    return result


@event.listens_for(Session, "before_flush")
def _assign_public_ids(session: Session, flush_context, instances) -> None:
    """Give every new object without a public id a free one, checked against its table."""
    pending: dict[type, list] = {}
    for obj in session.new:
        if isinstance(obj, PublicIdMixin) and not obj.public_id:
            pending.setdefault(type(obj), []).append(obj)
    for model, objects in pending.items():
        with session.no_autoflush:
            ids = free_public_ids(session, model, len(objects))
        for obj, public_id in zip(objects, ids):
            obj.public_id = public_id
