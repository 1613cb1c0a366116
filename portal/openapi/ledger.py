"""OpenAPI description of the ledger: the registry of issued and drafted documents."""
from portal.ledger.filters import KINDS, REGISTRY_TYPES, SORTS, STATUSES
from portal.ledger.payments import STATES as PAYMENT_STATES
from portal.models.base import PUBLIC_ID_PATTERN
from portal.openapi.conventions import PAGE, PAGE_SIZE, describe, page_of

_AUTH = [{"tokenAuth": []}, {"sessionAuth": []}]
_DATE = {"type": "string", "format": "date"}
# Filters arrive from a form too, where an empty field means «any»: blank is accepted.
_DATE_FILTER = {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2}|\d{2}\.\d{2}\.\d{4})?$", "example": "2026-11-26",
                "description": "ГГГГ-ММ-ДД or ДД.ММ.ГГГГ; blank: any."}
_MONEY = {"type": "string", "pattern": r"^(\d{1,9}([.,]\d{1,2})?)?$", "example": "1500.00"}


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "schema": schema, "description": description}


SCHEMAS = {
    "RegistryRow": {
        "type": "object",
        "properties": {
            "kind": {"type": "string", "enum": ["issued", "draft"]},
            "id": {"type": "string", "pattern": PUBLIC_ID_PATTERN},
            "type": {"type": "string", "enum": list(REGISTRY_TYPES)},
            "title": {"type": "string"},
            "number": {"type": "string", "nullable": True, "description": "An issued document's number; null for a draft."},
            "date": _DATE,
            "counterparty": {"type": "object", "properties": {"name": {"type": "string"}, "bin": {"type": "string"}},
                             "required": ["name", "bin"]},
            "total_sum": {"type": "string"},
            "status": {"type": "string", "enum": list(STATUSES)},
            "status_text": {"type": "string"},
            "content_id": {"type": "string"},
            "payment_state": {"type": "string", "nullable": True, "enum": [*PAYMENT_STATES, None],
                              "description": "An issued invoice's payment state; null for anything else."},
            "payment_state_text": {"type": "string", "nullable": True},
            "issued_as": {"type": "array", "nullable": True, "description": "A draft's issues (null for an issued row).",
                          "items": {"type": "object", "properties": {"number": {"type": "string"}, "id": {"type": "string"}}}},
            "url": {"type": "string", "format": "uri"},
        },
        "required": ["kind", "id", "type", "title", "number", "date", "counterparty", "total_sum", "status", "url"],
    },
    "RegistryPage": page_of({"$ref": "#/components/schemas/RegistryRow"}, "registry rows, in the order asked for", uri=False),
}

describe(SCHEMAS, {
    "RegistryRow": "One row of the registry: an issued document, or a draft (a smart document not issued yet).",
    "RegistryRow.kind": "`issued`: an issued PDF; `draft`: a smart document (maybe issued before, see `issued_as`).",
    "RegistryRow.id": ("Public id: of the issued record (/smart_doc/documents/{id}/) or of the draft.", "5f2c9a1e"),
    "RegistryRow.type": "The document type's code.",
    "RegistryRow.title": ("The document's title.", "Счёт на оплату"),
    "RegistryRow.number": (None, "2026-000123"),
    "RegistryRow.date": ("The document's date.", "2026-11-26"),
    "RegistryRow.counterparty": "The buyer, customer or recipient.",
    "RegistryRow.counterparty.name": ("Name.", "ТОО «Евразия Трейд»"),
    "RegistryRow.counterparty.bin": ("BIN.", "130540000013"),
    "RegistryRow.total_sum": ("Total with VAT, tenge.", "93742.49"),
    "RegistryRow.status": "Where the document stands: a draft, issued, an invoice's payment (unpaid, partial, paid, overdue), annulled.",
    "RegistryRow.status_text": ("The status in words.", "Оплачен частично"),
    "RegistryRow.content_id": ("Public id of the source smart document.", "c3b2a1f0"),
    "RegistryRow.payment_state": (None, "partial"),
    "RegistryRow.payment_state_text": ("The payment state in words.", "Оплачен частично"),
    "RegistryRow.issued_as": (None, [{"number": "2026-000123", "id": "5f2c9a1e"}]),
    "RegistryRow.issued_as[].number": ("The issue's number.", "2026-000123"),
    "RegistryRow.issued_as[].id": ("Public id of the issued record.", "5f2c9a1e"),
    "RegistryRow.url": ("Where the row opens (the record, or the draft's builder).",
                        "http://portal.example.kz/ledger/invoices/5f2c9a1e/"),
})

PATHS = {
    "/ledger/": {
        "get": {
            "summary": "The registry: the company's issued documents and drafts, filtered, sorted, paginated",
            "security": _AUTH,
            "parameters": [
                _query("kind", {"type": "string", "enum": list(KINDS)}, "issued or drafts (both when absent)."),
                _query("type", {"type": "string", "enum": ["", *REGISTRY_TYPES]}, "Document type."),
                _query("date_from", _DATE_FILTER, "Document date from (inclusive)."),
                _query("date_to", _DATE_FILTER, "Document date to (inclusive)."),
                _query("counterparty", {"type": "string", "maxLength": 100, "example": "евразия"}, "Part of the name, or the 12-digit BIN."),
                _query("number", {"type": "string", "maxLength": 100, "example": "2026-0001"}, "Part of the number (a draft matches by its issues)."),
                _query("status", {"type": "string", "enum": ["", *STATUSES]}, "Row status."),
                _query("amount_min", _MONEY, "Total from (inclusive)."),
                _query("amount_max", _MONEY, "Total to (inclusive)."),
                _query("sort", {"type": "string", "enum": ["", *SORTS]}, "Order; -date by default."),
                PAGE,
                PAGE_SIZE,
            ],
            "responses": {
                "200": {"description": "A page of rows", "content": _json("RegistryPage")},
                "400": {"description": "A bad filter, named", "content": _json("ValidationError")},
                "401": {"description": "No credentials.", "content": _json("Error")},
                "403": {"description": "The caller works for no company.", "content": _json("Error")},
                "404": {"description": "Page past the end.", "content": _json("Error")},
            },
        },
    },
}
