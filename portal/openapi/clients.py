"""OpenAPI description of the Clients API and the token endpoint.

Built from the same tables the views use (the resources, the listings' filters), so a new
filter or list cannot be served without being described. Objects whose keys the seed fixes
have `additionalProperties: false`.
"""
from portal.directory.listings import LISTINGS
from portal.models.base import PUBLIC_ID_PATTERN
from portal.openapi.sync import SYNC_PARAMETERS

ID = {"type": "string", "pattern": PUBLIC_ID_PATTERN, "example": "1d0173d1"}
NULLABLE_ID = {**ID, "nullable": True}
TEXT = {"type": "string"}
NULLABLE_TEXT = {"type": "string", "nullable": True}
TIME = {"type": "string", "format": "date-time", "example": "2021-10-08T11:49:59.482374+06:00"}
TOKEN_SECURITY = [{"tokenAuth": []}, {"sessionAuth": []}]


def _object(properties: dict, description: str = "") -> dict:
    """A closed object: exactly these keys, all present."""
    schema = {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


def _error(description: str) -> dict:
    """A response carrying `{"detail": ...}`."""
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _invalid(description: str) -> dict:
    """A 400 carrying `{"field": ["message", ...]}`."""
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ValidationError"}}}}


def _ref(name: str) -> dict:
    """A reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


COMPANY_PROPERTIES = {
    "id": ID,
    "director": NULLABLE_TEXT,
    "bin": {"type": "string", "pattern": r"^[0-9]{12}$", "example": "180540034205"},
    "company_name": TEXT,
    "alternative_name": NULLABLE_TEXT,
    "company_name_ex": NULLABLE_TEXT,
    "company_name_search": NULLABLE_TEXT,
    "registration_date": {**TIME, "nullable": True},
    "oked": {"type": "string", "nullable": True, "example": "46690"},
    "description": NULLABLE_TEXT,
    "secondary_oked": NULLABLE_TEXT,
    "krp_code": {"type": "string", "nullable": True, "example": "105"},
    "kato": {"type": "string", "nullable": True, "example": "751910000"},
    "address": NULLABLE_TEXT,
    "index_ex": NULLABLE_TEXT,
    "address_ex": NULLABLE_TEXT,
    "comment_to_adress_ex": NULLABLE_TEXT,
    "subway_or_bus_ex": NULLABLE_TEXT,
    "web_site_ex": NULLABLE_TEXT,
    "vk_ex": NULLABLE_TEXT,
    "twitter_ex": NULLABLE_TEXT,
    "facebook_ex": NULLABLE_TEXT,
    "instagram_ex": NULLABLE_TEXT,
    "seal_image": NULLABLE_TEXT,
    "updated": TIME,
    "krp_name": {**NULLABLE_ID, "description": "Public id of the KRP size class."},
    "region_ex": {**NULLABLE_ID, "description": "Public id of the region."},
    "locality_ex": {**NULLABLE_ID, "description": "Public id of the locality."},
    "district_ex": {**NULLABLE_ID, "description": "Public id of the district."},
}

SCHEMAS = {
    "Section": _object({"id": ID, "section": TEXT}),
    "SubSection": _object({"id": ID, "sub_section": TEXT, "section": {**TEXT, "description": "The section's name."}}),
    "Rubric": _object({"id": ID, "rubric": TEXT, "sub_section": {**TEXT, "description": "The sub-section's name."}}),
    "Region": _object({"id": ID, "region": TEXT}),
    "Locality": _object({"id": ID, "locality": TEXT}),
    "District": _object({"id": ID, "district": TEXT}),
    "CompanyType": _object({"id": ID, "type": TEXT}),
    "KrpName": _object({"id": ID, "krp_name": TEXT}),
    "Email": _object({
        "id": ID, "email": TEXT, "clients_bin": COMPANY_PROPERTIES["bin"],
        "company_id": {**ID, "description": "Public id of the company (GET /clients/clients/{id}/)."},
        "company_name": TEXT, "alternative_name": NULLABLE_TEXT,
    }),
    "PhoneNumber": _object({
        "id": ID,
        "phone_number": {"type": "string", "example": "+7(727)382-15-31"},
        "client": {**TEXT, "description": "The company's name."},
    }),
    "Client": _object(COMPANY_PROPERTIES, "A company of the directory: the seed's keys with the public `id` first."),
    "Staff": _object({
        "user": {**ID, "description": "Public id of the user."},
        "role": {"type": "string", "enum": ["Директор", "Работник"]},
        "phone_number": NULLABLE_TEXT,
    }),
    "UserCompany": _object({"user": _ref("Staff"), "company": _ref("Client")}),
    "TokenRequest": {
        "type": "object",
        "properties": {"email": {"type": "string", "maxLength": 254}, "password": {"type": "string", "maxLength": 200}},
        "required": ["email", "password"],
    },
    "Token": _object({"token": {"type": "string", "minLength": 40}}),
}

# list name → (schema, summary, auth only)
LISTS = {
    "sections": ("Section", "Sections of the directory", False),
    "sub_sections": ("SubSection", "Sub-sections", False),
    "rubrics": ("Rubric", "Rubrics", False),
    "regions": ("Region", "Regions", False),
    "localities": ("Locality", "Localities", False),
    "districts": ("District", "Districts", False),
    "types": ("CompanyType", "Company types", False),
    "krp_names": ("KrpName", "KRP size classes", False),
    "emails": ("Email", "E-mail addresses with their company", False),
    "phone_numbers": ("PhoneNumber", "Phone numbers with their company", True),
    "clients": ("Client", "Companies", True),
}

def _or_empty(pattern: str) -> dict:
    """A filter value: the pattern, or empty (an empty filter means no filter, as in DRF)."""
    return {"type": "string", "pattern": f"^({pattern})?$"}


ID_FILTER = _or_empty("[0-9a-f]{8}")
FILTER_DOCS = {
    "section": ("Public id of a section.", ID_FILTER),
    "sub_section": ("Public id of a sub-section.", ID_FILTER),
    "rubric": ("Public id of a rubric.", ID_FILTER),
    "region": ("Public id of a region.", ID_FILTER),
    "locality": ("Public id of a locality.", ID_FILTER),
    "district": ("Public id of a district.", ID_FILTER),
    "type": ("Public id of a company type.", ID_FILTER),
    "bin": ("Exactly one BIN.", _or_empty("[0-9]{12}")),
    "oked": ("OKED code or its prefix (2-5 digits): `46` finds every 46xxx company.", _or_empty("[0-9]{2,5}")),
    "krp": ("KRP code (`105`) or the public id of a KRP size class.", _or_empty("[0-9]{3}|[0-9a-f]{8}")),
    "search": ("Name or BIN, any case, Cyrillic and Kazakh letters.", {"type": "string"}),
}

PAGE_PARAMETERS = [
    {"name": "page", "in": "query", "required": False, "description": "1-based page number; past the end is a 404.",
     "schema": {"type": "integer", "minimum": 1}},
    {"name": "page_size", "in": "query", "required": False,
     "description": "Items per page, 20 by default; values over 100 are served as 100.",
     "schema": {"type": "integer", "minimum": 1}},
]


def _page_schema(item: str) -> dict:
    """DRF's envelope around a list of `item`."""
    return {
        "type": "object",
        "properties": {
            "count": {"type": "integer", "minimum": 0},
            "next": {"type": "string", "format": "uri", "nullable": True},
            "previous": {"type": "string", "format": "uri", "nullable": True},
            "results": {"type": "array", "items": _ref(item)},
        },
        "required": ["count", "next", "previous", "results"],
        "additionalProperties": False,
    }


def _filters(name: str) -> list[dict]:
    """The query parameters of a list's filters, in the listing's order (a filter without a
    description here fails at import, so none goes undocumented)."""
    params = []
    listing = LISTINGS[name]
    for filter_name in [*listing.filters, *sorted(listing.extra_params)]:
        description, schema = FILTER_DOCS[filter_name]
        params.append({"name": filter_name, "in": "query", "required": False, "description": description, "schema": schema})
    return params


def _ok(schema: dict, description: str = "OK") -> dict:
    """A JSON success response."""
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _secured(operation: dict, auth_only: bool) -> dict:
    """Add the 401 and the security requirement to an AUTH ONLY operation."""
    if auth_only:
        operation["security"] = TOKEN_SECURITY
        operation["responses"]["401"] = _error("No credentials, or a revoked or unknown key.")
    return operation


def _list_paths(name: str, schema: str, summary: str, auth_only: bool) -> dict:
    """The list and retrieve paths of one resource."""
    list_op = {
        "tags": ["Clients"], "summary": f"{summary}: list", "operationId": f"clients_{name}_list",
        "parameters": PAGE_PARAMETERS + _filters(name) + (SYNC_PARAMETERS if LISTINGS[name].syncable else []),
        "responses": {
            "200": _ok(_page_schema(schema)),
            "400": _invalid("A bad page number, filter value or unknown parameter, named in the answer."),
            "404": _error("Page past the end."),
        },
    }
    detail_op = {
        "tags": ["Clients"], "summary": f"{summary}: one by id", "operationId": f"clients_{name}_retrieve",
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": ID}],
        "responses": {"200": _ok(_ref(schema)), "404": _error("No object with this id.")},
    }
    return {
        f"/clients/{name}/": {"get": _secured(list_op, auth_only)},
        f"/clients/{name}/{{id}}/": {"get": _secured(detail_op, auth_only)},
    }


def _staff_paths() -> dict:
    """The caller's own company: its staff and the caller's position."""
    no_company = _error("The caller is not staff of any company.")
    return {
        "/clients/staff/": {"get": _secured({
            "tags": ["Clients"], "summary": "Staff of the caller's company", "operationId": "clients_staff_list",
            "parameters": PAGE_PARAMETERS,
            "responses": {"200": _ok(_page_schema("Staff")), "400": _invalid("A bad page or unknown parameter."),
                          "404": no_company},
        }, True)},
        "/clients/staff/{id}/": {"get": _secured({
            "tags": ["Clients"], "summary": "One colleague, by user id", "operationId": "clients_staff_retrieve",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": ID}],
            "responses": {"200": _ok(_ref("Staff")), "404": _error("No such colleague in the caller's company.")},
        }, True)},
        "/clients/get_user_company/": {"get": _secured({
            "tags": ["Clients"], "summary": "The caller's position and company", "operationId": "clients_get_user_company",
            "responses": {"200": _ok(_ref("UserCompany")), "404": no_company},
        }, True)},
    }


def _token_paths() -> dict:
    """Issue and revoke API keys."""
    return {
        "/auth/token/": {
            "post": {
                "tags": ["Auth"], "summary": "Exchange e-mail and password for an API key", "operationId": "auth_token_create",
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("TokenRequest")}}},
                "responses": {
                    "200": _ok(_ref("Token"), "The key; send it as `Authorization: Token <key>` or `Bearer <key>`."),
                    "400": _invalid("Malformed body or wrong credentials (`non_field_errors`)."),
                    "429": _error("Too many attempts for this account or address."),
                },
            },
            "delete": {
                "tags": ["Auth"], "summary": "Revoke the key this request authenticates with", "operationId": "auth_token_revoke",
                "security": [{"tokenAuth": []}],
                "responses": {"204": {"description": "Revoked; the key answers 401 from now on."},
                              "401": _error("No key, or the key is not live.")},
            },
        },
    }


def _paths() -> dict:
    """Every path of this area."""
    paths: dict = {}
    for name, (schema, summary, auth_only) in LISTS.items():
        paths.update(_list_paths(name, schema, summary, auth_only))
    paths.update(_staff_paths())
    paths.update(_token_paths())
    return paths


PATHS = _paths()
