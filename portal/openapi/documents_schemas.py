"""OpenAPI schemas of issued documents: the record, the issue and bulk requests, e-mail
deliveries, viewers, numbering and the public verification (the operations are in
portal.openapi.documents)."""

from portal.documents.bulk import MAX_BULK
from portal.models.base import PUBLIC_ID_PATTERN
from portal.ledger.filters import REGISTRY_TYPES
from portal.openapi.conventions import describe, page_of
from portal.smart_docs.types import DOC_TYPES

ID = {"type": "string", "pattern": PUBLIC_ID_PATTERN, "example": "5f2c9a1e"}
DOC_ID = {"type": "string", "pattern": "^[1-9][0-9]{12}$", "example": "4820193746501"}
TYPE = {"type": "string", "enum": list(DOC_TYPES),
        "description": "The document type: " + ", ".join(f"{code} {kind.title.lower()}" for code, kind in DOC_TYPES.items()) + "."}
# What an issued record can be: the smart-document types, and rc — the ledger's акт сверки.
ISSUED_TYPE = {"type": "string", "enum": list(REGISTRY_TYPES),
               "description": TYPE["description"][:-1] + ", rc акт сверки."}

SCHEMAS = {
    "IssuedDocument": {
        "type": "object",
        "properties": {
            "id": ID,
            "doc_id": {**DOC_ID, "description": "Unique 13-digit code printed under the QR code."},
            "type": ISSUED_TYPE,
            "form": {"type": "string", "enum": ["pu", "pr"],
                     "description": "pu: the verification page shows parties, number, date and total; pr: only existence."},
            "content_id": {**ID, "description": "Public id of the source smart document."},
            "file": {"type": "string", "format": "uri", "description": "The PDF (staff of the sender and viewers)."},
            "qr_code": {"type": "string", "format": "uri", "description": "PNG of the QR code of `verify_url`."},
            "user": {"type": "string", "nullable": True, "description": "Public id of the user who issued it."},
            "company_sender": ID,
            "company_recipient": {**ID, "nullable": True},
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
            "type": TYPE,
            "form": {"type": "string", "enum": ["pu", "pr"], "default": "pr"},
            "content_ids": {"type": "array", "items": ID, "minItems": 1, "maxItems": MAX_BULK,
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
            "type": TYPE,
            "form": {"type": "string", "enum": ["pu", "pr"], "default": "pr"},
            "content_id": {**ID, "description": "The source document of the caller's company, of this type."},
            "company_sender": {**ID, "description": "Optional; must be the caller's company."},
            "company_recipient": {**ID, "description": "Optional; must be the source document's counterparty."},
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
            "type": TYPE, "title": {"type": "string"}, "year": {"type": "integer"},
            "last_number": {"type": "integer"}, "highest_issued": {"type": "integer"},
            "next_number": {"type": "integer"}, "next": {"type": "string", "example": "2026-000151"},
        },
    },
    "Numbering": {"type": "object", "properties": {
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/NumberingRow"}}}},
    "NumberingUpdate": {
        "type": "object",
        "properties": {"type": TYPE, "year": {"type": "integer", "minimum": 2000, "maximum": 2100, "nullable": True,
                                               "description": "Counter year; null or absent means this year."},
                       "next_number": {"type": "integer", "minimum": 1, "maximum": 999999}},
        "required": ["type", "next_number"],
    },
    "Verification": {
        "type": "object",
        "description": "Existence always; details for public documents or callers allowed to see the document.",
        "properties": {
            "doc_id": DOC_ID, "exists": {"type": "boolean"}, "form": {"type": "string", "enum": ["pu", "pr"]},
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
