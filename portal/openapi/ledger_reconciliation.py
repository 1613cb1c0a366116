"""OpenAPI description of the акт сверки (reconciliation statement) with a counterparty: its
figures for a period and its issue as a PDF (#19)."""
import copy

from portal.openapi import documents_schemas, ledger
from portal.openapi.conventions import AUTH as _AUTH, describe, json_ref as _json

_MONEY = {"type": "string", "pattern": r"^\d+\.\d{2}$"}
_ERRORS = {
    "401": {"description": "No credentials.", "content": _json("Error")},
    "403": {"description": "The caller works for no company.", "content": _json("Error")},
}

# Its issued records have type `rc`: the issued-document and registry schemas of the
# documents and ledger modules list the smart-document types only, so their copies here (joined
# after them by portal.openapi.build_document) add it.
_issued = copy.deepcopy(documents_schemas.SCHEMAS["IssuedDocument"])
_issued["properties"]["type"]["enum"] = [*_issued["properties"]["type"]["enum"], "rc"]
_row = copy.deepcopy(ledger.SCHEMAS["RegistryRow"])
_row["properties"]["type"]["enum"] = [*_row["properties"]["type"]["enum"], "rc"]
_SIGNED_MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2}$"}
SCHEMAS = {
    "IssuedDocument": _issued,
    "RegistryRow": _row,
    "Reconciliation": {
        "type": "object",
        "description": "Debit: invoices (the counterparty owes); credit: payments. Positive balances are in the "
                       "company's favour, negative in the counterparty's.",
        "properties": {
            "counterparty": {"type": "object", "properties": {"bin": {"type": "string"}, "name": {"type": "string"}}},
            "date_from": {"type": "string", "format": "date"}, "date_to": {"type": "string", "format": "date"},
            "opening": _SIGNED_MONEY, "debit": _MONEY, "credit": _MONEY, "closing": _SIGNED_MONEY,
            "balance_text": {"type": "string"},
            "entries": {"type": "array", "items": {"type": "object", "properties": {
                "date": {"type": "string", "format": "date"}, "document": {"type": "string"},
                "debit": _MONEY, "credit": _MONEY}}},
        },
        "required": ["counterparty", "date_from", "date_to", "opening", "debit", "credit", "closing", "entries"],
    },
}
_COUNTERPARTY = {"name": ("Name.", "ТОО «Евразия Трейд»"), "bin": ("BIN.", "130540000013")}

describe(SCHEMAS, {
    "Reconciliation.counterparty": "The counterparty.",
    "Reconciliation.counterparty.name": _COUNTERPARTY["name"],
    "Reconciliation.counterparty.bin": _COUNTERPARTY["bin"],
    "Reconciliation.date_from": ("First day of the period.", "2026-01-01"),
    "Reconciliation.date_to": ("Last day of the period.", "2026-11-30"),
    "Reconciliation.opening": ("Balance at the start, tenge.", "0.00"),
    "Reconciliation.debit": ("Invoiced in the period, tenge.", "93742.49"),
    "Reconciliation.credit": ("Paid in the period, tenge.", "46871.25"),
    "Reconciliation.closing": ("Balance at the end, tenge.", "46871.24"),
    "Reconciliation.balance_text": ("The closing balance in words, as printed.",
                                    "Задолженность в пользу ТОО «Пример» 46 871,24 тенге"),
    "Reconciliation.entries": "The period's invoices and payments, by date.",
    "Reconciliation.entries[].date": ("The entry's date.", "2026-11-26"),
    "Reconciliation.entries[].document": ("What it is, as printed.", "Счёт на оплату № 2026-000123 от 26.11.2026"),
    "Reconciliation.entries[].debit": ("Invoiced, tenge.", "93742.49"),
    "Reconciliation.entries[].credit": ("Paid, tenge.", "0.00"),
})

_RC_QUERY = [
    {"name": "counterparty", "in": "query", "required": True, "schema": {"type": "string", "pattern": r"^\d{12}$"},
     "description": "The counterparty's BIN/IIN.", "example": "130540000013"},
    {"name": "date_from", "in": "query", "required": True, "schema": {"type": "string", "format": "date", "example": "2026-01-01"},
     "description": "First day of the period."},
    {"name": "date_to", "in": "query", "required": True, "schema": {"type": "string", "format": "date", "example": "2026-11-30"},
     "description": "Last day of the period."},
]
PATHS = {"/ledger/reconciliation/": {
    "get": {"summary": "Акт сверки's figures with a counterparty for a period (the preview)", "security": _AUTH,
            "parameters": _RC_QUERY,
            "responses": {"200": {"description": "The act", "content": _json("Reconciliation")},
                          "400": {"description": "A bad BIN or period, or a counterparty never invoiced",
                                  "content": _json("ValidationError")}, **_ERRORS}},
    "post": {"summary": "Issue the акт сверки as a PDF (number, QR, verification)", "security": _AUTH,
             "requestBody": {"required": True, "content": {"application/json": {"schema": {
                 "type": "object", "required": ["counterparty", "date_from", "date_to"],
                 "description": "The counterparty and the period of the act.",
                 "properties": {"counterparty": {"type": "string", "pattern": r"^\d{12}$", "example": "130540000013",
                                                 "description": "The counterparty's BIN/IIN (invoiced at least once)."},
                                "date_from": {"type": "string", "format": "date", "example": "2026-01-01",
                                              "description": "First day of the period."},
                                "date_to": {"type": "string", "format": "date", "example": "2026-11-30",
                                            "description": "Last day of the period."},
                                "form": {"type": "string", "enum": ["pu", "pr"],
                                         "description": "`pu`: the verification page shows the details; `pr`: only existence."}}}}}},
             "responses": {"201": {"description": "Issued", "content": _json("IssuedDocumentOwned")},
                           "400": {"description": "A bad BIN or period, named", "content": _json("ValidationError")},
                           **_ERRORS}},
}}
