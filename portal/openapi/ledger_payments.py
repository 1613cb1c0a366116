"""OpenAPI description of the ledger's payments: invoice cards, payments, annulment, closing
documents and receivables (the registry itself is in portal.openapi.ledger)."""
from portal.ledger.payments import STATES
from portal.ledger.receivables import BUCKETS
from portal.models.base import PUBLIC_ID_PATTERN
from portal.models.ledger import CLOSING_TYPES, PAYMENT_METHODS

_AUTH = [{"tokenAuth": []}, {"sessionAuth": []}]
_ID = {"type": "string", "pattern": PUBLIC_ID_PATTERN}
_DATE = {"type": "string", "format": "date"}
_TIME = {"type": "string", "format": "date-time"}
_MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2}$", "example": "1500.00"}
_MONEY_IN = {"type": "string", "pattern": r"^\d{1,9}([.,]\d{1,2})?$", "example": "1500.00"}
_DATE_IN = {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2}|\d{2}\.\d{2}\.\d{4})?$", "example": "2026-11-26"}
_PARTY = {"type": "object", "properties": {"name": {"type": "string"}, "bin": {"type": "string"}},
          "required": ["name", "bin"]}
_USER = {"type": "object", "nullable": True, "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}
_VALUES = {"type": "object", "nullable": True, "description": "paid_on, amount, method, reference, note",
           "properties": {"paid_on": {"type": "string"}, "amount": {"type": "string"}, "method": {"type": "string"},
                          "reference": {"type": "string"}, "note": {"type": "string"}}}


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _error(description: str, ref: str = "Error") -> dict:
    return {"description": description, "content": _json(ref)}


def _param(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": _ID, "description": description}


_INVOICE = _param("public_id", "The issued invoice's record id (8 hex).")
_PAYMENT = _param("public_id", "The payment's id (8 hex).")
_DOCUMENT = _param("document_id", "The closing act's or waybill's record id (8 hex).")
_COMMON = {
    "401": _error("No credentials."),
    "403": _error("The caller works for no company."),
    "404": _error("Not found, or another company's (the same answer)."),
}
_INVALID = _error("Invalid values, each named with its messages.", "ValidationError")
_NO_CONTENT = {"description": "Done; nothing to say."}


def _op(summary: str, responses: dict, body: str | None = None) -> dict:
    operation = {"summary": summary, "security": _AUTH, "responses": {**responses, **_COMMON}}
    if body:
        operation["requestBody"] = {"required": True, "content": _json(body)}
    return operation


SCHEMAS = {
    "LedgerInvoiceBrief": {
        "type": "object",
        "properties": {"id": _ID, "number": {"type": "string"}, "date": _DATE, "counterparty": _PARTY,
                       "url": {"type": "string", "format": "uri"}},
        "required": ["id", "number", "date", "counterparty", "url"],
    },
    "Payment": {
        "type": "object",
        "properties": {
            "id": _ID, "invoice": {"$ref": "#/components/schemas/LedgerInvoiceBrief"}, "paid_on": _DATE,
            "amount": _MONEY, "method": {"type": "string", "enum": list(PAYMENT_METHODS)},
            "method_text": {"type": "string"}, "reference": {"type": "string"}, "note": {"type": "string"},
            "from_statement": {"type": "boolean"}, "created": _TIME, "updated": _TIME,
            "deleted": {**_TIME, "nullable": True}, "url": {"type": "string", "format": "uri"},
        },
        "required": ["id", "invoice", "paid_on", "amount", "method", "reference", "note", "created", "deleted"],
    },
    "PaymentPage": {
        "type": "object",
        "properties": {"count": {"type": "integer"}, "next": {"type": "string", "nullable": True},
                       "previous": {"type": "string", "nullable": True},
                       "results": {"type": "array", "items": {"$ref": "#/components/schemas/Payment"}}},
        "required": ["count", "next", "previous", "results"],
    },
    "PaymentInput": {
        "type": "object",
        "properties": {
            "paid_on": {**_DATE_IN, "description": "ГГГГ-ММ-ДД or ДД.ММ.ГГГГ; not in the future."},
            "amount": {**_MONEY_IN, "description": "More than zero, at most two decimals."},
            "method": {"type": "string", "enum": list(PAYMENT_METHODS),
                       "description": ", ".join(f"{k}: {v}" for k, v in PAYMENT_METHODS.items())},
            "reference": {"type": "string", "maxLength": 100, "description": "Bank reference (номер платёжки)."},
            "note": {"type": "string", "maxLength": 500},
            "confirm_overpayment": {"type": "boolean", "description": "Accept an amount above what is owed "
                                    "(the excess becomes the counterparty's credit); without it such a payment is a 400 on `amount`."},
        },
        "required": ["paid_on", "amount", "method"],
    },
    "PaymentPatch": {
        "type": "object",
        "description": "Only the values sent change; the history keeps the old ones.",
        "properties": {"paid_on": _DATE_IN, "amount": _MONEY_IN, "method": {"type": "string", "enum": list(PAYMENT_METHODS)},
                       "reference": {"type": "string", "maxLength": 100}, "note": {"type": "string", "maxLength": 500},
                       "confirm_overpayment": {"type": "boolean"}},
    },
    "PaymentChange": {
        "type": "object",
        "properties": {"payment": _ID, "action": {"type": "string", "enum": ["created", "edited", "deleted"]},
                       "at": _TIME, "user": _USER, "old": _VALUES, "new": _VALUES},
        "required": ["payment", "action", "at", "user", "old", "new"],
    },
    "ClosingDocument": {
        "type": "object",
        "properties": {"id": _ID, "type": {"type": "string", "enum": list(CLOSING_TYPES)}, "title": {"type": "string"},
                       "number": {"type": "string"}, "date": _DATE, "total_sum": _MONEY, "invoice": _ID,
                       "url": {"type": "string", "format": "uri"}},
        "required": ["id", "type", "number", "date", "invoice"],
    },
    "ClosingInput": {
        "type": "object",
        "properties": {"document": {**_ID, "description": "An issued act (aw) or waybill (wb) of the company."}},
        "required": ["document"],
    },
    "AnnulInput": {
        "type": "object",
        "properties": {"reason": {"type": "string", "minLength": 1, "maxLength": 500}},
        "required": ["reason"],
    },
    "LedgerInvoice": {
        "type": "object",
        "properties": {
            "id": _ID, "doc_id": {"type": "string"}, "number": {"type": "string"}, "date": _DATE,
            "due_date": {**_DATE, "nullable": True}, "counterparty": _PARTY, "amount": _MONEY, "paid": _MONEY,
            "remaining": _MONEY, "overpaid": _MONEY, "state": {"type": "string", "enum": list(STATES)},
            "state_text": {"type": "string"}, "paid_at": {**_TIME, "nullable": True},
            "annulled": {"type": "object", "nullable": True,
                         "properties": {"at": _TIME, "reason": {"type": "string"}, "by": _USER}},
            "payments": {"type": "array", "items": {"$ref": "#/components/schemas/Payment"}},
            "history": {"type": "array", "items": {"$ref": "#/components/schemas/PaymentChange"}},
            "closed_by": {"type": "array", "items": {"$ref": "#/components/schemas/ClosingDocument"}},
            "document_url": {"type": "string", "format": "uri"}, "url": {"type": "string", "format": "uri"},
        },
        "required": ["id", "number", "date", "due_date", "counterparty", "amount", "paid", "remaining", "state",
                     "annulled", "payments", "history", "closed_by"],
    },
    "Receivables": {
        "type": "object",
        "properties": {
            "date": _DATE, "owed": _MONEY, "overdue": _MONEY, "open_invoices": {"type": "integer"},
            "overdue_invoices": {"type": "integer"}, "credit": _MONEY,
            "aging": {"type": "array", "items": {"type": "object", "properties": {
                "bucket": {"type": "string", "enum": [code for code, *_ in BUCKETS]}, "label": {"type": "string"},
                "amount": _MONEY, "invoices": {"type": "integer"}}, "required": ["bucket", "amount", "invoices"]}},
            "counterparties": {
                "type": "object", "description": "A page of the counterparties that owe or have a credit, those owing "
                "most first (query parameters `page`, `page_size`).",
                "properties": {
                    "count": {"type": "integer"}, "next": {"type": "string", "format": "uri", "nullable": True},
                    "previous": {"type": "string", "format": "uri", "nullable": True},
                    "results": {"type": "array", "items": {"type": "object", "properties": {
                        "bin": {"type": "string"}, "name": {"type": "string"}, "owed": _MONEY,
                        "overdue": _MONEY, "open_invoices": {"type": "integer"}, "credit": _MONEY,
                        "balance": _MONEY}, "required": ["bin", "name", "owed", "overdue", "credit"]}}},
                "required": ["count", "next", "previous", "results"]},
            "counterparty_count": {"type": "integer"},
            "months": {"type": "array", "description": "The last 12 months: invoices issued (not annulled) and payments received.",
                       "items": {"type": "object", "properties": {"month": {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
                                                                  "issued": _MONEY, "paid": _MONEY},
                                 "required": ["month", "issued", "paid"]}},
        },
        "required": ["date", "owed", "overdue", "credit", "aging", "counterparties", "months"],
    },
}

_PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {"name": "page_size", "in": "query", "schema": {"type": "integer", "minimum": 1}},
]
_CARD = {"description": "The invoice's ledger card", "content": _json("LedgerInvoice")}
_ONE_PAYMENT = {"description": "The payment", "content": _json("Payment")}

PATHS = {
    "/ledger/invoices/{public_id}/": {
        "parameters": [_INVOICE],
        "get": _op("An issued invoice's payment state, payments, history and closing documents", {"200": _CARD}),
    },
    "/ledger/invoices/{public_id}/payments/": {
        "parameters": [_INVOICE],
        "post": _op("Record a payment on the invoice (any staff member)",
                    {"201": {"description": "Recorded", "content": _json("Payment")},
                     "400": _error("Invalid values; an overpayment without `confirm_overpayment`; an annulled invoice "
                                   "(`document`).", "ValidationError")}, "PaymentInput"),
    },
    "/ledger/invoices/{public_id}/annul/": {
        "parameters": [_INVOICE],
        "post": _op("Annul the invoice (director only; the PDF and the number stay)",
                    {"200": _CARD, "400": _INVALID, "409": _error("Already annulled.")}, "AnnulInput"),
    },
    "/ledger/invoices/{public_id}/closings/": {
        "parameters": [_INVOICE],
        "post": _op("Link an issued act or waybill that closes the invoice",
                    {"201": {"description": "Linked", "content": _json("ClosingDocument")}, "400": _INVALID},
                    "ClosingInput"),
    },
    "/ledger/invoices/{public_id}/closings/{document_id}/": {
        "parameters": [_INVOICE, _DOCUMENT],
        "delete": _op("Unlink a closing document", {"204": _NO_CONTENT}),
    },
    "/ledger/invoices/{public_id}/closings/{document_id}/delete/": {
        "parameters": [_INVOICE, _DOCUMENT],
        "post": _op("Unlink a closing document (for plain HTML forms)", {"204": _NO_CONTENT}),
    },
    "/ledger/payments/": {
        "get": {**_op("The company's payments, newest first", {
            "200": {"description": "A page of payments", "content": _json("PaymentPage")}, "400": _INVALID}),
            "parameters": [
                {"name": "date_from", "in": "query", "schema": _DATE_IN, "description": "Paid from (inclusive)."},
                {"name": "date_to", "in": "query", "schema": _DATE_IN, "description": "Paid to (inclusive)."},
                {"name": "method", "in": "query", "schema": {"type": "string", "enum": ["", *PAYMENT_METHODS]}},
                {"name": "counterparty", "in": "query", "schema": {"type": "string", "maxLength": 100},
                 "description": "Part of the name, or the 12-digit BIN."},
                *_PAGING,
            ]},
    },
    "/ledger/payments/{public_id}/": {
        "parameters": [_PAYMENT],
        "get": _op("One payment (deleted ones too, marked)", {"200": _ONE_PAYMENT}),
        "patch": _op("Change some of a payment's values", {"200": _ONE_PAYMENT, "400": _INVALID}, "PaymentPatch"),
        "post": _op("Replace a payment's values (the edit form)", {"200": _ONE_PAYMENT, "400": _INVALID},
                    "PaymentInput"),
        "delete": _op("Delete a payment (kept, marked deleted, in the history)", {"204": _NO_CONTENT}),
    },
    "/ledger/payments/{public_id}/delete/": {
        "parameters": [_PAYMENT],
        "post": _op("Delete a payment (for plain HTML forms)", {"204": _NO_CONTENT}),
    },
    "/ledger/receivables/": {
        "get": _op("Who owes the company what: totals, aging, per counterparty with credits, issued and paid by month",
                   {"200": {"description": "Receivables", "content": _json("Receivables")}, "400": _INVALID}),
        "parameters": _PAGING,
    },
}
