"""OpenAPI description of Smart Docs: catalogues, line items, the five documents, the builder.

The HTML-form endpoints of the pages (edit/delete fallbacks, builder saves and fragments)
are for browsers and are left out; everything an integrator calls is here.

Built from the same registries the code uses (portal.smart_docs.types and .service), so a
field added to a type shows up here too. Every path exists under /smart_doc/ and, as the
seed used both, under the /smart_docs/ alias (marked deprecated).
"""
from portal.models.base import PUBLIC_ID_PATTERN
from portal.openapi.sync import SYNC_PARAMETERS
from portal.smart_docs.types import DOC_TYPES, TERM_LABELS, field_label, text_limit

PREFIXES = ("/smart_doc", "/smart_docs")
ID = {"type": "string", "pattern": PUBLIC_ID_PATTERN, "example": "a095fbe6"}
MONEY = {"type": "string", "pattern": r"^\d+\.\d{2}$", "example": "21.00"}
MONEY_IN = {
    "oneOf": [{"type": "string", "example": "21.00"}, {"type": "number"}],
    "description": "Non-negative, at most 2 decimals, at most 999 999 999.99 (a string is best).",
}
DATE = {"type": "string", "format": "date", "example": "2026-11-26"}
# A date that may be cleared: "" or null clear it (the settings page sends "" for an empty field).
CLEARABLE_DATE = {"anyOf": [DATE, {"type": "string", "enum": [""]}], "nullable": True}
QUANTITY = {"type": "number", "multipleOf": 0.001, "example": 2.5,
            "description": "An integer when whole (`6`), else a number with up to 3 decimals (`2.5`, `12.35`)."}


def _quantity_in(minimum_exclusive: bool = True) -> dict:
    """A quantity as a request may send it: integer, number or decimal string, up to 3 decimals."""
    low = "above 0" if minimum_exclusive else "0 or more"
    return {"oneOf": [{"type": "number", "multipleOf": 0.001}, {"type": "string", "example": "12,350"}],
            "example": "12.350",
            "description": f"Up to 3 decimals, {low}, at most 1 000 000 (integer, number or string; a comma is read as the point)."}


SECURITY = [{"tokenAuth": []}, {"sessionAuth": []}]
ERR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
ERRORS = {
    "400": {"description": "Validation failed: messages per field.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ValidationError"}}}},
    "401": {"description": "No credentials.", "content": ERR},
    "403": {"description": "The user is not staff of any company.", "content": ERR},
}
NOT_FOUND = {"404": {"description": "Not found (or another company's object).", "content": ERR}}
CONFLICT = {"409": {"description": "Still used by a line item or a document; nothing deleted.", "content": ERR}}


def _text(max_len: int, **extra) -> dict:
    """A bounded string; `minLength` 1 also means "not only spaces" (the server trims)."""
    schema = {"type": "string", "maxLength": max_len, **extra}
    if extra.get("minLength"):
        schema["pattern"] = r"\S"
    return schema


def _obj(properties: dict, required: list, description: str = "") -> dict:
    schema = {"type": "object", "properties": properties, "required": required}
    if description:
        schema["description"] = description
    return schema


UNIT = {"measure": _text(50), "measure_code": {"type": "string", "pattern": r"^\d{3}$", "nullable": True, "example": "796",
        "description": "The unit's code in the classifier of units (МКЕИ / ОКЕИ); null for a free unit."},
        "code": {**_text(50), "description": "Article code printed in «Код» / «Номенклатурный номер» (may be blank)."}}
UNIT_IN = {"measure": {**_text(50), "minLength": 1, "pattern": r"\S",
                       "description": "A unit from the list (шт, кг, т, л, м, м², м³, ч, усл. ед., компл., упак., рейс…) or any other."},
           "measure_code": {"type": "string", "pattern": r"^(\d{3})?$",
                            "description": "3 digits; blank or absent: found from `measure` in the list."},
           "code": _text(50)}

SCHEMAS: dict = {
    "Work": _obj({"id": ID, "name": _text(300), "description": _text(2000), **UNIT, "price": MONEY,
                  "staff": {**ID, "nullable": True}},
                 ["id", "name", "description", "measure", "measure_code", "code", "price", "staff"]),
    "WorkInput": _obj({"name": _text(300, minLength=1), "description": _text(2000), **UNIT_IN,
                       "price": MONEY_IN}, ["name", "measure", "price"]),
    "Actor": _obj({"id": ID, "full_name": _text(300), "role": _text(200)}, ["id", "full_name", "role"]),
    "ActorInput": _obj({"full_name": _text(300, minLength=1), "role": _text(200, minLength=1)}, ["full_name", "role"]),
    "Product": _obj({"id": ID, "name": _text(300), "description": _text(2000), **UNIT,
                     "manufacturer": _text(300), "image": {"type": "string", "format": "uri", "nullable": True,
                     "description": "URL of the image, served only to the owning company."},
                     "price": MONEY, "staff": {**ID, "nullable": True}},
                    ["id", "name", "description", "measure", "measure_code", "code", "manufacturer", "image", "price",
                     "staff"]),
    "ProductInput": _obj({"name": _text(300, minLength=1), "description": _text(2000), **UNIT_IN,
                          "manufacturer": _text(300), "price": MONEY_IN,
                          "image": {"type": "string", "nullable": True,
                                    "description": "JSON: null clears the image; upload a file with multipart/form-data."}},
                         ["name", "measure", "price"]),
    "ProductUpload": _obj({"name": _text(300, minLength=1), "description": _text(2000), **UNIT_IN,
                           "manufacturer": _text(300), "price": {"type": "string", "pattern": r"^\d{1,9}([.,]\d{1,2})?$"}, "image": {"type": "string", "format": "binary",
                           "description": "PNG, JPEG or WebP, up to 5 MB and 25 megapixels."}}, ["name", "measure", "price"]),
    "Beneficiary": _obj({"id": ID, "beneficiary": _text(300), "beneficiary_bank": _text(300),
                         "PIC": {"type": "string", "example": "KZ417812870193980012"}, "BIC": {"type": "string", "example": "TBKBKZKA"},
                         "KBe": {"type": "string", "example": "17"}, "Knp": {"type": "string", "example": "710"},
                         "staff": {**ID, "nullable": True}},
                        ["id", "beneficiary", "beneficiary_bank", "PIC", "BIC", "KBe", "Knp", "staff"]),
    "BeneficiaryInput": _obj({
        "beneficiary": _text(300, minLength=1), "beneficiary_bank": _text(300, minLength=1),
        "PIC": {"type": "string", "pattern": "^KZ[0-9]{5}[0-9A-Z]{13}$",
                "description": "IIK: a Kazakh IBAN, 20 characters, KZ, mod-97 check (spaces and lower case are accepted too)."},
        "BIC": {"type": "string", "pattern": "^[A-Z]{6}[0-9A-Z]{2}([0-9A-Z]{3})?$",
                "description": "8 or 11 characters (ISO 9362); lower case is accepted too."},
        "KBe": {"type": "string", "pattern": "^[12][1-9]$"},
        "Knp": {"type": "string", "pattern": r"^\d{3}$", "description": "Any 3 digits; 710 = payment for goods."},
    }, ["beneficiary", "beneficiary_bank", "PIC", "BIC", "KBe", "Knp"]),
    "ProductCount": _obj({"id": ID, "product": {"$ref": "#/components/schemas/Product"}, "count": QUANTITY,
                          "price": {**MONEY, "description": "Unit price captured when the line was made."},
                          "total_sum": MONEY, "staff": {**ID, "nullable": True}},
                         ["id", "product", "count", "price", "total_sum", "staff"]),
    "ProductCountInput": _obj({"product": ID, "count": _quantity_in(),
                               "total_sum": {"description": "Ignored: the server computes it."}}, ["product", "count"]),
    "WorkCount": _obj({"id": ID, "work": ID, "work_name": {"type": "string"}, "count": QUANTITY, "price": MONEY,
                       "total_sum": MONEY, "another_info": {"type": "string"}, "date_of_completion": {**DATE, "nullable": True},
                       "staff": {**ID, "nullable": True}},
                      ["id", "work", "count", "price", "total_sum", "another_info", "date_of_completion", "staff"]),
    "WorkCountInput": _obj({"work": ID, "count": _quantity_in(),
                            "another_info": _text(500), "date_of_completion": {**DATE, "nullable": True}}, ["work", "count"]),
    "WaybillProduct": _obj({"id": ID, "product": ID, "product_name": {"type": "string"},
                            "subject_to_leave": QUANTITY, "subject_left": QUANTITY,
                            "price": MONEY, "total_sum": {**MONEY, "description": "price × subject_left"},
                            "staff": {**ID, "nullable": True}},
                           ["id", "product", "subject_to_leave", "subject_left", "price", "total_sum", "staff"]),
    "WaybillProductInput": _obj({"product": ID, "subject_to_leave": _quantity_in(),
                                 "subject_left": {**_quantity_in(False),
                                                  "description": "At most subject_to_leave; defaults to it. Up to 3 decimals, 0 or more."}},
                                ["product", "subject_to_leave"]),
}


SCHEMAS["DocSettings"] = _obj({
    "vat_payer": {"type": "boolean", "description": "Not a payer: documents only «Без НДС»."},
    "prices_include_vat": {"type": "boolean", "description": "On (default): prices and costs with VAT are exact, "
                           "the price without VAT is derived; off: prices are without VAT and VAT is added on top."},
    "vat_series": _text(20), "vat_number": _text(30), "vat_date": CLEARABLE_DATE,
}, ["vat_payer", "prices_include_vat", "vat_series", "vat_number", "vat_date"],
    "The company's document settings and its VAT registration certificate (printed on the VAT invoice).")
# Input: a flag sent as null keeps its saved value, as a flag not sent does.
SCHEMAS["DocSettingsInput"] = {**SCHEMAS["DocSettings"], "required": [], "properties": {
    **SCHEMAS["DocSettings"]["properties"],
    **{flag: {**SCHEMAS["DocSettings"]["properties"][flag], "nullable": True} for flag in ("vat_payer", "prices_include_vat")},
}}


def _document_schemas(kind) -> tuple[dict, dict]:
    """The read shape and the write shape of one document type."""
    key = kind.counterparty_key
    read = {
        "id": ID, "type": {"type": "string", "enum": [kind.code]}, "date": DATE, "contract": {"type": "string"},
        "supplier": {**ID, "description": "The caller's company."},
        key: ID, key + "_bin": {"type": "string"}, key + "_name": {"type": "string"},
        kind.lines_key: {"type": "array", "items": ID},
        "contract_date": {**DATE, "nullable": True},
        "total_count": {**QUANTITY, "description": "Number of units, as the original service counts it (one line of 6 → 6)."},
        "line_count": {"type": "integer", "description": "Number of lines (наименований)."},
        "total_quantity": {**QUANTITY, "description": "The same as total_count (kept for earlier clients)."},
        "total_sum": {**MONEY, "description": "To pay, with VAT: the sum of the rows' costs with VAT."},
        "nds_percent": {"type": "integer"},
        "nds_sum": {**MONEY, "description": "The VAT column's total: each row's VAT, from the rule of the company "
                    "setting «Цены включают НДС» (GET /smart_doc/settings/)."},
        "amount_in_words": {"type": "string", "example": "Сто двадцать тысяч тенге 00 тиын"},
        "staff": {**ID, "nullable": True}, "created": {"type": "string", "format": "date-time"},
        "updated": {"type": "string", "format": "date-time"},
    }
    write = {
        "date": {**DATE, "description": "Default: today (Asia/Almaty)."},
        "contract": _text(300, description="Default «Без договора»."),
        "contract_date": {**DATE, "nullable": True, "description": "Printed after the contract: «№ 44 от 01.10.2026»."},
        key: {**ID, "description": "A directory company (`/clients/clients/`); or send " + key + "_bin."},
        key + "_bin": {"type": "string", "pattern": r"^\d{12}$"},
        kind.lines_key: {"type": "array", "items": ID, "minItems": 1, "maxItems": 500, "uniqueItems": True},
        "nds_percent": {"oneOf": [{"type": "integer"}, {"type": "string"}],
                        "example": "16.00",
                        "description": "Only a rate the tax code allows on the document's date: 12 or 0 before "
                                       "2026-01-01; 16, 10, 5 or 0 in 2026; 16, 10 or 0 from 2027 (SMART_DOCS_VAT_RATES). "
                                       "A company that is not a VAT payer: only 0 («Без НДС»). Default: the date's "
                                       "standard rate (0 for a non-payer). The original service's \"16.00\" is accepted."},
        "total_sum": {"description": "Ignored: computed."}, "nds_sum": {"description": "Ignored: computed."},
        "total_count": {"description": "Ignored: computed."},
    }
    if kind.lines_key == "product_counts":
        write["products"] = {"type": "array", "items": ID, "description": "The original service's name of product_counts."}
    if kind.beneficiary:
        read["beneficiary"] = {**ID, "nullable": True}
        write["beneficiary"] = {**ID, "nullable": not kind.beneficiary_required,
                                "description": "Bank details (for the VAT invoice: the supplier's ИИК and bank)."}
    for name in kind.dates:
        read[name], write[name] = {**DATE, "nullable": True}, {**DATE, "nullable": True, "description": TERM_LABELS[name]}
    if kind.buyer_vat:
        for prefix, side in (("buyer_", "The buyer's"), ("supplier_", "The supplier's (read only, from /smart_doc/settings/)")):
            for name, schema in (("vat_series", _text(20)), ("vat_number", _text(30)), ("vat_date", CLEARABLE_DATE)):
                read[prefix + name] = {**schema, "description": f"{side} VAT registration certificate: {name[4:]}."}
        for name, schema in (("vat_series", _text(20)), ("vat_number", _text(30)), ("vat_date", CLEARABLE_DATE)):
            write["buyer_" + name] = {**schema, "description": "Kept as the company's note on this buyer; "
                                      "not sent, the note stays."}
    for name in kind.terms + kind.texts:
        if name == "date_of_expire":
            read[name], write[name] = {**DATE, "nullable": True}, {**DATE, "nullable": True, "description": TERM_LABELS[name]}
        else:
            read[name], write[name] = {"type": "string"}, _text(text_limit(name), description=field_label(kind.code, name))
    for name in kind.actors:
        read[name] = {**ID, "nullable": True}
        write[name] = {**ID, "nullable": True, "description": field_label(kind.code, name) + " (an actor id)."}
    required_write = [kind.lines_key] + (["beneficiary"] if kind.beneficiary and kind.beneficiary_required else [])
    return (_obj(read, list(read), f"{kind.title} ({kind.code})."),
            _obj(write, required_write, f"Send {key} or {key}_bin. Line items must be the caller's company's."))


for _kind in DOC_TYPES.values():
    SCHEMAS[f"Document_{_kind.code}"], SCHEMAS[f"DocumentInput_{_kind.code}"] = _document_schemas(_kind)

# JSON null in an optional text field is read as blank, so the input schemas say so.
for _name, _schema in SCHEMAS.items():
    if "Input" in _name:
        for _key, _prop in _schema["properties"].items():
            if _key not in _schema["required"] and _prop.get("type") == "string":
                _prop["nullable"] = True


def _page_of(ref: str) -> dict:
    return {"type": "object", "required": ["count", "next", "previous", "results"], "properties": {
        "count": {"type": "integer"}, "next": {"type": "string", "nullable": True},
        "previous": {"type": "string", "nullable": True},
        "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{ref}"}}}}


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


PAGE_PARAMS = [
    {"name": "page", "in": "query", "required": False, "description": "1-based page number; past the end is a 404.",
     "schema": {"type": "integer", "minimum": 1}},
    {"name": "page_size", "in": "query", "required": False,
     "description": "Items per page, 20 by default; values over 100 are served as 100.",
     "schema": {"type": "integer", "minimum": 1}},
]
ID_PARAM = [{"name": "public_id", "in": "path", "required": True, "schema": ID}]


def _crud(tag: str, read: str, write: str, title: str, body: dict | None = None) -> tuple[dict, dict]:
    """The list and item path objects of one resource."""
    body = body or _json(write)
    listing = {
        "get": {"tags": [tag], "summary": f"{title}: list (the caller's company only)", "security": SECURITY,
                "parameters": PAGE_PARAMS + SYNC_PARAMETERS, "responses": {"200": {"description": "One page.", "content": {
                    "application/json": {"schema": _page_of(read)}}}, **ERRORS, **NOT_FOUND}},
        "post": {"tags": [tag], "summary": f"{title}: create", "security": SECURITY,
                 "requestBody": {"required": True, "content": body},
                 "responses": {"201": {"description": "Created.", "content": _json(read)}, **ERRORS}},
    }
    item = {
        "parameters": ID_PARAM,
        "get": {"tags": [tag], "summary": f"{title}: one", "security": SECURITY,
                "responses": {"200": {"description": "The object.", "content": _json(read)}, **ERRORS, **NOT_FOUND}},
        "put": {"tags": [tag], "summary": f"{title}: replace (every field)", "security": SECURITY,
                "requestBody": {"required": True, "content": body},
                "responses": {"200": {"description": "Saved.", "content": _json(read)}, **ERRORS, **NOT_FOUND}},
        "patch": {"tags": [tag], "summary": f"{title}: change the fields sent", "security": SECURITY,
                  "requestBody": {"required": True, "content": body},
                  "responses": {"200": {"description": "Saved.", "content": _json(read)}, **ERRORS, **NOT_FOUND}},
        "delete": {"tags": [tag], "summary": f"{title}: delete", "security": SECURITY,
                   "responses": {"204": {"description": "Deleted."}, **ERRORS, **NOT_FOUND, **CONFLICT}},
    }
    return listing, item


def _resources() -> list[tuple[str, str, str, str, dict | None]]:
    product_body = {**_json("ProductInput"), "multipart/form-data": {"schema": {"$ref": "#/components/schemas/ProductUpload"}}}
    rows = [
        ("works", "Work", "WorkInput", "Работы и услуги", None),
        ("actors", "Actor", "ActorInput", "Подписанты", None),
        ("products", "Product", "ProductInput", "Товары", product_body),
        ("beneficiaries", "Beneficiary", "BeneficiaryInput", "Бенефициары", None),
        ("work_counts", "WorkCount", "WorkCountInput", "Позиции работ", None),
        ("product_count", "ProductCount", "ProductCountInput", "Товарные позиции", None),
        ("waybills_products", "WaybillProduct", "WaybillProductInput", "Позиции накладных", None),
    ]
    rows += [(k.path, f"Document_{k.code}", f"DocumentInput_{k.code}", k.title, None) for k in DOC_TYPES.values()]
    return rows


def _page_get(summary: str) -> dict:
    return {"tags": ["Smart Docs: pages"], "summary": summary, "security": SECURITY,
            "responses": {"200": {"description": "The page, or its JSON twin."}, **ERRORS, **NOT_FOUND}}


def _paths(prefix: str) -> dict:
    paths: dict = {}
    for name, read, write, title, body in _resources():
        tag = "Smart Docs: documents" if read.startswith("Document_") else "Smart Docs: catalogues and lines"
        paths[f"{prefix}/{name}/"], paths[f"{prefix}/{name}/{{public_id}}/"] = _crud(tag, read, write, title, body)
    paths[f"{prefix}/"] = {"get": _page_get("Smart documents start page: where everything is, latest documents")}
    settings_ops = {"get": {"tags": ["Smart Docs: documents"], "summary": "Document settings (the caller's company)",
                            "security": SECURITY, "responses": {"200": {"description": "The settings.",
                                                                        "content": _json("DocSettings")}, **ERRORS}}}
    for method, what, required in (("put", "replace (flags not sent keep their value)", True),
                                   ("patch", "change the keys sent", True),
                                   ("post", "the settings page's form, saved as PUT (nothing sent keeps everything)", False)):
        settings_ops[method] = {"tags": ["Smart Docs: documents"], "summary": f"Document settings: {what}",
                                "security": SECURITY, "requestBody": {"required": required, "content": _json("DocSettingsInput")},
                                "responses": {"200": {"description": "Saved.", "content": _json("DocSettings")}, **ERRORS}}
    paths[f"{prefix}/settings/"] = settings_ops
    paths[f"{prefix}/products/{{public_id}}/image/"] = {"parameters": ID_PARAM, "get": {
        "tags": ["Smart Docs: catalogues and lines"], "summary": "A product's image (owning company only)",
        "security": SECURITY, "responses": {"200": {"description": "The image.", "content": {
            "image/png": {}, "image/jpeg": {}, "image/webp": {}}}, **ERRORS, **NOT_FOUND}}}
    code = [{"name": "code", "in": "path", "required": True, "schema": {"type": "string", "enum": list(DOC_TYPES)}}]
    paths[f"{prefix}/builder/{{code}}/counterparties/"] = {"parameters": code, "get": {
        **_page_get("Builder: live search of the directory by name or BIN"),
        "parameters": [{"name": "q", "in": "query", "required": False, "schema": {"type": "string"},
                        "description": "Name words or the start of a BIN; only the first 100 characters are used."}]}}
    paths[f"{prefix}/builder/{{code}}/counterparty/"] = {"parameters": code, "get": {
        **_page_get("Builder: the chosen counterparty"),
        "parameters": [{"name": "id", "in": "query", "required": False, "schema": {"type": "string"}}]}}
    if prefix != PREFIXES[0]:
        for item in paths.values():
            for method, operation in item.items():
                if method != "parameters":
                    operation["deprecated"] = True
                    operation["summary"] = "Alias of /smart_doc/: " + operation["summary"]
    return paths


def _feeds() -> dict[str, list[tuple[str, str, bool]]]:
    """Where a new object's id is used next: resource → (resource it goes into, the body key,
    whether that key holds a list). From the same registry as the documents, so each
    document's line list (`product_counts`, ...) names the create its ids come from."""
    line_lists = {"product_counts": "product_count", "work_counts": "work_counts", "waybills_products": "waybills_products"}
    feeds: dict = {"products": [("product_count", "product", False), ("waybills_products", "product", False)],
                   "works": [("work_counts", "work", False)]}
    for kind in DOC_TYPES.values():
        feeds.setdefault(line_lists[kind.lines_key], []).append((kind.path, kind.lines_key, True))
        if kind.beneficiary:
            feeds.setdefault("beneficiaries", []).append((kind.path, "beneficiary", False))
    return feeds


def _add_feed_links(paths: dict, prefix: str) -> None:
    """OpenAPI links from a create to the creates that take its id in their body."""
    for source, targets in _feeds().items():
        answer = paths[f"{prefix}/{source}/"]["post"]["responses"]["201"]
        for target, key, many in targets:
            new_id = "$response.body#/id"
            answer.setdefault("links", {})[f"{target}.{key}"] = {
                "operationRef": "#/paths/" + f"{prefix}/{target}/".replace("/", "~1") + "/post",
                "description": f"Use the new id in `{key}` of `POST {prefix}/{target}/`.",
                "requestBody": {key: [new_id] if many else new_id},
            }


PATHS: dict = {}
for _prefix in PREFIXES:
    PATHS.update(_paths(_prefix))
    _add_feed_links(PATHS, _prefix)
