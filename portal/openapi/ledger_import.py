"""OpenAPI description of the ledger's exports and bank statements (#19); the акт сверки is in
portal.openapi.ledger_reconciliation."""
from portal.ledger.statements.tables import FIELDS
from portal.models.base import PUBLIC_ID_PATTERN
from portal.models.statements import FORMATS, LINE_STATES
from portal.openapi import ledger_payments as _ledger_payments
from portal.openapi.conventions import PAGE_PARAMETERS, describe, page_of, path_id
from portal.openapi.ledger import PATHS as REGISTRY_PATHS

_AUTH = [{"tokenAuth": []}, {"sessionAuth": []}]
_ID = path_id("public_id", "Public id of the statement (its `id`).", "b7a1c3e5")
_NULLABLE_DATE = {"type": "string", "format": "date", "nullable": True}
_MONEY = {"type": "string", "pattern": r"^\d+\.\d{2}$"}


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


_ERRORS = {
    "401": {"description": "No credentials.", "content": _json("Error")},
    "403": {"description": "The caller works for no company.", "content": _json("Error")},
}
_INVOICE = {
    "type": "object", "nullable": True,
    "properties": {"id": {"type": "string"}, "number": {"type": "string"}, "date": {"type": "string", "format": "date"},
                   "counterparty": {"type": "object", "properties": {"name": {"type": "string"},
                                                                      "bin": {"type": "string"}}},
                   "amount": _MONEY, "remaining": _MONEY},
    "required": ["id", "number", "amount", "remaining"],
}

SCHEMAS = {
    "BankStatement": {
        "type": "object",
        "properties": {
            "id": {"type": "string", "pattern": PUBLIC_ID_PATTERN},
            "file_name": {"type": "string"},
            "format": {"type": "string", "enum": list(FORMATS)},
            "format_text": {"type": "string"},
            "bank": {"type": "string"},
            "account": {"type": "string"},
            "period_start": _NULLABLE_DATE,
            "period_end": _NULLABLE_DATE,
            "lines_in_file": {"type": "integer"},
            "lines_new": {"type": "integer", "description": "Operations not seen in earlier statements."},
            "uploaded_at": {"type": "string", "format": "date-time"},
            "url": {"type": "string", "format": "uri"},
        },
        "required": ["id", "format", "lines_in_file", "lines_new", "url"],
    },
    "BankStatementPage": page_of({"$ref": "#/components/schemas/BankStatement"}, "bank statements, newest first", uri=False),
    "BankStatementImport": {
        "type": "object",
        "description": "A new statement (201: the BankStatement's fields), or nothing new (200: statement null).",
        "properties": {"lines_in_file": {"type": "integer"}, "lines_new": {"type": "integer"},
                       "statement": {"type": "object", "nullable": True},
                       "seen_in": {"type": "array", "items": {"$ref": "#/components/schemas/BankStatement"},
                                   "description": "Earlier statements that already held some of the operations."}},
        "required": ["lines_in_file", "lines_new", "seen_in"],
    },
    "StatementLine": {
        "type": "object",
        "properties": {
            "id": {"type": "string", "pattern": PUBLIC_ID_PATTERN},
            "position": {"type": "integer", "description": "The file's line (1C) or row (CSV/XLSX)."},
            "date": {"type": "string", "format": "date"},
            "direction": {"type": "string", "enum": ["in", "out"]},
            "amount": _MONEY,
            "doc_number": {"type": "string"},
            "payer": {"type": "object", "properties": {"name": {"type": "string"}, "bin": {"type": "string"},
                                                       "account": {"type": "string"}}},
            "purpose": {"type": "string"},
            "knp": {"type": "string"},
            "state": {"type": "string", "enum": list(LINE_STATES)},
            "state_text": {"type": "string"},
            "proposal": {"type": "object", "nullable": True,
                         "properties": {"invoice": _INVOICE, "confidence": {"type": "integer", "minimum": 0,
                                                                             "maximum": 100},
                                        "reason": {"type": "string"}, "preselected": {"type": "boolean"}}},
            "payment_id": {"type": "integer", "nullable": True},
        },
        "required": ["id", "date", "direction", "amount", "state", "proposal"],
    },
    "BankStatementDetail": {
        "allOf": [{"$ref": "#/components/schemas/BankStatement"}, {
            "type": "object",
            "properties": {"counts": {"type": "object", "additionalProperties": {"type": "integer"}},
                           "lines": {"type": "array", "items": {"$ref": "#/components/schemas/StatementLine"}},
                           "recorded": {"type": "integer", "description": "After a confirmation: payments written."}},
            "required": ["counts", "lines"]}],
    },
}

_UPLOAD = {
    "type": "object",
    "properties": {
        "file": {"type": "string", "format": "binary", "description": "1C exchange text, CSV or XLSX, up to 5 MB."},
        "bank": {"type": "string", "maxLength": 100, "example": "KCJBKZKX", "description": "BIC or name; required for CSV/XLSX (the "
                                                                     "mapping is remembered by it)."},
        **{f"col_{key}": {"type": "string", "maxLength": 200, "description": f"Header of the column: {label}.",
                          "example": label}
           for key, label in FIELDS.items()},
    },
    "required": ["file"],
}
_REGISTRY_PARAMETERS = [p for p in REGISTRY_PATHS["/ledger/"]["get"]["parameters"] if p["name"] not in ("page", "page_size")]
_FILE = {"type": "string", "format": "binary"}
_PAYMENT_FILTERS = [{**p, "schema": {"type": "string", **({"example": p["schema"]["example"]} if "example" in p["schema"] else {})}}
                    for p in _ledger_payments.PATHS["/ledger/payments/"]["get"]["parameters"]
                    if p.get("name") in ("date_from", "date_to", "method", "counterparty")]
_PAYMENT_FILTERS[2]["schema"]["example"] = "transfer"

PATHS = {
    "/ledger/export.xlsx": {"get": {
        "summary": "The registry under the same filters as /ledger/, as an XLSX workbook (numbers and dates typed)",
        "security": _AUTH, "parameters": _REGISTRY_PARAMETERS,
        "responses": {
            "200": {"description": "The workbook", "content": {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": _FILE}}},
            "400": {"description": "A bad filter, named", "content": _json("ValidationError")}, **_ERRORS},
    }},
    "/ledger/export.csv": {"get": {
        "summary": "The registry as CSV: UTF-8 with BOM, `;` separated, decimal comma (Russian-locale Excel)",
        "security": _AUTH, "parameters": _REGISTRY_PARAMETERS,
        "responses": {
            "200": {"description": "The table", "content": {"text/csv": {"schema": _FILE}}},
            "400": {"description": "A bad filter, named", "content": _json("ValidationError")}, **_ERRORS},
    }},
    "/ledger/payments/export.xlsx": {"get": {
        "summary": "The payments list under the same filters as /ledger/payments/, as XLSX", "security": _AUTH,
        "parameters": _PAYMENT_FILTERS,
        "responses": {
            "200": {"description": "The workbook", "content": {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": _FILE}}},
            "400": {"description": "A bad filter, named", "content": _json("ValidationError")}, **_ERRORS},
    }},
    "/ledger/payments/export.csv": {"get": {
        "summary": "The payments list as CSV (UTF-8 with BOM, `;`, decimal comma)", "security": _AUTH,
        "parameters": _PAYMENT_FILTERS,
        "responses": {
            "200": {"description": "The table", "content": {"text/csv": {"schema": _FILE}}},
            "400": {"description": "A bad filter, named", "content": _json("ValidationError")}, **_ERRORS},
    }},
    "/ledger/statements/": {
        "get": {"summary": "The company's uploaded bank statements, newest first", "security": _AUTH,
                "parameters": PAGE_PARAMETERS,
                "responses": {"200": {"description": "A page", "content": _json("BankStatementPage")},
                              "400": {"description": "A bad page parameter, named", "content": _json("ValidationError")},
                              "404": {"description": "Page past the end.", "content": _json("Error")}, **_ERRORS}},
        "post": {"summary": "Import a statement: operations already imported are skipped, incoming ones get "
                            "proposed invoices",
                 "security": _AUTH,
                 "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": _UPLOAD}}},
                 "responses": {
                     "201": {"description": "A statement with new operations", "content": _json("BankStatementImport")},
                     "200": {"description": "Nothing new: every operation was imported before",
                             "content": _json("BankStatementImport")},
                     "400": {"description": "A broken file (`file` names the line), no bank for CSV/XLSX, or the "
                                            "columns to map (`columns`, with the file's `headers`)",
                             "content": _json("ValidationError")}, **_ERRORS}},
    },
    "/ledger/statements/{public_id}/": {"get": {
        "summary": "A statement's operations with the proposed matches", "security": _AUTH, "parameters": [_ID],
        "responses": {"200": {"description": "The statement", "content": _json("BankStatementDetail")},
                      "404": {"description": "Not this company's statement.", "content": _json("Error")}, **_ERRORS}}},
    "/ledger/statements/{public_id}/confirm/": {"post": {
        "summary": "Record confirmed matches as payments (method transfer, reference = bank document number), "
                   "all or none",
        "security": _AUTH, "parameters": [_ID],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["matches"],
            "description": "The lines to record, each with the invoice it pays.",
            "properties": {"matches": {"type": "array", "description": "One per line to record.", "items": {
                "type": "object", "required": ["line", "invoice"],
                "properties": {"line": {"type": "string", "description": "The line's id.", "example": "e1f2a3b4"},
                               "invoice": {"type": "string", "description": "Invoice number or issued document id.",
                                           "example": "2026-000123"},
                               "confirm_overpayment": {"type": "boolean", "example": False,
                                                       "description": "Accept an amount above what is owed (the excess "
                                                                      "becomes the counterparty's credit)."}}}}}}}}},
        "responses": {"200": {"description": "The statement after the payments", "content": _json("BankStatementDetail")},
                      "400": {"description": "Lines refused, named `line_<id>`; nothing written",
                              "content": _json("ValidationError")},
                      "404": {"description": "Not this company's statement.", "content": _json("Error")}, **_ERRORS}}},
}

_COUNTERPARTY = {"name": ("Name.", "ТОО «Евразия Трейд»"), "bin": ("BIN.", "130540000013")}

describe(SCHEMAS, {
    "BankStatement": "An imported bank statement: the file, the account and period it covers, and how much was new.",
    "BankStatement.id": ("Public id (GET /ledger/statements/{public_id}/).", "b7a1c3e5"),
    "BankStatement.file_name": ("The uploaded file's name.", "kaspi_2026-11.txt"),
    "BankStatement.format": "`1c`: the 1C exchange text; `csv`; `xlsx`.",
    "BankStatement.format_text": ("The format in words.", "1С: обмен с банком"),
    "BankStatement.bank": ("The bank, as the file or the upload named it.", "АО «Kaspi Bank»"),
    "BankStatement.account": ("The company's account (IIK) the statement is of.", "KZ417812870193980012"),
    "BankStatement.period_start": ("First day the statement covers.", "2026-11-01"),
    "BankStatement.period_end": ("Last day it covers.", "2026-11-30"),
    "BankStatement.lines_in_file": ("Operations in the file.", 42),
    "BankStatement.lines_new": (None, 40),
    "BankStatement.uploaded_at": ("When it was uploaded.", "2026-12-01T09:30:00+05:00"),
    "BankStatement.url": ("Its page.", "http://portal.example.kz/ledger/statements/b7a1c3e5/"),
    "BankStatementImport.lines_in_file": ("Operations in the file.", 42),
    "BankStatementImport.lines_new": ("Operations not seen before (0: nothing new, no statement made).", 40),
    "BankStatementImport.statement": ("The new statement (the BankStatement's fields); null when nothing was new.", None),
    "StatementLine": "One operation of a statement and what the import proposes to do with it.",
    "StatementLine.id": ("Public id of the line (sent back on confirmation).", "e1f2a3b4"),
    "StatementLine.position": (None, 7),
    "StatementLine.date": ("The operation's date.", "2026-11-27"),
    "StatementLine.direction": "`in`: money received; `out`: money paid.",
    "StatementLine.amount": ("Amount, tenge.", "46871.25"),
    "StatementLine.doc_number": ("The payment order's number.", "318"),
    "StatementLine.payer": "Who paid (the counterparty for an `out` line).",
    "StatementLine.payer.name": ("Name.", "ТОО «Евразия Трейд»"),
    "StatementLine.payer.bin": ("BIN.", "130540000013"),
    "StatementLine.payer.account": ("Their account (IIK).", "KZ926010111000123456"),
    "StatementLine.purpose": ("The payment's purpose, as written.", "Оплата по счёту № 2026-000123 от 26.11.2026"),
    "StatementLine.knp": ("KNP (КНП), the payment purpose code.", "710"),
    "StatementLine.state": "`open`: no payment recorded; `paid`: recorded against an invoice; `outgoing`: money out, not matched.",
    "StatementLine.state_text": ("The state in words.", "Не разнесено"),
    "StatementLine.proposal": ("The invoice this line most likely pays; null when none fits.", None),
    "StatementLine.proposal.invoice": "The invoice proposed.",
    "StatementLine.proposal.invoice.id": ("Public id of the invoice (/ledger/invoices/{public_id}/).", "5f2c9a1e"),
    "StatementLine.proposal.invoice.number": ("Its number.", "2026-000123"),
    "StatementLine.proposal.invoice.date": ("Its date.", "2026-11-26"),
    "StatementLine.proposal.invoice.counterparty": "Its buyer.",
    "StatementLine.proposal.invoice.counterparty.name": _COUNTERPARTY["name"],
    "StatementLine.proposal.invoice.counterparty.bin": _COUNTERPARTY["bin"],
    "StatementLine.proposal.invoice.amount": ("Its total, tenge.", "93742.49"),
    "StatementLine.proposal.invoice.remaining": ("What is still owed on it, tenge.", "46871.24"),
    "StatementLine.proposal.confidence": ("How sure the match is, 0-100 (number in the purpose, BIN, amount).", 90),
    "StatementLine.proposal.reason": ("Why it was proposed, in words.", "Номер счёта в назначении платежа, БИН совпадает"),
    "StatementLine.proposal.preselected": ("Whether the confirmation page ticks it by default.", True),
    "StatementLine.payment_id": ("The payment recorded from this line.", None),
    "BankStatementDetail": "A statement with its lines.",
    "BankStatementDetail.allOf[1].counts": ("Lines per `state`.", {"open": 2, "paid": 38, "outgoing": 2}),
    "BankStatementDetail.allOf[1].lines": "The statement's operations, in file order.",
    "BankStatementDetail.allOf[1].recorded": (None, 38),
})
