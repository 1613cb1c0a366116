"""`Idempotency-Key` on every POST: the first answer for a key and body, for 24 hours.

A client that retries a POST after a timeout sends the same key: if the first request is done,
its answer is given again (with `Idempotent-Replayed: true`) and nothing is done twice; if it
is still running, the retry waits for its answer; the same key with another body (method, path,
query, content type or bytes) is a 422, since that is a client bug, not a retry.

Keys belong to the caller's company (staff) or the user (no company); anonymous requests keep
nothing. Only successful (2xx) JSON answers are kept: a refused request changed nothing, so its
key is freed and may be sent again. The row is claimed with a committed insert that the
(scope, key) unique constraint lets only one request win, so every worker process agrees.
"""
import hashlib
import re
import time
from datetime import timedelta

from flask import Flask, Response, g, request
from flask_login import current_user
from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.errors import ApiError, field_error
from portal.extensions import db
from portal.models import IdempotencyKey
from portal.timeutil import now_utc

TTL = timedelta(hours=24)
HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
KEY_RE = re.compile(r"^[\x21-\x7e]{1,200}$")
PENDING = 0
# How long a retry waits for the first request (an issue takes well under a second).
WAIT_SECONDS = 30
OTHER_BODY = "Этот Idempotency-Key уже использован с другим запросом (метод, адрес или тело отличаются)."
STILL_RUNNING = "Запрос с этим Idempotency-Key ещё выполняется или не удался: повторите его."


def clean_key(raw: str | None) -> str | None:
    """The header's key (1-200 visible ASCII characters), None without one; a 400 naming the header otherwise."""
    if raw is None:
        return None
    if not KEY_RE.match(raw):
        raise field_error(HEADER, "Ключ — от 1 до 200 видимых ASCII-символов (например, UUID).")
    return raw


def fingerprint(method: str, full_path: str, content_type: str, body: bytes) -> str:
    """What makes two requests "the same request"."""
    digest = hashlib.sha256()
    for part in (method.encode(), full_path.encode(), (content_type or "").encode()):
        digest.update(part + b"\0")
    digest.update(body)
    return digest.hexdigest()


def _where(scope: str, key: str):
    return (IdempotencyKey.scope == scope, IdempotencyKey.key == key)


def stored(scope: str, key: str) -> IdempotencyKey | None:
    """The row kept for the key if it is younger than 24 hours."""
    db.session.expire_all()
    return db.session.execute(
        select(IdempotencyKey).where(*_where(scope, key), IdempotencyKey.created > now_utc() - TTL)
    ).scalar_one_or_none()


def claim(scope: str, key: str, print_: str) -> bool:
    """Take the key for this request (True) or learn that an earlier one holds it (False)."""
    session = db.session
    session.execute(delete(IdempotencyKey).where(*_where(scope, key), IdempotencyKey.created <= now_utc() - TTL))
    insert_for = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    result = session.execute(
        insert_for(IdempotencyKey.__table__)
        .values(scope=scope, key=key, fingerprint=print_, status=PENDING, body="", content_type="", location="",
                created=now_utc())
        .on_conflict_do_nothing(index_elements=["scope", "key"])
        .returning(IdempotencyKey.__table__.c.id)
    )
    claimed = result.scalar() is not None  # a row comes back only when this request inserted it
    session.commit()
    return claimed


def fill(scope: str, key: str, response: Response) -> None:
    """Keep the answer of the request that claimed the key."""
    db.session.execute(update(IdempotencyKey).where(*_where(scope, key)).values(
        status=response.status_code, body=response.get_data(as_text=True),
        content_type=response.content_type or "", location=response.headers.get("Location", "")))
    db.session.commit()


def release(scope: str, key: str) -> None:
    """Free the key after a refused or failed request: nothing was done, so it may be sent again."""
    db.session.rollback()
    db.session.execute(delete(IdempotencyKey).where(*_where(scope, key), IdempotencyKey.status == PENDING))
    db.session.commit()


def wait_for_answer(scope: str, key: str) -> IdempotencyKey | None:
    """The answer of the request holding the key, once it has one (None: it failed or took too long)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        kept = stored(scope, key)
        db.session.rollback()  # end the read so the next poll sees the other request's commit
        if kept is None or kept.status != PENDING:
            return kept
        time.sleep(0.05)
    return None


def replay(kept: IdempotencyKey) -> Response:
    """A kept answer as it was first given."""
    response = Response(kept.body, status=kept.status, content_type=kept.content_type or "application/json")
    if kept.location:
        response.headers["Location"] = kept.location
    response.headers[HEADER] = kept.key
    response.headers[REPLAYED] = "true"
    return response


def _scope() -> str | None:
    """Whose keys these are: the caller's company, else the user; None for anonymous callers."""
    from portal.staffing.service import staff_of

    if not current_user.is_authenticated:
        return None
    staff = staff_of(current_user)
    return f"c{staff.company_id}" if staff is not None else f"u{current_user.id}"


def _start():
    """before_request: replay, refuse, wait, or claim the key for this POST."""
    if request.method != "POST" or HEADER not in request.headers or request.routing_exception is not None:
        return None
    key = clean_key(request.headers.get(HEADER))
    scope = _scope()
    if scope is None:
        return None
    print_ = fingerprint("POST", request.full_path, request.content_type or "",
                         request.get_data(cache=True, parse_form_data=False))
    kept = stored(scope, key)
    if kept is None and claim(scope, key, print_):
        g.idempotency = (scope, key)
        return None
    kept = kept or stored(scope, key)
    if kept is not None and kept.fingerprint != print_:
        raise ApiError(422, OTHER_BODY)
    if kept is None or kept.status == PENDING:
        kept = wait_for_answer(scope, key)
    if kept is None or kept.status == PENDING:
        raise ApiError(409, STILL_RUNNING)
    return replay(kept)


def _finish(response: Response) -> Response:
    """after_request: keep a successful JSON answer under the claimed key, free it otherwise."""
    claimed = g.pop("idempotency", None)
    if claimed is None:
        return response
    if 200 <= response.status_code < 300 and response.mimetype == "application/json" and not response.direct_passthrough:
        fill(*claimed, response)
        response.headers[HEADER] = claimed[1]
    else:
        release(*claimed)
    return response


def _abandon(exc) -> None:
    """teardown: a request that died before answering frees its key."""
    claimed = g.pop("idempotency", None)
    if claimed is not None:
        release(*claimed)


def register_idempotency(app: Flask) -> None:
    """Attach the hooks (after authentication, which says whose keys they are)."""
    app.before_request(_start)
    app.after_request(_finish)
    app.teardown_request(_abandon)
