"""OpenAPI description of company proofs (claims: ЭЦП, e-mailed code, director) and ЭЦП login."""

from portal.models.base import PUBLIC_ID_PATTERN
from portal.openapi.conventions import describe

_ID = {"type": "string", "pattern": PUBLIC_ID_PATTERN, "example": "5f2c9a1e"}
_AUTH = [{"tokenAuth": []}, {"sessionAuth": []}]
_TIME = {"type": "string", "format": "date-time"}
_NTIME = {**_TIME, "nullable": True}


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _answer(description: str, ref: str) -> dict:
    return {"description": description, "content": _json(ref)}


_ERRORS = {
    "401": _answer("No credentials.", "Error"),
    "404": _answer("No such claim of the caller's (another user's claim answers the same).", "Error"),
}
_REFUSED = _answer("Refused, with the reason on the field (`signature`, `email`, `code`).", "ValidationError")
_CLOSED = _answer("The claim is no longer waiting for a proof.", "Error")
_CLAIM_PARAM = [{"name": "public_id", "in": "path", "required": True, "schema": _ID, "description": "The claim `id`."}]
_SIGNED = {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SignedChallenge"}}}}


def _claim_post(summary: str, ok: dict, body: dict | None = None, extra: dict | None = None) -> dict:
    """A write on a claim: the caller's own claim only."""
    operation = {"summary": summary, "security": _AUTH, "parameters": _CLAIM_PARAM,
                 "responses": {**ok, "400": _REFUSED, "409": _CLOSED, **_ERRORS, **(extra or {})}}
    if body:
        operation["requestBody"] = body
    return {"post": operation}


def _body(properties: dict, required: list[str]) -> dict:
    return {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "properties": properties, "required": required}}}}


SCHEMAS = {
    "Challenge": {
        "type": "object",
        "description": "A one-time text to sign (its UTF-8 bytes, CMS with the data attached). Single use, "
                       "valid until `expires_at` (EDS_CHALLENGE_TTL_SECONDS, 5 minutes by default).",
        "properties": {"challenge": {"type": "string"}, "expires_at": _TIME},
        "required": ["challenge", "expires_at"],
    },
    "SignedChallenge": {
        "type": "object",
        "properties": {"challenge": {"type": "string", "description": "The challenge as received."},
                       "signature": {"type": "string", "description": "Base64 CMS (PKCS#7 SignedData) with the "
                                     "challenge attached, as NCALayer's kz.gov.pki.knca.basics sign returns it."}},
        "required": ["challenge", "signature"],
    },
    "CompanyProof": {
        "type": "object", "nullable": True,
        "properties": {"method": {"type": "string", "enum": ["eds_head", "eds_signer", "email", "director"]},
                       "text": {"type": "string", "example": "Компания подтверждена ЭЦП первого руководителя 12.03.2026"},
                       "proven_at": _TIME, "by": {**_ID, "nullable": True}},
        "required": ["method", "text", "proven_at", "by"],
    },
    "EmailCode": {
        "type": "object", "nullable": True,
        "description": "The code in play (never the code itself): 6 digits, 15 minutes, 5 tries.",
        "properties": {"sent_to": {"type": "string", "example": "b**@company.kz"}, "expires_at": _TIME,
                       "attempts": {"type": "integer", "minimum": 0}},
        "required": ["sent_to", "expires_at", "attempts"],
    },
    "Claim": {
        "type": "object",
        "properties": {
            "id": _ID,
            "status": {"type": "string", "enum": ["pending", "proven", "requested", "cancelled"]},
            "status_label": {"type": "string", "example": "Ожидает подтверждения"},
            "method": {"type": "string", "nullable": True},
            "company": {"$ref": "#/components/schemas/ClaimCompany"},
            "created": _TIME, "decided_at": _NTIME,
            "emails": {"type": "array", "description": "The company's addresses from the directory, masked: "
                       "pick one by `id` for the code.",
                       "items": {"type": "object", "properties": {"id": _ID, "masked": {"type": "string"}},
                                 "required": ["id", "masked"]}},
            "director_on_portal": {"type": "boolean", "description": "A proven director can approve instead."},
            "code": {"$ref": "#/components/schemas/EmailCode"},
            "company_proof": {"$ref": "#/components/schemas/CompanyProof"},
        },
        "required": ["id", "status", "status_label", "company", "emails", "director_on_portal", "code",
                     "company_proof"],
    },
    "ClaimCompany": {
        "type": "object",
        "properties": {"id": _ID, "bin": {"type": "string"}, "company_name": {"type": "string"}},
        "required": ["id", "bin", "company_name"],
    },
    "ClaimSettled": {
        "type": "object",
        "description": "What the proof led to: `director` (seated as Директор) or `requested` (a join request to "
                       "the company's proven director).",
        "properties": {
            "outcome": {"type": "string", "enum": ["director", "requested"]},
            "claim": {"type": "object", "properties": {"id": _ID, "status": {"type": "string"},
                                                       "method": {"type": "string", "nullable": True}}},
            "staff": {"type": "object", "nullable": True},
            "join_request": {"type": "object", "nullable": True},
            "next": {"type": "string"},
        },
        "required": ["outcome", "claim", "staff", "join_request", "next"],
    },
    "EdsLink": {
        "type": "object",
        "properties": {"linked": {"type": "boolean"}, "iin": {"type": "string", "nullable": True},
                       "holder": {"type": "string", "nullable": True}, "linked_at": _NTIME},
        "required": ["linked", "iin", "holder", "linked_at"],
    },
    "Authority": {
        "type": "object",
        "description": "How the issuer's company had proven its identity when the document was issued.",
        "properties": {"method": {"type": "string", "nullable": True,
                                  "description": "eds_head, eds_signer, email, director; null: not recorded"},
                       "proven_at": _NTIME,
                       "text": {"type": "string", "example": "способ подтверждения не записан"}},
        "required": ["method", "proven_at", "text"],
    },
}

describe(SCHEMAS, {
    "Authority.method": (None, "eds_head"),
    "Authority.proven_at": ("When the sender's company was proven.", "2026-03-12T11:00:00+05:00"),
    "Authority.text": "How the sender's authority was proven, in words (printed on the verification page).",
    "Challenge.challenge": ("The text to sign.", "portal-login:7f3a9c2e1b5d4f60:2026-12-03T08:15:00+05:00"),
    "Challenge.expires_at": ("When it stops being accepted.", "2026-12-03T08:20:00+05:00"),
    "SignedChallenge": "A challenge signed with ЭЦП.",
    "SignedChallenge.challenge": (None, "portal-login:7f3a9c2e1b5d4f60:2026-12-03T08:15:00+05:00"),
    "SignedChallenge.signature": (None, "MIIKBgYJKoZIhvcNAQcCoIIJ9zCCCfMCAQExDjAMBggqgw4DCgEDAQUAMCcGCSqGSIb3DQEHAaAaBBhwb3J0YWw="),
    "CompanyProof": "How the company was proven (null: not yet).",
    "CompanyProof.method": "`eds_head` ЭЦП of the first head; `eds_signer` ЭЦП of a signer; `email` a code to the company's e-mail; `director` approved by its proven director.",
    "CompanyProof.text": "The proof in words.",
    "CompanyProof.proven_at": ("When.", "2026-03-12T11:00:00+05:00"),
    "CompanyProof.by": "Public id of the user who proved it.",
    "EmailCode.sent_to": "The address, masked.",
    "EmailCode.expires_at": ("When the code stops working.", "2026-12-03T08:30:00+05:00"),
    "EmailCode.attempts": ("Wrong codes entered so far.", 0),
    "Claim": "A user's claim to work for a company, and how it is being proven.",
    "Claim.id": "Public id of the claim (/identity/claims/{public_id}/).",
    "Claim.status": "`pending` waiting for a proof; `proven`; `requested` waiting for the director; `cancelled`.",
    "Claim.status_label": "The status in words.",
    "Claim.method": ("How it was proven; null while pending.", None),
    "Claim.emails[].id": "Public id of the address (send it to /code/).",
    "Claim.emails[].masked": ("The address, masked.", "b**@company.kz"),
    "Claim.director_on_portal": (None, False),
    "Claim.created": ("When it was made.", "2026-12-03T08:00:00+05:00"),
    "Claim.decided_at": ("When it was settled.", None),
    "ClaimCompany": "The company claimed.",
    "ClaimCompany.id": "Public id of the company.",
    "ClaimCompany.bin": ("BIN.", "180540034205"),
    "ClaimCompany.company_name": ("Name.", "ТОО «Пример»"),
    "ClaimSettled.outcome": "`director`: seated as Директор; `requested`: waiting for the company's director.",
    "ClaimSettled.claim": "The claim, settled.",
    "ClaimSettled.claim.id": "Its id.",
    "ClaimSettled.claim.status": ("Its status now.", "proven"),
    "ClaimSettled.claim.method": ("How it was proven.", "eds_head"),
    "ClaimSettled.staff": ("The caller's new position (outcome `director`); null otherwise.", {"role": "Директор"}),
    "ClaimSettled.join_request": ("The join request made (outcome `requested`); null otherwise.", None),
    "ClaimSettled.next": ("Where to go next.", "/dashboard/"),
    "EdsLink": "The ЭЦП linked to the user's account for login.",
    "EdsLink.linked": ("Whether one is linked.", True),
    "EdsLink.iin": ("The certificate's IIN.", "850101300123"),
    "EdsLink.holder": ("The certificate holder's name.", "ИВАНОВ ИВАН"),
    "EdsLink.linked_at": ("When it was linked.", "2026-03-12T11:00:00+05:00"),
})

PATHS = {
    "/identity/claims/{public_id}/": {"get": {
        "summary": "The caller's claim to act for a company, and the proofs it can take",
        "security": _AUTH, "parameters": _CLAIM_PARAM,
        "responses": {"200": _answer("The claim", "Claim"), **_ERRORS},
    }},
    "/identity/claims/{public_id}/challenge/": _claim_post(
        "A one-time challenge to sign with the company's ЭЦП", {"201": _answer("Challenge", "Challenge")}),
    "/identity/claims/{public_id}/eds/": _claim_post(
        "Prove the claim with ЭЦП: a legal entity's certificate (1.2.398.3.3.4.1.2) of the first head (…1.2.1) "
        "or a person with the right to sign (…1.2.2), OU=BIN equal to the company's, chain to НУЦ РК, valid, "
        "not revoked (OCSP/CRL). RSA (SHA-256) or GOST R 34.10-2015 512-bit (Streebog-512) keys.",
        {"200": _answer("Settled", "ClaimSettled")}, _SIGNED),
    "/identity/claims/{public_id}/code/": _claim_post(
        "E-mail a 6-digit code to one of the company's listed addresses (by its `id` from `emails`); the e-mail "
        "is queued and retried while the mail server does not take it (each attempt makes a fresh code)",
        {"201": _answer("Sent", "EmailCode")}, _body({"email": {**_ID, "description": "Public id of one of the claim's addresses (`emails[].id`)."}}, ["email"]),
        {"429": _answer("Too many codes this hour for the user or the company.", "Error")}),
    "/identity/claims/{public_id}/code/check/": _claim_post(
        "Prove the claim with the code from the e-mail", {"200": _answer("Settled", "ClaimSettled")},
        _body({"code": {"type": "string", "pattern": "^[0-9]{6}$", "example": "418205",
                         "description": "The 6 digits of the e-mail."}}, ["code"])),
    "/identity/claims/{public_id}/director/": _claim_post(
        "Ask the company's proven director to approve (a join request)",
        {"200": _answer("Settled", "ClaimSettled")}, _body({"message": {"type": "string", "example": "Прошу добавить меня бухгалтером.",
                            "description": "A note to the director who approves."}}, [])),
    "/identity/claims/{public_id}/cancel/": _claim_post(
        "Withdraw the claim", {"200": {"description": "Cancelled", "content": {"application/json": {"schema": {
            "type": "object", "description": "The cancelled claim.",
            "properties": {"id": {**_ID, "description": "The claim's id."},
                           "status": {"type": "string", "example": "cancelled", "description": "Now `cancelled`."}}}}}}}),
    "/identity/eds/": {
        "get": {"summary": "The ИИН linked to the caller's account, if any", "security": _AUTH,
                "responses": {"200": _answer("Link", "EdsLink"), "401": _ERRORS["401"]}},
        "post": {"summary": "Link the ИИН of the AUTH certificate (1.3.6.1.5.5.7.3.2) that signed a link challenge",
                 "security": _AUTH, "requestBody": _SIGNED,
                 "responses": {"200": _answer("Linked", "EdsLink"), "400": _REFUSED, "401": _ERRORS["401"]}},
    },
    "/identity/eds/challenge/": {"post": {
        "summary": "A one-time challenge for linking", "security": _AUTH,
        "responses": {"201": _answer("Challenge", "Challenge"), "401": _ERRORS["401"]}}},
    "/identity/login/challenge/": {"post": {
        "summary": "A one-time challenge for logging in by ЭЦП (no credentials needed)",
        "responses": {"201": _answer("Challenge", "Challenge"), "429": _answer("Too many attempts.", "Error")}}},
    "/identity/login/": {"get": {
        "summary": "The ЭЦП login page's data: where the browser finds NCALayer (a logged-in caller is redirected)",
        "responses": {"200": {"description": "Settings", "content": {"application/json": {"schema": {
            "type": "object", "description": "What an ЭЦП login page needs.",
            "properties": {"ncalayer_url": {"type": "string", "example": "wss://127.0.0.1:13579/",
                                            "description": "Where NCALayer listens on the user's computer."}},
            "required": ["ncalayer_url"]}}}},
            "302": {"description": "Already logged in: to the dashboard."}}},
        "post": {
        "summary": "Log in (a browser session) as the account linked to the signer's ИИН; AUTH key required",
        "requestBody": _SIGNED,
        "responses": {"200": {"description": "Logged in", "content": {"application/json": {"schema": {
            "type": "object", "description": "The user logged in.",
            "properties": {"user": {**_ID, "description": "Public id of the user."},
                           "email": {"type": "string", "description": "Their e-mail.", "example": "director@example.kz"},
                           "next": {"type": "string", "description": "Where to go next.", "example": "/dashboard/"}},
            "required": ["user", "email", "next"]}}}},
            "400": _REFUSED, "429": _answer("Too many attempts.", "Error")}}},
}
