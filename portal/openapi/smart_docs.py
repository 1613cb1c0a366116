"""OpenAPI description of Smart Docs' operations: catalogues, line items, the five documents,
the builder (their schemas are in portal.openapi.smart_docs_schemas).

The HTML-form endpoints of the pages (edit/delete fallbacks, builder saves and fragments)
are for browsers and are left out; everything an integrator calls is here. Every path exists
under /smart_doc/ and, as the seed used both, under the /smart_docs/ alias (marked deprecated).
"""
from portal.openapi.conventions import PAGE_PARAMETERS, page_of, path_id
from portal.openapi.smart_docs_schemas import SCHEMAS
from portal.openapi.sync import SYNC_PARAMETERS
from portal.smart_docs.types import DOC_TYPES

__all__ = ["PATHS", "SCHEMAS"]

PREFIXES = ("/smart_doc", "/smart_docs")
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


def _page_of(ref: str) -> dict:
    """A reference to the page envelope of `ref` (one component per resource, shared by both prefixes)."""
    name = f"{ref}Page"
    if name not in SCHEMAS:
        what = SCHEMAS[ref].get("description", ref).rstrip(".")
        SCHEMAS[name] = page_of({"$ref": f"#/components/schemas/{ref}"}, f"the caller's company's items: {what[0].lower() + what[1:]}")
    return {"$ref": f"#/components/schemas/{name}"}


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


PAGE_PARAMS = PAGE_PARAMETERS
ID_PARAM = [path_id("public_id", "Public id of the object (its `id`, as the create or the list gave it).", "a095fbe6")]


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
    code = [{"name": "code", "in": "path", "required": True, "schema": {"type": "string", "enum": list(DOC_TYPES)},
             "description": "The document type being built: " + ", ".join(f"`{k.code}` {k.title}" for k in DOC_TYPES.values()) + "."}]
    paths[f"{prefix}/builder/{{code}}/counterparties/"] = {"parameters": code, "get": {
        **_page_get("Builder: live search of the directory by name or BIN"),
        "parameters": [{"name": "q", "in": "query", "required": False, "schema": {"type": "string", "example": "евразия"},
                        "description": "Name words or the start of a BIN; only the first 100 characters are used."}]}}
    paths[f"{prefix}/builder/{{code}}/counterparty/"] = {"parameters": code, "get": {
        **_page_get("Builder: the chosen counterparty"),
        "parameters": [{"name": "id", "in": "query", "required": False, "schema": {"type": "string", "example": "1d0173d1"},
                        "description": "Public id of the directory company chosen in the live search."}]}}
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
