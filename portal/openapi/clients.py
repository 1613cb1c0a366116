"""OpenAPI description of the Clients API and the token endpoint.

Built from the same tables the views use (the resources, the listings' filters), so a new
filter or list cannot be served without being described. Objects whose keys the seed fixes
have `additionalProperties: false`.
"""
from portal.directory.listings import LISTINGS
from portal.models.base import PUBLIC_ID_PATTERN
from portal.openapi.conventions import PAGE_PARAMETERS, field, page_of, path_id
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
    "id": field(ID, "Public id of the company: GET /clients/clients/{id}/, and the `buyer`/`customer` of a document."),
    "director": field(NULLABLE_TEXT, "The director's full name as the state register gives it.", "Иванов Иван Иванович"),
    "bin": field({"type": "string", "pattern": r"^[0-9]{12}$"}, "BIN (БИН): the company's 12-digit identification number.",
                 "180540034205"),
    "company_name": field(TEXT, "Registered name.", "ТОО «Евразия Трейд»"),
    "alternative_name": field(NULLABLE_TEXT, "Name in Kazakh (or another registered form).", "«Евразия Трейд» ЖШС"),
    "company_name_ex": field(NULLABLE_TEXT, "Name the company gave itself on the portal.", "Евразия Трейд"),
    "company_name_search": field(NULLABLE_TEXT, "The name folded for search (lower case, no quotes or legal form).",
                                 "евразия трейд"),
    "registration_date": field({**TIME, "nullable": True}, "When the state register recorded the company."),
    "oked": field({"type": "string", "nullable": True}, "Main OKED (ОКЭД) activity code, 5 digits.", "46690"),
    "description": field(NULLABLE_TEXT, "The main activity in words.", "Оптовая торговля прочими машинами и оборудованием"),
    "secondary_oked": field(NULLABLE_TEXT, "Secondary OKED codes, comma-separated.", "46510, 47410"),
    "krp_code": field({"type": "string", "nullable": True}, "KRP (КРП) size class code: see /clients/krp_names/.", "105"),
    "kato": field({"type": "string", "nullable": True}, "KATO (КАТО) code of the registered address's territory.",
                  "751910000"),
    "address": field(NULLABLE_TEXT, "Registered (legal) address.", "г. Алматы, Алмалинский район, ул. Абая, 52"),
    "index_ex": field(NULLABLE_TEXT, "Postcode the company gave on the portal.", "050008"),
    "address_ex": field(NULLABLE_TEXT, "Office address the company gave on the portal.", "ул. Абая, 52, офис 304"),
    "comment_to_adress_ex": field(NULLABLE_TEXT, "How to find the office (the seed's spelling of the key).",
                                  "Вход со двора, 3 этаж"),
    "subway_or_bus_ex": field(NULLABLE_TEXT, "Nearest metro station or bus stop.", "м. Абай"),
    "web_site_ex": field(NULLABLE_TEXT, "Web site.", "https://eurasia-trade.kz"),
    "vk_ex": field(NULLABLE_TEXT, "VK page.", "https://vk.com/eurasiatrade"),
    "twitter_ex": field(NULLABLE_TEXT, "X (Twitter) account.", "https://x.com/eurasiatrade"),
    "facebook_ex": field(NULLABLE_TEXT, "Facebook page.", "https://facebook.com/eurasiatrade"),
    "instagram_ex": field(NULLABLE_TEXT, "Instagram account.", "https://instagram.com/eurasiatrade"),
    "seal_image": field(NULLABLE_TEXT, "Path of the seal image printed on the company's documents; null without one.",
                        None),
    "updated": field(TIME, "When the directory entry last changed (what `updated_after` compares)."),
    "krp_name": field(NULLABLE_ID, "Public id of the KRP size class (/clients/krp_names/)."),
    "region_ex": field(NULLABLE_ID, "Public id of the region (/clients/regions/)."),
    "locality_ex": field(NULLABLE_ID, "Public id of the locality (/clients/localities/)."),
    "district_ex": field(NULLABLE_ID, "Public id of the district (/clients/districts/)."),
}
COMPANY_PROPERTIES["seal_image"]["example"] = "seals/1d0173d1.png"


def _named(key: str, what: str, example: str, description: str = "") -> dict:
    """A directory entry: its id and its name (under the seed's key)."""
    return _object({"id": field(ID, f"Public id of the {what}: a filter value of /clients/clients/ and GET .../{{id}}/."),
                    key: field(TEXT, f"The {what}'s name.", example)}, description or f"A {what} of the directory.")


SCHEMAS = {
    "Section": _named("section", "section", "Торговля", "A section: the top level of the activity classification."),
    "SubSection": _object({
        "id": field(ID, "Public id of the sub-section (filter `sub_section`)."),
        "sub_section": field(TEXT, "The sub-section's name.", "Оптовая торговля"),
        "section": field(TEXT, "The name of its section.", "Торговля"),
    }, "A sub-section: the second level of the activity classification."),
    "Rubric": _object({
        "id": field(ID, "Public id of the rubric (filter `rubric`)."),
        "rubric": field(TEXT, "The rubric's name.", "Компьютеры и оргтехника"),
        "sub_section": field(TEXT, "The name of its sub-section.", "Оптовая торговля"),
    }, "A rubric: the third, finest level of the activity classification."),
    "Region": _named("region", "region", "Алматинская область"),
    "Locality": _named("locality", "locality", "Алматы"),
    "District": _named("district", "district", "Алмалинский район"),
    "CompanyType": _named("type", "company type", "Товарищество с ограниченной ответственностью"),
    "KrpName": _named("krp_name", "KRP size class", "Малые предприятия (<= 5 человек)"),
    "Email": _object({
        "id": field(ID, "Public id of this address."),
        "email": field(TEXT, "The e-mail address.", "info@eurasia-trade.kz"),
        "clients_bin": field(COMPANY_PROPERTIES["bin"], "BIN of the company it belongs to."),
        "company_id": field(ID, "Public id of the company (GET /clients/clients/{id}/)."),
        "company_name": field(TEXT, "The company's registered name.", "ТОО «Евразия Трейд»"),
        "alternative_name": field(NULLABLE_TEXT, "The company's name in Kazakh.", "«Евразия Трейд» ЖШС"),
    }, "An e-mail address of a directory company."),
    "PhoneNumber": _object({
        "id": field(ID, "Public id of this number."),
        "phone_number": field({"type": "string"}, "The number as the directory writes it.", "+7(727)382-15-31"),
        "client": field(TEXT, "The company's name.", "ТОО «Евразия Трейд»"),
    }, "A phone number of a directory company."),
    "Client": _object(COMPANY_PROPERTIES, "A company of the directory: the seed's keys with the public `id` first."),
    "Staff": _object({
        "user": field(ID, "Public id of the user (GET /clients/staff/{id}/)."),
        "role": field({"type": "string", "enum": ["Директор", "Работник"]},
                      "`Директор` manages the company's staff, webhooks and settings; `Работник` works with documents.",
                      "Директор"),
        "phone_number": field(NULLABLE_TEXT, "The colleague's phone, as they gave it.", "+7 701 234 56 78"),
    }, "A member of the caller's company's staff."),
    "UserCompany": _object({"user": _ref("Staff"), "company": _ref("Client")},
                           "The caller's position (`user`) and the company they work for."),
    "TokenRequest": {
        "type": "object",
        "description": "A portal user's sign-in.",
        "properties": {
            "email": field({"type": "string", "maxLength": 254}, "The user's e-mail.", "director@example.kz"),
            "password": field({"type": "string", "maxLength": 200}, "The user's password.", "s3cret-Passw0rd"),
        },
        "required": ["email", "password"],
    },
    "Token": _object({"token": field({"type": "string", "minLength": 40},
                                     "The API key: send it as `Authorization: Token <key>`; shown once.",
                                     "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b")},
                     "A new API key."),
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


def _or_empty(pattern: str, example: str) -> dict:
    """A filter value: the pattern, or empty (an empty filter means no filter, as in DRF)."""
    return {"type": "string", "pattern": f"^({pattern})?$", "example": example}


def _id_filter(example: str) -> dict:
    return _or_empty("[0-9a-f]{8}", example)


FILTER_DOCS = {
    "section": ("Public id of a section (/clients/sections/).", _id_filter("4b1e0c2d")),
    "sub_section": ("Public id of a sub-section (/clients/sub_sections/).", _id_filter("7a3f9e10")),
    "rubric": ("Public id of a rubric (/clients/rubrics/).", _id_filter("c81d2e4f")),
    "region": ("Public id of a region (/clients/regions/).", _id_filter("0e5b7a93")),
    "locality": ("Public id of a locality (/clients/localities/).", _id_filter("9d2c4b61")),
    "district": ("Public id of a district (/clients/districts/).", _id_filter("5f8a1c07")),
    "type": ("Public id of a company type (/clients/types/).", _id_filter("e2b6d9a4")),
    "bin": ("Exactly one BIN.", _or_empty("[0-9]{12}", "180540034205")),
    "oked": ("OKED code or its prefix (2-5 digits): `46` finds every 46xxx company.", _or_empty("[0-9]{2,5}", "46")),
    "krp": ("KRP code (`105`) or the public id of a KRP size class.", _or_empty("[0-9]{3}|[0-9a-f]{8}", "105")),
    "search": ("Name or BIN, any case, Cyrillic and Kazakh letters.", {"type": "string", "example": "евразия"}),
    "q": ("The same as `search`, under the name other sites' search links use (`?q=строй`); "
          "ignored when `search` is given.", {"type": "string", "example": "строй"}),
}


def _page_schema(item: str, what: str) -> dict:
    """DRF's envelope around a list of `item`."""
    return page_of(_ref(item), what, closed=True)


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
            "200": _ok(_page_schema(schema, summary[0].lower() + summary[1:])),
            "400": _invalid("A bad page number, filter value or unknown parameter, named in the answer."),
            "404": _error("Page past the end."),
        },
    }
    detail_op = {
        "tags": ["Clients"], "summary": f"{summary}: one by id", "operationId": f"clients_{name}_retrieve",
        "parameters": [path_id("id", "Public id of the object (its `id` in the list).")],
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
            "responses": {"200": _ok(_page_schema("Staff", "colleagues")), "400": _invalid("A bad page or unknown parameter."),
                          "404": no_company},
        }, True)},
        "/clients/staff/{id}/": {"get": _secured({
            "tags": ["Clients"], "summary": "One colleague, by user id", "operationId": "clients_staff_retrieve",
            "parameters": [path_id("id", "Public id of the colleague's user (`user` in the staff list).")],
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
