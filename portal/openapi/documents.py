"""OpenAPI description of issued documents' operations: issue, list, download, ZIP, viewers,
numbering, checks (their schemas are in portal.openapi.documents_schemas)."""

from portal.documents.bulk import MAX_BULK
from portal.openapi.conventions import AUTH as _AUTH, PAGE_PARAMETERS, json_ref as _json
from portal.openapi.documents_schemas import DOC_ID, ID, ISSUED_TYPE, SCHEMAS

__all__ = ["PATHS", "SCHEMAS"]

# ГГГГ-ММ-ДД or ДД.ММ.ГГГГ; blank (an empty form field) means any date.
_DATE_FILTER = {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2}|\d{2}\.\d{2}\.\d{4})?$", "example": "2026-11-26"}


def _error(description: str, ref: str = "Error") -> dict:
    return {"description": description, "content": _json(ref)}


_ID_PARAM = {"name": "public_id", "in": "path", "required": True, "schema": ID,
             "description": "The record `id` (8 hex)."}
_NOT_FOUND = _error("Not found, or not the caller's to see (the same answer).")
_UNAUTHORIZED = _error("No credentials.")


def _both(path: str, item: dict) -> dict:
    """The path under /smart_doc/ and its /smart_docs/ alias."""
    return {f"/smart_doc{path}": item, f"/smart_docs{path}": item}


PATHS = {
    **_both("/documents/", {
        "get": {
            "summary": "Issued documents the caller may open (sent by their company or shared with them)",
            "security": _AUTH,
            "parameters": [
                {"name": "type", "in": "query", "schema": ISSUED_TYPE,
                 "description": "Only this type. " + ISSUED_TYPE["description"]},
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
        "parameters": [{"name": "doc_id", "in": "path", "required": True, "schema": DOC_ID,
                        "description": "The 13-digit code printed under the QR code."}],
        "get": {"summary": "The page a QR code opens (JSON twin): details for public documents, existence for private",
                "security": [],
                "responses": {"200": {"description": "Verification", "content": _json("Verification")},
                              "404": _error("No document with this code")}},
    },
}
