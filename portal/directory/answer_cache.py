"""A per-process cache of the directory's JSON list and object answers, keyed on the directory
data version (`directory_version`, bumped by database triggers on every write to a directory
table: imports, edits, deletes), so an answer is reused only while the data it was built from
is unchanged; no time-to-live is needed for correctness. Each hit costs one one-row read.

What it holds: the JSON body of `/clients/<list>/` pages and `/clients/<list>/<id>/` objects
(the same for every caller who may see them: access is still checked before the cache is
asked), keyed by the full URL (the envelope's next/previous links carry the host). Bounded:
past DIRECTORY_CACHE_ENTRIES it starts empty again. `DIRECTORY_CACHE=False` turns it off.
"""
from typing import Callable

from flask import Response, current_app, request
from sqlalchemy import select

from portal.extensions import db
from portal.models import DirectoryVersion
from portal.web.conditional import note_last_modified

_entries: dict[str, tuple[int, bytes, object]] = {}
_VERSION = select(DirectoryVersion.version).where(DirectoryVersion.id == 1)


def data_version() -> int | None:
    """The directory's current data version (None: no version row, so nothing is cached)."""
    return db.session.execute(_VERSION).scalar()


def cached_json(build: Callable[[], Response]) -> Response:
    """The answer `build` gives for this URL, from the cache while the directory is unchanged."""
    config = current_app.config
    if not config.get("DIRECTORY_CACHE", True):
        return build()
    version = data_version()
    if version is None:
        return build()
    from flask import g

    g.directory_version = version  # the WSGI fast path keeps the answer under this version
    key = request.url
    kept = _entries.get(key)
    if kept is not None and kept[0] == version:
        note_last_modified(kept[2])
        response = Response(kept[1], mimetype="application/json")
        response.vary.update(("Accept", "HX-Request"))
        return response
    response = build()
    if response.status_code == 200 and response.mimetype == "application/json":
        if len(_entries) >= int(config.get("DIRECTORY_CACHE_ENTRIES", 2000)):
            _entries.clear()
        from flask import g

        _entries[key] = (version, response.get_data(), g.get("last_modified"))
    return response


def clear() -> None:
    """Forget every kept answer (tests)."""
    _entries.clear()
