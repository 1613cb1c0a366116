"""OpenAPI description of issued documents: issue, list, download, ZIP, viewers, numbering, checks."""

from portal.documents.bulk import MAX_BULK
from portal.models.base import PUBLIC_ID_PATTERN
from portal.openapi.conventions import PAGE_PARAMETERS, describe, page_of
from portal.ledger.filters import REGISTRY_TYPES
from portal.smart_docs.types import DOC_TYPES

_ID = {"type": "string", "pattern": PUBLIC_ID_PATTERN, "example": "5f2c9a1e"}
_DOC_ID = {"type": "string", "pattern": "^[1-9][0-9]{12}$", "example": "4820193746501"}
_TYPE = {"type": "string", "enum": list(DOC_TYPES),
         "description": "The document type: " + ", ".join(f"{code} {kind.title.lower()}" for code, kind in DOC_TYPES.items()) + "."}
# What an issued record can be: the smart-document types, and rc — the ledger's акт сверки.
_ISSUED_TYPE = {"type": "string", "enum": list(REGISTRY_TYPES),
                "description": _TYPE["description"][:-1] + ", rc акт сверки."}
_AUTH = [{"tokenAuth": []}, {"sessionAuth": []}]
# ГГГГ-ММ-ДД or ДД.ММ.ГГГГ; blank (an empty form field) means any date.
_DATE_FILTER = {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2}|\d{2}\.\d{2}\.\d{4})?$", "example": "2026-11-26"}


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _error(description: str, ref: str = "Error") -> dict:
    return {"description": description, "content": _json(ref)}


_ID_PARAM = {"name": "public_id", "in": "path", "required": True, "schema": _ID,
             "description": "The record `id` (8 hex)."}
_NOT_FOUND = _error("Not found, or not the caller's to see (the same answer).")
_UNAUTHORIZED = _error("No credentials.")

SCHEMAS = {
    "IssuedDocument": {
        "type": "object",
        "properties": {
            "id": _ID,
            "doc_id": {**_DOC_ID, "description": "Unique 13-digit code printed under the QR code."},
            "type": _ISSUED_TYPE,
            "form": {"type": "string", "enum": ["pu", "pr"],
                     "description": "pu: the verification page shows parties, number, date and total; pr: only existence."},
            "content_id": {**_ID, "description": "Public id of the source smart document."},
            "file": {"type": "string", "format": "uri", "description": "The PDF (staff of the sender and viewers)."},
            "qr_code": {"type": "string", "format": "uri", "description": "PNG of the QR code of `verify_url`."},
            "user": {"type": "string", "nullable": True, "description": "Public id of the user who issued it."},
            "company_sender": _ID,
            "company_recipient": {**_ID, "nullable": True},
            "email_recipients": {"type": "array", "items": {"type": "string", "format": "email"}, "nullable": True,
                                 "description": "null in a file check answered to someone outside the document's circle."},
            "viewers": {"type": "array", "items": {"type": "string"}, "nullable": True,
                        "description": "User ids of the staff it is shared with (null as above)."},
            "number": {"type": "string", "pattern": r"^\d{4}-\d{6}$", "example": "2026-000123",
                       "description": "Per company, per type, per year; consecutive, never reused."},
            "title": {"type": "string", "example": "Счёт на оплату"},
            "date": {"type": "string", "format": "date"},
            "total_sum": {"type": "string", "example": "93742.49"},
            "nds_sum": {"type": "string", "example": "12930.00"},
            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "size": {"type": "integer"},
            "verify_url": {"type": "string", "format": "uri"},
            "created": {"type": "string", "format": "date-time"},
            "authority": {"$ref": "#/components/schemas/Authority"},
        },
        "required": ["id", "doc_id", "type", "form", "content_id", "file", "qr_code", "user", "company_sender",
                     "company_recipient", "email_recipients", "viewers", "number", "sha256"],
    },
    "BulkIssueRequest": {
        "type": "object",
        "properties": {
            "type": _TYPE,
            "form": {"type": "string", "enum": ["pu", "pr"], "default": "pr"},
            "content_ids": {"type": "array", "items": _ID, "minItems": 1, "maxItems": MAX_BULK,
                            "description": "Public ids of the caller's smart documents of `type`."},
        },
        "required": ["type", "content_ids"],
    },
    "EmailDelivery": {
        "type": "object",
        "description": "Where the e-mail stands. `queued`: handed to the task queue, a worker is sending it "
                       "(poll GET /documents/{id}/mail/); `pending`: an attempt failed, the scheduler tries again "
                       "at `retry_at` (after 5, 15, 60, 180, 720 minutes); `failed`: given up (the last attempt, "
                       "or the server refused the addresses).",
        "properties": {
            "status": {"type": "string", "enum": ["none", "queued", "sent", "outbox", "pending", "failed"]},
            "detail": {"type": "string"},
            "retry_at": {"type": "string", "format": "date-time", "nullable": True},
        },
        "required": ["status", "detail", "retry_at"],
    },
    "MailDelivery": {
        "type": "object",
        "description": "One e-mail of an issued PDF and its attempts.",
        "properties": {
            "id": {"type": "integer"},
            "recipients": {"type": "array", "items": {"type": "string", "format": "email"}},
            "status": {"type": "string", "enum": ["pending", "sent", "outbox", "failed"]},
            "detail": {"type": "string"},
            "attempts": {"type": "integer", "minimum": 0},
            "last_error": {"type": "string", "nullable": True},
            "next_attempt_at": {"type": "string", "format": "date-time", "nullable": True},
            "sent_at": {"type": "string", "format": "date-time", "nullable": True},
            "created": {"type": "string", "format": "date-time"},
        },
        "required": ["id", "recipients", "status", "attempts", "next_attempt_at", "sent_at", "created"],
    },
    "MailSent": {
        "allOf": [
            {"$ref": "#/components/schemas/MailDelivery"},
            {"type": "object", "properties": {"delivery": {"$ref": "#/components/schemas/EmailDelivery"}},
             "required": ["delivery"]},
        ]
    },
    "MailRequest": {
        "type": "object",
        "properties": {
            "email_recipients": {"oneOf": [{"type": "array", "items": {"type": "string", "format": "email"},
                                            "minItems": 1, "maxItems": 10}, {"type": "string"}],
                                 "description": "Addresses (a list, or comma separated)."},
        },
        "required": ["email_recipients"],
    },
    "IssuedDocumentOwned": {
        "allOf": [
            {"$ref": "#/components/schemas/IssuedDocument"},
            {"type": "object", "properties": {"email_deliveries": {
                "type": "array", "items": {"$ref": "#/components/schemas/MailDelivery"},
                "description": "Only for staff of the sending company."}}},
        ]
    },
    "IssuedDocumentCreated": {
        "allOf": [
            {"$ref": "#/components/schemas/IssuedDocumentOwned"},
            {"type": "object", "properties": {
                "email_delivery": {"allOf": [{"$ref": "#/components/schemas/EmailDelivery"}], "nullable": True,
                                   "description": "Null when the answer is an earlier record (nothing sent)."},
                "already_issued": {"type": "boolean", "description": "True: the source was unchanged, this is the "
                                   "record issued before (answer 200, no new number)."},
                "reissued": {"type": "boolean", "description": "True: a new copy was asked for with reissue."}}},
        ]
    },
    "IssueRequest": {
        "type": "object",
        "properties": {
            "type": _TYPE,
            "form": {"type": "string", "enum": ["pu", "pr"], "default": "pr"},
            "content_id": {**_ID, "description": "The source document of the caller's company, of this type."},
            "company_sender": {**_ID, "description": "Optional; must be the caller's company."},
            "company_recipient": {**_ID, "description": "Optional; must be the source document's counterparty."},
            "email_recipients": {"oneOf": [{"type": "array", "items": {"type": "string", "format": "email"},
                                            "maxItems": 10}, {"type": "string"}],
                                 "description": "Addresses to send the PDF to (a list, or comma separated)."},
            "reissue": {"type": "boolean", "default": False,
                        "description": "Take a new number even if the source is unchanged since its last issue. "
                                       "Without it an unchanged source answers the record already issued (200)."},
        },
        "required": ["type", "content_id"],
    },
    "IssuedDocumentPage": page_of({"$ref": "#/components/schemas/IssuedDocument"}, "issued documents, newest first"),
    "ViewersRequest": {
        "type": "object",
        "properties": {
            "document_id": {"type": "string", "description": "Record id (8 hex) or 13-digit doc_id."},
            "staff": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": MAX_BULK,
                      "description": "User ids (the `user` of /clients/staff/) of staff of the sender or recipient."},
        },
        "required": ["document_id", "staff"],
    },
    "NumberingRow": {
        "type": "object",
        "properties": {
            "type": _TYPE, "title": {"type": "string"}, "year": {"type": "integer"},
            "last_number": {"type": "integer"}, "highest_issued": {"type": "integer"},
            "next_number": {"type": "integer"}, "next": {"type": "string", "example": "2026-000151"},
        },
    },
    "Numbering": {"type": "object", "properties": {
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/NumberingRow"}}}},
    "NumberingUpdate": {
        "type": "object",
        "properties": {"type": _TYPE, "year": {"type": "integer", "minimum": 2000, "maximum": 2100, "nullable": True,
                                               "description": "Counter year; null or absent means this year."},
                       "next_number": {"type": "integer", "minimum": 1, "maximum": 999999}},
        "required": ["type", "next_number"],
    },
    "Verification": {
        "type": "object",
        "description": "Existence always; details for public documents or callers allowed to see the document.",
        "properties": {
            "doc_id": _DOC_ID, "exists": {"type": "boolean"}, "form": {"type": "string", "enum": ["pu", "pr"]},
            "issued": {"type": "string", "format": "date-time"}, "title": {"type": "string"},
            "number": {"type": "string"}, "date": {"type": "string", "format": "date"},
            "company_sender": {"type": "object", "properties": {"name": {"type": "string"}, "bin": {"type": "string"}}},
            "company_recipient": {"type": "object", "nullable": True,
                                  "properties": {"name": {"type": "string"}, "bin": {"type": "string"}}},
            "total_sum": {"type": "string"}, "sha256": {"type": "string"},
            "authority": {"$ref": "#/components/schemas/Authority"},
            "annulled": {"type": "object",
                         "description": "Present only for an annulled invoice: when, and why (the reason only where "
                                        "details are shown).",
                         "properties": {"at": {"type": "string", "format": "date-time"},
                                        "reason": {"type": "string", "nullable": True}},
                         "required": ["at", "reason"]},
        },
        "required": ["doc_id", "exists", "form", "issued", "authority"],
    },
}


_PARTY = "name and BIN, as printed"
describe(SCHEMAS, {
    "IssuedDocument": "An issued PDF: its number, QR code, checksum and who may open it.",
    "IssuedDocument.id": "Public id of the record (GET /smart_doc/documents/{public_id}/).",
    "IssuedDocument.file": (None, "http://portal.example.kz/smart_doc/documents/5f2c9a1e/file/"),
    "IssuedDocument.qr_code": (None, "http://portal.example.kz/smart_doc/documents/5f2c9a1e/qr/"),
    "IssuedDocument.user": (None, "5c2e8d1a"),
    "IssuedDocument.company_sender": ("Public id of the issuing company.", "1d0173d1"),
    "IssuedDocument.company_recipient": ("Public id of the counterparty company; null if it is not in the directory.",
                                         "8e2f4a6b"),
    "IssuedDocument.email_recipients": (None, ["buh@eurasia-trade.kz"]),
    "IssuedDocument.viewers": (None, ["5c2e8d1a"]),
    "IssuedDocument.title": "The document's title, as printed.",
    "IssuedDocument.date": ("The document's date.", "2026-11-26"),
    "IssuedDocument.total_sum": "Total with VAT, tenge.",
    "IssuedDocument.nds_sum": "VAT, tenge.",
    "IssuedDocument.sha256": ("SHA-256 of the PDF's bytes: compare it with a file you were sent (POST /smart_doc/check_file/).",
                              "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
    "IssuedDocument.size": ("Size of the PDF, bytes.", 48213),
    "IssuedDocument.verify_url": ("The public verification page the QR code opens.",
                                  "http://portal.example.kz/verify/4820193746501/"),
    "IssuedDocument.created": ("When it was issued.", "2026-11-26T10:15:00+05:00"),
    "BulkIssueRequest": "Issue many smart documents of one type at once (one ZIP, each numbered).",
    "BulkIssueRequest.form": "`pu`: the verification page shows parties, number, date and total; `pr` (default): only existence.",
    "BulkIssueRequest.content_ids": (None, ["c3b2a1f0", "d4e5f6a7"]),
    "EmailDelivery.status": "`none`: no address given; `queued`, `sent`, `outbox` (kept: mail is off), `pending`, `failed`: see above.",
    "EmailDelivery.detail": ("The status in words, for a person.", "Отправлено на buh@eurasia-trade.kz"),
    "EmailDelivery.retry_at": ("When the next attempt runs (`pending` only).", "2026-11-26T10:20:00+05:00"),
    "MailDelivery.id": ("Number of the e-mail (GET /smart_doc/documents/{id}/mail/ lists them).", 17),
    "MailDelivery.recipients": ("Addresses it goes to.", ["buh@eurasia-trade.kz"]),
    "MailDelivery.status": "`pending`: waiting for an attempt; `sent`; `outbox`: kept unsent (mail is off); `failed`: given up.",
    "MailDelivery.detail": ("The status in words.", "Отправлено"),
    "MailDelivery.attempts": ("Attempts made so far.", 1),
    "MailDelivery.last_error": ("The mail server's answer to the last failed attempt.", None),
    "MailDelivery.next_attempt_at": ("When the next attempt runs; null when none is due.", None),
    "MailDelivery.sent_at": ("When it was sent.", "2026-11-26T10:15:04+05:00"),
    "MailDelivery.created": ("When it was asked for.", "2026-11-26T10:15:00+05:00"),
    "MailSent": "The e-mail just queued, and where its delivery stands.",
    "MailRequest": "Send an issued PDF by e-mail again.",
    "MailRequest.email_recipients": (None, ["buh@eurasia-trade.kz", "director@eurasia-trade.kz"]),
    "IssuedDocumentOwned": "An issued document as its sender's staff see it: with its e-mails.",
    "IssuedDocumentCreated": "The answer to an issue: the record, and what became of its e-mail.",
    "IssuedDocumentCreated.allOf[1].already_issued": (None, False),
    "IssuedDocumentCreated.allOf[1].reissued": (None, False),
    "IssueRequest": "Issue one smart document as a PDF.",
    "IssueRequest.form": "`pu`: the verification page shows parties, number, date and total; `pr` (default): only existence.",
    "IssueRequest.content_id": (None, "c3b2a1f0"),
    "IssueRequest.company_sender": (None, "1d0173d1"),
    "IssueRequest.company_recipient": (None, "8e2f4a6b"),
    "IssueRequest.email_recipients": (None, ["buh@eurasia-trade.kz"]),
    "IssueRequest.reissue": (None, False),
    "ViewersRequest": "Share an issued document with colleagues (of the sender or the recipient).",
    "ViewersRequest.document_id": (None, "4820193746501"),
    "ViewersRequest.staff": (None, ["5c2e8d1a"]),
    "NumberingRow": "One document type's counter for one year.",
    "NumberingRow.title": ("The type's title.", "Счёт на оплату"),
    "NumberingRow.year": ("The counter's year.", 2026),
    "NumberingRow.last_number": ("The last number given (0: none yet this year).", 150),
    "NumberingRow.highest_issued": ("The highest number issued; the next may not be set at or below it.", 150),
    "NumberingRow.next_number": ("The number the next issue takes.", 151),
    "NumberingRow.next": "The next number as printed (year-number).",
    "Numbering": "The caller's company's document counters.",
    "Numbering.results": "One row per type (and year).",
    "NumberingUpdate": "Set where a type's counter continues (e.g. after moving from another system).",
    "NumberingUpdate.year": (None, 2026),
    "NumberingUpdate.next_number": ("The number the next issue takes; above every number issued.", 151),
    "Verification.doc_id": "The 13-digit code printed under the QR code.",
    "Verification.exists": ("Whether a document with this code was issued.", True),
    "Verification.form": "`pu`: details are public; `pr`: only existence (details for the parties' staff).",
    "Verification.issued": ("When it was issued.", "2026-11-26T10:15:00+05:00"),
    "Verification.title": ("The document's title.", "Счёт на оплату"),
    "Verification.number": ("Its number.", "2026-000123"),
    "Verification.date": ("Its date.", "2026-11-26"),
    "Verification.company_sender": f"The issuing company: {_PARTY}.",
    "Verification.company_sender.name": ("Name.", "ТОО «Пример»"),
    "Verification.company_sender.bin": ("BIN.", "180540034205"),
    "Verification.company_recipient": f"The counterparty: {_PARTY}; null if none.",
    "Verification.company_recipient.name": ("Name.", "ТОО «Евразия Трейд»"),
    "Verification.company_recipient.bin": ("BIN.", "130540000013"),
    "Verification.total_sum": ("Total with VAT, tenge.", "93742.49"),
    "Verification.sha256": ("SHA-256 of the PDF: the copy you hold is genuine if it matches.",
                            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
    "Verification.annulled.at": ("When it was annulled.", "2026-11-28T09:00:00+05:00"),
    "Verification.annulled.reason": ("Why, where details are shown.", "Ошибка в реквизитах"),
})

def _both(path: str, item: dict) -> dict:
    """The path under /smart_doc/ and its /smart_docs/ alias."""
    return {f"/smart_doc{path}": item, f"/smart_docs{path}": item}


PATHS = {
    **_both("/documents/", {
        "get": {
            "summary": "Issued documents the caller may open (sent by their company or shared with them)",
            "security": _AUTH,
            "parameters": [
                {"name": "type", "in": "query", "schema": _ISSUED_TYPE,
                 "description": "Only this type. " + _ISSUED_TYPE["description"]},
                {"name": "date_from", "in": "query", "schema": _DATE_FILTER,
                 "description": "Document date from (inclusive)."},
                {"name": "date_to", "in": "query", "schema": _DATE_FILTER,
                 "description": "Document date to (inclusive)."},
                *PAGE_PARAMETERS,
            ],
            "responses": {"200": {"description": "A page", "content": _json("IssuedDocumentPage")},
                          "400": _error("Bad filter", "ValidationError"), "401": _UNAUTHORIZED,
                          "404": _error("Page past the end")},
        },
        "post": {
            "summary": "Issue a PDF from a smart document (numbered, QR-coded, stored, optionally e-mailed)",
            "description": "All or nothing: if rendering fails the answer is 500, no record is kept and the number "
                           "is not consumed. The e-mail is queued with the document and sent after the commit; the "
                           "outcome is in `email_delivery`, and a failed one is retried by the scheduler.",
            "security": _AUTH,
            "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False,
                            "schema": {"type": "string", "pattern": "^[\\x21-\\x7e]{1,200}$",
                                       "example": "6f1c2a8e-3b5d-4c1e-9f0a-7d2b4e6c8a10"},
                            "description": "Any 1-200 visible ASCII characters (a UUID): the first successful answer "
                                           "for the key is answered again, as it was, for 24 hours (per company); a "
                                           "concurrent request with the same key waits for it."}],
            "requestBody": {"required": True, "content": _json("IssueRequest")},
            "responses": {"201": {"description": "Issued", "content": _json("IssuedDocumentCreated")},
                          "200": {"description": "The source is unchanged since it was issued: the record already "
                                                 "issued, same number", "content": _json("IssuedDocumentCreated")},
                          "400": _error("Invalid field (or Idempotency-Key)", "ValidationError"), "401": _UNAUTHORIZED,
                          "403": _error("The caller is not staff of a company"),
                          "409": _error("A request with the same Idempotency-Key is still running"),
                          "500": _error("Rendering failed; nothing issued")},
        },
    }),
    **_both("/documents/{public_id}/", {
        "parameters": [_ID_PARAM],
        "get": {"summary": "One issued document", "security": _AUTH,
                "responses": {"200": {"description": "The record (with its e-mails for the sender's staff)",
                                      "content": _json("IssuedDocumentOwned")},
                              "401": _UNAUTHORIZED, "404": _NOT_FOUND}},
        **{method: {"summary": "Refused: issued documents never change (issue a new one to correct)",
                    "security": _AUTH,
                    "responses": {"405": _error("Issued documents are immutable"), "401": _UNAUTHORIZED,
                                  "404": _NOT_FOUND}}
           for method in ("put", "patch", "delete")},
    }),
    **_both("/documents/{public_id}/mail/", {
        "parameters": [_ID_PARAM],
        "get": {"summary": "The document's e-mails and where each stands; staff of the sending company",
                "security": _AUTH,
                "responses": {"200": {"description": "The e-mails, oldest first", "content": _json("MailList")},
                              "401": _UNAUTHORIZED, "404": _error("Not a document the caller's company sent")}},
        "post": {"summary": "E-mail the PDF (again); staff of the sending company",
                 "description": "Queues the e-mail for a worker (`delivery.status` `queued`); if the server does not "
                                "answer, it stays pending and the scheduler retries it. An e-mail still pending to the "
                                "same addresses is tried now instead of queueing a copy. Limited per user "
                                "(MAIL_SEND_LIMIT, 30 an hour).",
                 "security": _AUTH,
                 "requestBody": {"required": True, "content": _json("MailRequest")},
                 "responses": {"201": {"description": "The e-mail and the attempt's outcome", "content": _json("MailSent")},
                               "400": _error("No address, or a bad one", "ValidationError"), "401": _UNAUTHORIZED,
                               "404": _error("Not a document the caller's company sent"),
                               "429": _error("Too many sends; try later")}},
    }),
    **_both("/documents/{public_id}/file/", {
        "parameters": [_ID_PARAM, {"name": "inline", "in": "query", "schema": {"type": "string", "example": "1"},
                                   "description": "Any value: Content-Disposition inline instead of attachment."}],
        "get": {"summary": "The PDF exactly as issued", "security": _AUTH,
                "responses": {"200": {"description": "PDF with `Content-Disposition` (ASCII `filename` and "
                                                     "RFC 5987 `filename*`) and the SHA-256 as ETag",
                                      "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
                              "304": {"description": "Not modified (If-None-Match)"},
                              "401": _UNAUTHORIZED, "404": _NOT_FOUND}},
    }),
    **_both("/documents/{public_id}/qr_code/", {
        "parameters": [_ID_PARAM],
        "get": {"summary": "PNG of the QR code that opens the verification page", "security": _AUTH,
                "responses": {"200": {"description": "PNG",
                                      "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}}},
                              "401": _UNAUTHORIZED, "404": _NOT_FOUND}},
    }),
    **_both("/documents/bulk/", {
        "post": {
            "summary": f"Issue several smart documents of one type (at most {MAX_BULK}) on the task queue",
            "description": "Reserves consecutive numbers in order of date and starts a run whose chunks workers "
                           "render in parallel; poll the run at `Location` (`url`) until `state` is `done` or "
                           "`failed`. A list with any unknown id, or another company's, is refused whole. A chunk "
                           "that fails is retried; one that keeps failing leaves the run `failed` with its "
                           "`last_error`, its numbers kept for it, and the director can retry it (/tasks/).",
            "security": _AUTH,
            "requestBody": {"required": True, "content": _json("BulkIssueRequest")},
            "responses": {"202": {"description": "The run, queued", "content": _json("TaskRun")},
                          "400": _error("Invalid field", "ValidationError"), "401": _UNAUTHORIZED,
                          "403": _error("The caller is not staff of a company")},
        },
    }),
    **_both("/documents/zip/", {
        "get": {"summary": "A ZIP of chosen PDFs", "security": _AUTH,
                "parameters": [{"name": "id", "in": "query", "required": False, "explode": True,
                                "schema": {"type": "array", "items": {"type": "string"}, "example": ["5f2c9a1e", "4820193746501"]},
                                "description": "Record ids or doc_ids (repeat the parameter, or `ids=a,b`)."},
                               {"name": "ids", "in": "query", "schema": {"type": "string", "example": "5f2c9a1e,4820193746501"},
                                "description": "The same, comma separated."}],
                "responses": {"200": {"description": "ZIP",
                                      "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}},
                              "400": _error("None chosen or too many", "ValidationError"), "401": _UNAUTHORIZED,
                              "404": _error("One of them is not the caller's to open")}},
    }),
    **_both("/documents/numbering/", {
        "get": {"summary": "Numbering per document type for a year", "security": _AUTH,
                "parameters": [{"name": "year", "in": "query", "schema": {"type": "integer", "example": 2026},
                                "description": "The counters' year; absent: this year (Asia/Almaty)."}],
                "responses": {"200": {"description": "Rows", "content": _json("Numbering")},
                              "400": _error("Bad year", "ValidationError"), "401": _UNAUTHORIZED}},
        "post": {"summary": "Continue numbering from a number (directors)", "security": _AUTH,
                 "requestBody": {"required": True, "content": _json("NumberingUpdate")},
                 "responses": {"200": {"description": "Rows after the change", "content": _json("Numbering")},
                               "400": _error("Invalid, or not above the highest number issued", "ValidationError"),
                               "401": _UNAUTHORIZED, "403": _error("Not a director")}},
    }),
    **_both("/viewers/", {
        "post": {"summary": "Share an issued document with staff of the sending or receiving company",
                 "security": _AUTH,
                 "requestBody": {"required": True, "content": _json("ViewersRequest")},
                 "responses": {"200": {"description": "The record with its viewers", "content": _json("IssuedDocumentOwned")},
                               "400": _error("Someone outside both companies, or no staff given", "ValidationError"),
                               "401": _UNAUTHORIZED, "404": _error("Not a document the caller's company sent")}},
    }),
    **_both("/check_file/", {
        "get": {
            "summary": "The upload page where anyone can check a PDF (HTML; JSON clients get its description)",
            "security": [],
            "responses": {"200": {"description": "The check page", "content": {
                "text/html": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "object"}}}}},
        },
        "post": {
            "summary": "Check a PDF against what was issued (SHA-256); anyone may call it",
            "description": "200 with the record when the file matches byte for byte; 200 with the JSON string "
                           "\"Not valid\" when it does not or the id is unknown (the same answer, so ids cannot be "
                           "probed). The upload is hashed as a stream and never stored.",
            "security": [],
            "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                "type": "object",
                "description": "A PDF someone sent you, and optionally which document it claims to be.",
                "properties": {"document_id": {"type": "string", "example": "4820193746501",
                                               "description": "13-digit doc_id or record id; "
                                               "empty: read from the PDF's metadata (every issued PDF carries it)"},
                               "document": {"type": "string", "format": "binary", "description": "The PDF file."}},
                "required": ["document"]}}}},
            "responses": {
                "200": {"description": "The record, or \"Not valid\"", "content": {"application/json": {"schema": {
                    "oneOf": [{"$ref": "#/components/schemas/IssuedDocument"},
                              {"type": "string", "enum": ["Not valid"]}]}}}},
                "400": _error("Missing id, missing or empty file", "ValidationError"),
                "413": _error("Upload larger than CHECK_FILE_MAX_BYTES (10 MB)"),
            },
        },
    }),
    "/verify/{doc_id}/": {
        "parameters": [{"name": "doc_id", "in": "path", "required": True, "schema": _DOC_ID,
                        "description": "The 13-digit code printed under the QR code."}],
        "get": {"summary": "The page a QR code opens (JSON twin): details for public documents, existence for private",
                "security": [],
                "responses": {"200": {"description": "Verification", "content": _json("Verification")},
                              "404": _error("No document with this code")}},
    },
}
