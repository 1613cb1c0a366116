"""OpenAPI description of staff management (`/staff/`): the company's people, invites, accounts
with a temporary password, join requests, claiming a company by BIN, and invite links."""
from portal.models import ROLES
from portal.models.staffing import REQUEST_STATUSES
from portal.openapi.conventions import describe
from portal.staffing.invites import STATUS_LABELS

SECURITY = [{"tokenAuth": []}, {"sessionAuth": []}]
TAG = ["Staff"]
_ID = {"type": "string", "pattern": "^[0-9a-f]{8}$", "example": "3f9a1c2e"}
_TIME = {"type": "string", "format": "date-time", "example": "2026-12-03T08:15:00+05:00"}
_NTIME = {**_TIME, "nullable": True}
_TEXT = {"type": "string"}
_ROLE = {"type": "string", "enum": list(ROLES), "example": "Работник"}
_EMAIL = {"type": "string", "format": "email", "maxLength": 254}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _body(name: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": _ref(name)}}}


def _error(description: str) -> dict:
    return _json(_ref("Error"), description)


def _object(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "additionalProperties": False, "properties": properties,
            "required": list(properties) if required is None else required}


SCHEMAS = {
    "StaffMember": _object({
        "user": _ID, "full_name": _TEXT, "email": _TEXT, "role": _ROLE, "phone_number": {**_TEXT, "nullable": True},
        "must_change_password": {"type": "boolean"}, "temporary_password": _TEXT,
    }, ["user", "full_name", "email", "role", "phone_number", "must_change_password"]),
    "StaffInvite": _object({
        "id": _ID, "email": {**_TEXT, "nullable": True}, "role": _ROLE,
        "status": {"type": "string", "enum": list(STATUS_LABELS)}, "status_label": _TEXT,
        "created": _TIME, "expires_at": _TIME, "used_at": _NTIME, "used_by": {**_ID, "nullable": True}, "link": _TEXT,
    }, ["id", "email", "role", "status", "status_label", "created", "expires_at", "used_at", "used_by"]),
    "JoinRequest": _object({
        "id": _ID, "user": _ID, "full_name": _TEXT, "email": _TEXT, "company": _ref("ClaimCompany"),
        "status": {"type": "string", "enum": list(REQUEST_STATUSES)}, "status_label": _TEXT, "message": _TEXT,
        "created": _TIME, "decided_at": _NTIME,
    }),
    "StaffPage": _object({
        "company": _ref("ClaimCompany"), "me": _ref("StaffMember"), "can_manage": {"type": "boolean"},
        "members": {"type": "array", "items": _ref("StaffMember")},
        "join_requests": {"type": "array", "items": _ref("JoinRequest")},
        "invites": {"type": "array", "items": _ref("StaffInvite")},
    }),
    "ClaimPage": _object({
        "company": {"allOf": [_ref("ClaimCompany")], "nullable": True},
        "join_requests": {"type": "array", "items": _ref("JoinRequest")},
        "claim": {**_object({"id": _ID, "company": _ref("ClaimCompany")}), "nullable": True},
        "company_proven": {"type": "boolean"},
    }),
    "ClaimOpened": _object({
        "claim": _object({"id": _ID, "status": {"type": "string", "enum": ["pending"]}}),
        "next": _TEXT,
    }),
    "InvitePreview": _object({
        "company": _ref("ClaimCompany"), "role": _ROLE, "email": {**_TEXT, "nullable": True}, "expires_at": _TIME,
    }),
    "InviteInput": _object({"role": _ROLE, "email": _EMAIL}, ["role"]),
    "AccountInput": _object({
        "full_name": {**_TEXT, "minLength": 1, "maxLength": 200}, "email": _EMAIL, "role": _ROLE,
        "phone_number": {**_TEXT, "maxLength": 32},
    }, ["full_name", "email", "role"]),
    "RoleInput": _object({"role": _ROLE}),
    "ClaimInput": _object({"bin": {**_TEXT, "minLength": 1, "maxLength": 20}, "message": {**_TEXT, "maxLength": 500}},
                          ["bin"]),
    "InviteRegisterInput": _object({
        "full_name": {**_TEXT, "minLength": 1, "maxLength": 200}, "email": _EMAIL,
        "password": {**_TEXT, "minLength": 8, "maxLength": 200}, "confirm": {**_TEXT, "maxLength": 200},
    }),
}

describe(SCHEMAS, {
    "StaffMember": "A colleague: the seed's staff keys plus the name and e-mail people recognise them by.",
    "StaffMember.user": "Public id of the user (DELETE /staff/members/{public_id}/ takes it).",
    "StaffMember.full_name": ("Their name.", "Айгерим Қасымова"),
    "StaffMember.email": ("Their e-mail, the login.", "a.kasymova@eurasia-trade.kz"),
    "StaffMember.role": "`Директор` manages staff, invites and settings; `Работник` works with documents.",
    "StaffMember.phone_number": ("Their phone, as given.", "+7 701 234 56 78"),
    "StaffMember.must_change_password": ("True until they replace a temporary password.", False),
    "StaffMember.temporary_password": ("Only in the answer of POST /staff/accounts/: the password to hand over, "
                                       "shown once.", "k7QmT3xw9PzR"),
    "StaffInvite": "An invite link of the company and what became of it.",
    "StaffInvite.id": "Public id of the invite (POST /staff/invites/{public_id}/revoke/).",
    "StaffInvite.email": ("The only address that may use it; null: anyone with the link.", "new.hire@eurasia-trade.kz"),
    "StaffInvite.role": "The role the invitee gets.",
    "StaffInvite.status": ("`active`, `used`, `expired` or `revoked`.", "active"),
    "StaffInvite.status_label": ("The status in words.", "Действует"),
    "StaffInvite.created": "When it was made.",
    "StaffInvite.expires_at": ("When the link stops working.", "2026-12-06T08:15:00+05:00"),
    "StaffInvite.used_at": ("When it was used.", None),
    "StaffInvite.used_by": ("Public id of the user who joined by it.", None),
    "StaffInvite.link": ("Only in the answer of POST /staff/invites/: the link to send (its token is not stored).",
                         "https://portal.kz/staff/join/Jb3yQ0v7mZ2c8kLwR5tX1aE4nH6pD9sF0gU2iO3qW4e/"),
    "JoinRequest": "A person's request to join a company, decided by its director.",
    "JoinRequest.id": "Public id of the request (…/approve/, …/decline/, …/cancel/).",
    "JoinRequest.user": "Public id of the person asking.",
    "JoinRequest.full_name": ("Their name.", "Ерлан Ахметов"),
    "JoinRequest.email": ("Their e-mail.", "e.akhmetov@mail.kz"),
    "JoinRequest.company": "The company asked.",
    "JoinRequest.status": ("`pending`, `approved`, `declined` or `cancelled` (by the person).", "pending"),
    "JoinRequest.status_label": ("The status in words.", "На рассмотрении"),
    "JoinRequest.message": ("What the person wrote to the director.", "Я бухгалтер, работаю с октября."),
    "JoinRequest.created": "When it was sent.",
    "JoinRequest.decided_at": ("When it was decided.", None),
    "StaffPage": "The caller's company and its staff; invites and join requests for its directors.",
    "StaffPage.company": "The caller's company.",
    "StaffPage.me": "The caller's own position.",
    "StaffPage.can_manage": ("Whether the caller is a director (manages staff).", True),
    "StaffPage.members": "Everyone in the company, directors first.",
    "StaffPage.join_requests": "Requests waiting for a decision (directors only; else empty).",
    "StaffPage.invites": "The latest invites, newest first (directors only; else empty).",
    "ClaimPage": "A user finding their company: their place (if any), requests to join and open claim.",
    "ClaimPage.company": ("The company the caller has a place in (a claim's provisional one included), or null.", None),
    "ClaimPage.join_requests": "The caller's own requests to join, newest first.",
    "ClaimPage.claim": ("The caller's open claim (prove it at /identity/claims/{id}/), or null.", None),
    "ClaimPage.claim.id": "Public id of the claim.",
    "ClaimPage.claim.company": "The company claimed.",
    "ClaimPage.company_proven": ("Whether the caller's company is proven.", False),
    "ClaimOpened": "A claim opened: it waits for a proof (ЭЦП, a code, or the director).",
    "ClaimOpened.claim": "The claim.",
    "ClaimOpened.claim.id": "Public id of the claim.",
    "ClaimOpened.claim.status": ("Always `pending` here.", "pending"),
    "ClaimOpened.next": ("Where the claimant chooses how to prove it (also the `Location`).", "/identity/claims/3f9a1c2e/"),
    "InvitePreview": "What the holder of an invite link may know about it.",
    "InvitePreview.company": "The inviting company.",
    "InvitePreview.role": "The role offered.",
    "InvitePreview.email": ("The only address that may use it, or null.", None),
    "InvitePreview.expires_at": ("When the link stops working.", "2026-12-06T08:15:00+05:00"),
    "InviteInput": "An invite to create (directors of a proven company).",
    "InviteInput.role": "The role the invitee gets.",
    "InviteInput.email": ("Make the link work for this address only (optional).", "new.hire@eurasia-trade.kz"),
    "AccountInput": "A colleague's account to create with a temporary password (directors).",
    "AccountInput.full_name": ("Their name.", "Ерлан Ахметов"),
    "AccountInput.email": ("Their e-mail, the login (must be new to the portal).", "e.akhmetov@eurasia-trade.kz"),
    "AccountInput.role": "Their role.",
    "AccountInput.phone_number": ("Their phone (optional; a Kazakhstan number).", "+7 701 234 56 78"),
    "RoleInput": "A colleague's new role.",
    "RoleInput.role": ("The role.", "Директор"),
    "ClaimInput": "Claim a company of the directory by its BIN.",
    "ClaimInput.bin": ("The company's 12-digit BIN.", "180540034205"),
    "ClaimInput.message": ("A note to the company's director, if it comes to one.", "Я новый главный бухгалтер."),
    "InviteRegisterInput": "A newcomer's account, asked for from the invite link (no login needed).",
    "InviteRegisterInput.full_name": ("Their name.", "Ерлан Ахметов"),
    "InviteRegisterInput.email": ("Their e-mail (the invite's, if it names one).", "e.akhmetov@mail.kz"),
    "InviteRegisterInput.password": ("A password, 8 to 200 characters.", "s3cret-pass"),
    "InviteRegisterInput.confirm": ("The password again.", "s3cret-pass"),
})

_NO_AUTH = {"401": _error("No credentials.")}
_DIRECTOR = {"401": _error("No credentials."), "403": _error("Not a director of the company (or it is not proven)."),
             "404": _error("The caller is in no company, or no such object in it (the same answer).")}
_ID_PARAM = {"name": "public_id", "in": "path", "required": True, "schema": _ID}


def _param(description: str) -> list[dict]:
    return [{**_ID_PARAM, "description": description}]


def _decide(verb: str) -> dict:
    return {
        "parameters": _param("Public id of the join request."),
        "post": {"tags": TAG, "summary": f"{verb} a request to join the company (director)", "security": SECURITY,
                 "operationId": f"staff_request_{verb.lower()}",
                 "responses": {"200": _json(_ref("JoinRequest"), "The request, decided."), **_DIRECTOR,
                               "409": _error("Already decided, or the person joined another company meanwhile.")}},
    }


_MEMBER = _param("Public id of the colleague's user (`user` of a StaffMember).")
_REMOVE = {"tags": TAG, "security": SECURITY, "responses": {
    "204": {"description": "Removed (the account stays, without a company)."}, **_DIRECTOR,
    "409": _error("The company's last director cannot leave.")}}
_TOKEN = [{"name": "token", "in": "path", "required": True, "description": "The token from the invite link.",
           "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,200}$",
                      "example": "Jb3yQ0v7mZ2c8kLwR5tX1aE4nH6pD9sF0gU2iO3qW4e"}}]
_LINK_REFUSED = {
    "403": _error("The invite names another address."),
    "404": _error("No such invite (a link copied in part)."),
    "409": _error("The caller already works in a company (a claim's provisional place does not count)."),
    "410": _error("The link was used, has expired or was revoked."),
}

PATHS = {
    "/staff/": {"get": {
        "tags": TAG, "summary": "The caller's company, its staff, and (directors) its invites and join requests",
        "operationId": "staff_page", "security": SECURITY,
        "responses": {"200": _json(_ref("StaffPage"), "The staff page."), **_NO_AUTH,
                      "404": _error("The caller is in no company.")}}},
    "/staff/invites/": {"post": {
        "tags": TAG, "summary": "Create an invite link (director of a proven company); the link is in this answer only",
        "operationId": "staff_invite_create", "security": SECURITY, "requestBody": _body("InviteInput"),
        "responses": {"201": _json(_ref("StaffInvite"), "The invite, with `link`."),
                      "400": _json(_ref("ValidationError"), "A bad role or e-mail, named."), **_DIRECTOR}}},
    "/staff/invites/{public_id}/revoke/": {
        "parameters": _param("Public id of the invite."),
        "post": {"tags": TAG, "summary": "Revoke an unused invite (director)", "operationId": "staff_invite_revoke",
                 "security": SECURITY,
                 "responses": {"200": _json(_ref("StaffInvite"), "The invite (`revoked` unless it was used or expired)."),
                               **_DIRECTOR}}},
    "/staff/accounts/": {"post": {
        "tags": TAG, "summary": "Create a colleague's account with a temporary password, shown once (director)",
        "operationId": "staff_account_create", "security": SECURITY, "requestBody": _body("AccountInput"),
        "responses": {"201": _json(_ref("StaffMember"), "The colleague, with `temporary_password`."),
                      "400": _json(_ref("ValidationError"), "A bad field, or an e-mail that has an account, named."),
                      **_DIRECTOR}}},
    "/staff/members/{public_id}/role/": {
        "parameters": _MEMBER,
        "post": {"tags": TAG, "summary": "Change a colleague's role (director)", "operationId": "staff_member_role",
                 "security": SECURITY, "requestBody": _body("RoleInput"),
                 "responses": {"200": _json(_ref("StaffMember"), "The colleague in the new role."),
                               "400": _json(_ref("ValidationError"), "An unknown role, named."), **_DIRECTOR,
                               "409": _error("The company's last director cannot become a Работник.")}}},
    "/staff/members/{public_id}/": {
        "parameters": _MEMBER,
        "delete": {**_REMOVE, "summary": "Remove a colleague from the company (director)",
                   "operationId": "staff_member_delete"}},
    "/staff/members/{public_id}/remove/": {
        "parameters": _MEMBER,
        "post": {**_REMOVE, "summary": "Remove a colleague from the company (the page's button; director)",
                 "operationId": "staff_member_remove"}},
    "/staff/requests/{public_id}/approve/": _decide("Approve"),
    "/staff/requests/{public_id}/decline/": _decide("Decline"),
    "/staff/claim/": {
        "get": {"tags": TAG, "summary": "A user finding their company: their place, claim and requests to join",
                "operationId": "staff_claim_page", "security": SECURITY,
                "responses": {"200": _json(_ref("ClaimPage"), "The claim page."), **_NO_AUTH}},
        "post": {"tags": TAG, "summary": "Claim a company by BIN: the claim waits for a proof",
                 "operationId": "staff_claim_create", "security": SECURITY, "requestBody": _body("ClaimInput"),
                 "responses": {"201": {**_json(_ref("ClaimOpened"), "The claim."), "headers": {"Location": {
                     "description": "The claim's page.", "schema": {"type": "string", "example": "/identity/claims/3f9a1c2e/"}}}},
                     "400": _json(_ref("ValidationError"), "A bad or unknown BIN, or the caller works elsewhere: on `bin`."),
                     **_NO_AUTH}}},
    "/staff/claim/requests/{public_id}/cancel/": {
        "parameters": _param("Public id of the caller's own join request."),
        "post": {"tags": TAG, "summary": "Withdraw one's own request to join", "operationId": "staff_request_cancel",
                 "security": SECURITY,
                 "responses": {"200": _json(_ref("JoinRequest"), "The request, cancelled."), **_NO_AUTH,
                               "404": _error("No such request of the caller."),
                               "409": _error("Already decided.")}}},
    "/staff/join/{token}/": {
        "parameters": _TOKEN,
        "get": {"tags": TAG, "summary": "What an invite link offers (anyone holding it)", "operationId": "staff_join_preview",
                "responses": {"200": _json(_ref("InvitePreview"), "The invite."), **_LINK_REFUSED}},
        "post": {"tags": TAG, "summary": "Use an invite link: join (logged in) or ask for an account by e-mail (anonymous)",
                 "operationId": "staff_join",
                 "description": "Logged in, the body is ignored and the caller joins in the invite's role; a claim "
                                "still waiting for its proof is withdrawn. Anonymous, the body asks for an account: "
                                "the answer is the same (202) whether or not the address has one. A new address gets "
                                "a registration link that leads back to the invite; an existing one a note to log in "
                                "and accept it. Limited like registration (MAIL_LINK_LIMIT_PER_ADDRESS / _PER_IP).",
                 "requestBody": {"required": False, "content": {"application/json": {"schema": _ref("InviteRegisterInput")}}},
                 "responses": {"201": _json(_ref("StaffMember"), "Logged in: joined, the new position."),
                               "202": _json(_ref("Error"), "Anonymous: `{\"detail\": ...}`, an e-mail is on its way to the address."),
                               "400": _json(_ref("ValidationError"), "Anonymous: a bad account field, named."),
                               "429": _error("Too many requests from this address or for this e-mail."),
                               **_LINK_REFUSED}}},
}
