"""OpenAPI pieces of incremental sync: the `updated_after`/`ordering` parameters every list
with a time of change takes, and `/smart_doc/deleted/` (tombstones)."""
from portal.config import Defaults
from portal.openapi.conventions import PAGE_PARAMETERS, page_of
from portal.web.sync import ORDERINGS

KEEP_DAYS = f"{Defaults.SYNC_TOMBSTONES_KEEP_DAYS:g}"
RETENTION = (f"Tombstones are kept {KEEP_DAYS} days (setting `SYNC_TOMBSTONES_KEEP_DAYS`), then forgotten. A sync "
             f"whose last run is older than that cannot learn every delete since: `updated_after` earlier than "
             f"{KEEP_DAYS} days ago answers **410 Gone**, and the client must do a full resync (read every list "
             "without `updated_after`, replace its copy, and continue from the time that resync started).")

UPDATED_AFTER = {
    "name": "updated_after", "in": "query", "required": False,
    "description": ("Only rows changed at or after this instant (RFC 3339 with its offset: `2026-03-01T00:00:00+05:00` "
                    "or `...Z`; encode `+` as %2B), ordered by (updated, id) unless `ordering=id`. Inclusive, so nothing written in the "
                    "same microsecond as the last row seen is missed: upsert by `id`. On /clients/clients/ it "
                    "cannot be combined with `search` (400 naming `search`)."),
    "schema": {"type": "string", "format": "date-time", "example": "2026-03-01T00:00:00+05:00"},
}
ORDERING = {
    "name": "ordering", "in": "query", "required": False,
    "description": "`updated`: oldest change first, then id (stable pages for a sync); `id`: the list's own order.",
    "schema": {"type": "string", "enum": list(ORDERINGS), "example": "updated"},
}
SYNC_PARAMETERS = [UPDATED_AFTER, ORDERING]

SCHEMAS = {
    "Tombstone": {
        "type": "object", "additionalProperties": False, "required": ["id", "kind", "deleted"],
        "description": "A deleted smart-doc object: remove it from your copy.",
        "properties": {
            "id": {"type": "string", "pattern": "^[0-9a-f]{8}$", "example": "a095fbe6",
                   "description": "The public id the object had."},
            "kind": {"type": "string", "example": "invoices_for_payment",
                     "description": "Its list, as the path under /smart_doc/ names it (works, product_count, invoices, ...)."},
            "deleted": {"type": "string", "format": "date-time", "example": "2026-03-01T10:15:00+05:00",
                        "description": "When it was deleted (Asia/Almaty)."},
        },
    },
}


def _deleted_path() -> dict:
    page = page_of({"$ref": "#/components/schemas/Tombstone"}, "tombstones, oldest first", uri=False, closed=True)
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    return {"get": {
        "tags": ["Smart Docs: sync"], "operationId": "smart_doc_deleted_list",
        "summary": "Deleted smart-doc objects of the caller's company (tombstones)",
        "description": "Every delete of a catalogue entry, line or document leaves a tombstone; a sync reads "
                       "`?updated_after=<its last run>` and removes those ids. " + RETENTION,
        "security": [{"tokenAuth": []}, {"sessionAuth": []}],
        "parameters": [
            *PAGE_PARAMETERS,
            {**UPDATED_AFTER, "description": "Only objects deleted at or after this instant (inclusive)."},
            ORDERING,
            {"name": "kind", "in": "query", "required": False, "schema": {"type": "string", "example": "works"},
             "description": "Only this list's objects."},
        ],
        "responses": {
            "200": {"description": "One page of tombstones.", "content": {"application/json": {"schema": page}}},
            "400": {"description": "A bad parameter, named.", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/ValidationError"}}}},
            "401": {"description": "No credentials.", "content": error},
            "403": {"description": "The caller works for no company.", "content": error},
            "404": {"description": "Page past the end.", "content": error},
            "410": {"description": f"`updated_after` is more than {KEEP_DAYS} days ago: deletes before then are "
                                   "forgotten, so resync fully (the `detail` says so in Russian).", "content": error},
        },
    }}


PATHS = {"/smart_doc/deleted/": _deleted_path()}
