"""OpenAPI description of the ledger's payments: invoice cards, payments, annulment, closing
documents (the registry itself is in portal.openapi.ledger, receivables in
portal.openapi.ledger_receivables)."""
from portal.ledger.payments import STATES
from portal.models.base import PUBLIC_ID_PATTERN
from portal.models.ledger import CLOSING_TYPES, PAYMENT_METHODS
from portal.openapi.conventions import PAGE_PARAMETERS, describe, page_of

_AUTH = [{"tokenAuth": []}, {"sessionAuth": []}]
_ID = {"type": "string", "pattern": PUBLIC_ID_PATTERN, "example": "5f2c9a1e"}
DATE = {"type": "string", "format": "date"}
_TIME = {"type": "string", "format": "date-time"}
MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2}$", "example": "1500.00"}
_MONEY_IN = {"type": "string", "pattern": r"^\d{1,9}([.,]\d{1,2})?$", "example": "1500.00"}
_DATE_IN = {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2}|\d{2}\.\d{2}\.\d{4})?$", "example": "2026-11-26"}
_PARTY = {"type": "object", "description": "The invoice's buyer.",
          "properties": {"name": {"type": "string", "description": "Name.", "example": "ТОО «Евразия Трейд»"},
                         "bin": {"type": "string", "description": "BIN.", "example": "130540000013"}},
          "required": ["name", "bin"]}
_USER = {"type": "object", "nullable": True, "description": "Who did it; null: done by the system (a statement import).",
         "properties": {"id": {"type": "string", "description": "Public id of the user.", "example": "5c2e8d1a"},
                        "name": {"type": "string", "description": "Their full name.", "example": "Сейткали Асель"}}}
_VALUES = {"type": "object", "nullable": True, "description": "The payment's values (null: none, as before a create).",
           "properties": {"paid_on": {"type": "string", "description": "Date paid.", "example": "2026-11-27"},
                          "amount": {"type": "string", "description": "Amount, tenge.", "example": "46871.25"},
                          "method": {"type": "string", "description": "Method code.", "example": "transfer"},
                          "reference": {"type": "string", "description": "Bank reference.", "example": "318"},
                          "note": {"type": "string", "description": "Note.", "example": "Первая часть"}}}


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
INVALID = _error("Invalid values, each named with its messages.", "ValidationError")
_NO_CONTENT = {"description": "Done; nothing to say."}


def operation(summary: str, responses: dict, body: str | None = None) -> dict:
    """A ledger operation: for a company's staff, with the 401/403/404 every one of them answers."""
    spec = {"summary": summary, "security": _AUTH, "responses": {**responses, **_COMMON}}
    if body:
        spec["requestBody"] = {"required": True, "content": _json(body)}
    return spec


SCHEMAS = {
    "LedgerInvoiceBrief": {
        "type": "object",
        "properties": {"id": _ID, "number": {"type": "string"}, "date": DATE, "counterparty": _PARTY,
                       "url": {"type": "string", "format": "uri"}},
        "required": ["id", "number", "date", "counterparty", "url"],
    },
    "Payment": {
        "type": "object",
        "properties": {
            "id": _ID, "invoice": {"$ref": "#/components/schemas/LedgerInvoiceBrief"}, "paid_on": DATE,
            "amount": MONEY, "method": {"type": "string", "enum": list(PAYMENT_METHODS)},
            "method_text": {"type": "string"}, "reference": {"type": "string"}, "note": {"type": "string"},
            "from_statement": {"type": "boolean"}, "created": _TIME, "updated": _TIME,
            "deleted": {**_TIME, "nullable": True}, "url": {"type": "string", "format": "uri"},
        },
        "required": ["id", "invoice", "paid_on", "amount", "method", "reference", "note", "created", "deleted"],
    },
    "PaymentPage": page_of({"$ref": "#/components/schemas/Payment"}, "payments, newest first", uri=False),
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
                       "number": {"type": "string"}, "date": DATE, "total_sum": MONEY, "invoice": _ID,
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
            "id": _ID, "doc_id": {"type": "string"}, "number": {"type": "string"}, "date": DATE,
            "due_date": {**DATE, "nullable": True}, "counterparty": _PARTY, "amount": MONEY, "paid": MONEY,
            "remaining": MONEY, "overpaid": MONEY, "state": {"type": "string", "enum": list(STATES)},
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
}

_MONEY_NOTES = "tenge"
describe(SCHEMAS, {
    "LedgerInvoiceBrief": "The invoice a payment is recorded on.",
    "LedgerInvoiceBrief.id": "Public id of the issued invoice (/ledger/invoices/{public_id}/).",
    "LedgerInvoiceBrief.number": ("Its number.", "2026-000123"),
    "LedgerInvoiceBrief.date": ("Its date.", "2026-11-26"),
    "LedgerInvoiceBrief.url": ("Its ledger card.", "http://portal.example.kz/ledger/invoices/5f2c9a1e/"),
    "Payment": "A payment received on an issued invoice.",
    "Payment.id": ("Public id of the payment (/ledger/payments/{public_id}/).", "a1b2c3d4"),
    "Payment.paid_on": ("When it was paid.", "2026-11-27"),
    "Payment.amount": ("Amount, tenge.", "46871.25"),
    "Payment.method": "How it was paid: " + ", ".join(f"`{k}` {v}" for k, v in PAYMENT_METHODS.items()) + ".",
    "Payment.method_text": ("The method in words.", "Банковский перевод"),
    "Payment.reference": ("Bank reference (номер платёжки).", "318"),
    "Payment.note": ("A note.", "Первая часть"),
    "Payment.from_statement": ("Whether it was recorded from an imported bank statement.", False),
    "Payment.created": ("When it was recorded.", "2026-11-27T16:02:00+05:00"),
    "Payment.updated": ("When it last changed.", "2026-11-27T16:02:00+05:00"),
    "Payment.deleted": ("When it was deleted; null while it counts.", None),
    "Payment.url": ("Its page.", "http://portal.example.kz/ledger/payments/a1b2c3d4/"),
    "PaymentInput": "A payment to record.",
    "PaymentInput.method": (None, "transfer"),
    "PaymentInput.reference": (None, "318"),
    "PaymentInput.note": ("A note (shown in the history).", "Первая часть"),
    "PaymentInput.confirm_overpayment": (None, False),
    "PaymentPatch.paid_on": ("ГГГГ-ММ-ДД or ДД.ММ.ГГГГ; not in the future.", "2026-11-27"),
    "PaymentPatch.amount": ("More than zero, at most two decimals.", "46871.25"),
    "PaymentPatch.method": ("How it was paid.", "transfer"),
    "PaymentPatch.reference": ("Bank reference (номер платёжки).", "318"),
    "PaymentPatch.note": ("A note.", "Первая часть"),
    "PaymentPatch.confirm_overpayment": ("Accept an amount above what is owed.", False),
    "PaymentChange": "One entry of an invoice's payment history.",
    "PaymentChange.payment": "Public id of the payment.",
    "PaymentChange.action": "What happened to it.",
    "PaymentChange.at": ("When.", "2026-11-27T16:02:00+05:00"),
    "PaymentChange.old": (None, None),
    "PaymentChange.new": (None, {"paid_on": "2026-11-27", "amount": "46871.25", "method": "transfer",
                                 "reference": "318", "note": ""}),
    "ClosingDocument": "An issued act or waybill that closes (fulfils) an invoice.",
    "ClosingDocument.id": "Public id of the issued record.",
    "ClosingDocument.type": "`aw` act of completed works, `wb` waybill.",
    "ClosingDocument.title": ("Its title.", "Акт выполненных работ"),
    "ClosingDocument.number": ("Its number.", "2026-000045"),
    "ClosingDocument.date": ("Its date.", "2026-11-30"),
    "ClosingDocument.total_sum": ("Its total, tenge.", "93742.49"),
    "ClosingDocument.invoice": "Public id of the invoice it closes.",
    "ClosingDocument.url": ("The issued document.", "http://portal.example.kz/smart_doc/documents/5f2c9a1e/"),
    "ClosingInput": "The act or waybill to link.",
    "AnnulInput": "Why the invoice is annulled.",
    "AnnulInput.reason": ("Printed on the verification page for those allowed to see details.", "Ошибка в реквизитах"),
    "LedgerInvoice": "An issued invoice's ledger card: what was paid, when, what is owed.",
    "LedgerInvoice.id": "Public id of the issued invoice.",
    "LedgerInvoice.doc_id": ("The 13-digit code under its QR code.", "4820193746501"),
    "LedgerInvoice.number": ("Its number.", "2026-000123"),
    "LedgerInvoice.date": ("Its date.", "2026-11-26"),
    "LedgerInvoice.due_date": ("Pay by (the invoice's «Срок оплаты»); null: none.", "2026-12-06"),
    "LedgerInvoice.amount": ("To pay, tenge.", "93742.49"),
    "LedgerInvoice.paid": ("Paid so far, tenge.", "46871.25"),
    "LedgerInvoice.remaining": ("Still owed, tenge.", "46871.24"),
    "LedgerInvoice.overpaid": ("Paid above the amount (the counterparty's credit), tenge.", "0.00"),
    "LedgerInvoice.state": "The payment state.",
    "LedgerInvoice.state_text": ("The state in words.", "Оплачен частично"),
    "LedgerInvoice.paid_at": ("When it became fully paid.", None),
    "LedgerInvoice.annulled": ("Set when annulled: when, why, by whom.", None),
    "LedgerInvoice.annulled.at": ("When.", "2026-11-28T09:00:00+05:00"),
    "LedgerInvoice.annulled.reason": ("Why.", "Ошибка в реквизитах"),
    "LedgerInvoice.payments": "Its payments, in order paid.",
    "LedgerInvoice.history": "Every payment created, edited or deleted, oldest first.",
    "LedgerInvoice.closed_by": "The acts and waybills linked to it.",
    "LedgerInvoice.document_url": ("The issued PDF.", "http://portal.example.kz/smart_doc/documents/5f2c9a1e/file/"),
    "LedgerInvoice.url": ("This card.", "http://portal.example.kz/ledger/invoices/5f2c9a1e/"),
})

_CARD = {"description": "The invoice's ledger card", "content": _json("LedgerInvoice")}
_ONE_PAYMENT = {"description": "The payment", "content": _json("Payment")}

PATHS = {
    "/ledger/invoices/{public_id}/": {
        "parameters": [_INVOICE],
        "get": operation("An issued invoice's payment state, payments, history and closing documents", {"200": _CARD}),
    },
    "/ledger/invoices/{public_id}/payments/": {
        "parameters": [_INVOICE],
        "post": operation("Record a payment on the invoice (any staff member)",
                          {"201": {"description": "Recorded", "content": _json("Payment")},
                           "400": _error("Invalid values; an overpayment without `confirm_overpayment`; an annulled invoice "
                                         "(`document`).", "ValidationError")}, "PaymentInput"),
    },
    "/ledger/invoices/{public_id}/annul/": {
        "parameters": [_INVOICE],
        "post": operation("Annul the invoice (director only; the PDF and the number stay)",
                          {"200": _CARD, "400": INVALID, "409": _error("Already annulled.")}, "AnnulInput"),
    },
    "/ledger/invoices/{public_id}/closings/": {
        "parameters": [_INVOICE],
        "post": operation("Link an issued act or waybill that closes the invoice",
                          {"201": {"description": "Linked", "content": _json("ClosingDocument")}, "400": INVALID},
                          "ClosingInput"),
    },
    "/ledger/invoices/{public_id}/closings/{document_id}/": {
        "parameters": [_INVOICE, _DOCUMENT],
        "delete": operation("Unlink a closing document", {"204": _NO_CONTENT}),
    },
    "/ledger/invoices/{public_id}/closings/{document_id}/delete/": {
        "parameters": [_INVOICE, _DOCUMENT],
        "post": operation("Unlink a closing document (for plain HTML forms)", {"204": _NO_CONTENT}),
    },
    "/ledger/payments/": {
        "get": {**operation("The company's payments, newest first", {
            "200": {"description": "A page of payments", "content": _json("PaymentPage")}, "400": INVALID}),
            "parameters": [
                {"name": "date_from", "in": "query", "schema": _DATE_IN, "description": "Paid from (inclusive)."},
                {"name": "date_to", "in": "query", "schema": _DATE_IN, "description": "Paid to (inclusive)."},
                {"name": "method", "in": "query", "schema": {"type": "string", "enum": ["", *PAYMENT_METHODS]},
                 "description": "Only this method (blank: any)."},
                {"name": "counterparty", "in": "query", "schema": {"type": "string", "maxLength": 100, "example": "евразия"},
                 "description": "Part of the name, or the 12-digit BIN."},
                *PAGE_PARAMETERS,
            ]},
    },
    "/ledger/payments/{public_id}/": {
        "parameters": [_PAYMENT],
        "get": operation("One payment (deleted ones too, marked)", {"200": _ONE_PAYMENT}),
        "patch": operation("Change some of a payment's values", {"200": _ONE_PAYMENT, "400": INVALID}, "PaymentPatch"),
        "post": operation("Replace a payment's values (the edit form)", {"200": _ONE_PAYMENT, "400": INVALID},
                          "PaymentInput"),
        "delete": operation("Delete a payment (kept, marked deleted, in the history)", {"204": _NO_CONTENT}),
    },
    "/ledger/payments/{public_id}/delete/": {
        "parameters": [_PAYMENT],
        "post": operation("Delete a payment (for plain HTML forms)", {"204": _NO_CONTENT}),
    },
}
