"""OpenAPI schemas of Smart Docs: catalogues, line items, document settings and the five
documents, read and write shapes (the operations are in portal.openapi.smart_docs).

Built from the same registries the code uses (portal.smart_docs.types), so a field added to a
type shows up here too.
"""
from portal.models.base import PUBLIC_ID_PATTERN
from portal.openapi.conventions import field
from portal.smart_docs.types import DOC_TYPES, TERM_LABELS, field_label, text_limit

ID = {"type": "string", "pattern": PUBLIC_ID_PATTERN, "example": "a095fbe6"}
MONEY = {"type": "string", "pattern": r"^\d+\.\d{2}$", "example": "21.00"}
MONEY_IN = {
    "oneOf": [{"type": "string", "example": "21.00"}, {"type": "number", "example": 21}],
    "example": "250000.00",
    "description": "Non-negative, at most 2 decimals, at most 999 999 999.99 (a string is best).",
}
DATE = {"type": "string", "format": "date", "example": "2026-11-26"}
# A date that may be cleared: "" or null clear it (the settings page sends "" for an empty field).
CLEARABLE_DATE = {"anyOf": [DATE, {"type": "string", "enum": [""]}], "nullable": True, "example": "2024-03-15"}
STAFF = {**ID, "nullable": True, "example": "5c2e8d1a",
         "description": "Public id of the colleague who made it (null: made before users were recorded)."}
TIME = {"type": "string", "format": "date-time", "example": "2026-11-26T10:15:00+05:00"}
QUANTITY = {"type": "number", "multipleOf": 0.001, "example": 2.5,
            "description": "An integer when whole (`6`), else a number with up to 3 decimals (`2.5`, `12.35`)."}


def _quantity_in(minimum_exclusive: bool = True) -> dict:
    """A quantity as a request may send it: integer, number or decimal string, up to 3 decimals."""
    low = "above 0" if minimum_exclusive else "0 or more"
    return {"oneOf": [{"type": "number", "multipleOf": 0.001, "example": 2.5}, {"type": "string", "example": "12,350"}],
            "example": "12.350",
            "description": f"Up to 3 decimals, {low}, at most 1 000 000 (integer, number or string; a comma is read as the point)."}




def _text(max_len: int, description: str = "", example: str = "", **extra) -> dict:
    """A bounded string; `minLength` 1 also means "not only spaces" (the server trims)."""
    schema = {"type": "string", "maxLength": max_len, **extra}
    if description:
        schema["description"] = description
    if example:
        schema["example"] = example
    if extra.get("minLength"):
        schema["pattern"] = r"\S"
    return schema


def _obj(properties: dict, required: list, description: str = "") -> dict:
    schema = {"type": "object", "properties": properties, "required": required}
    if description:
        schema["description"] = description
    return schema


UNIT = {"measure": _text(50, "Unit of measure as printed on the documents.", "шт"),
        "measure_code": {"type": "string", "pattern": r"^\d{3}$", "nullable": True, "example": "796",
                         "description": "The unit's code in the classifier of units (МКЕИ / ОКЕИ); null for a free unit."},
        "code": _text(50, "Article code printed in «Код» / «Номенклатурный номер» (may be blank).", "NB-ASUS-15")}
UNIT_IN = {"measure": {**_text(50), "minLength": 1, "pattern": r"\S", "example": "шт",
                       "description": "A unit from the list (шт, кг, т, л, м, м², м³, ч, усл. ед., компл., упак., рейс…) or any other."},
           "measure_code": {"type": "string", "pattern": r"^(\d{3})?$", "example": "796",
                            "description": "3 digits; blank or absent: found from `measure` in the list."},
           "code": UNIT["code"]}
NAME = _text(300, "Name as printed on the documents.", "Ноутбук ASUS VivoBook 15")
NAME_IN = _text(300, NAME["description"], NAME["example"], minLength=1)
DESCRIPTION = _text(2000, "Longer text for the catalogue (not printed).", "15,6\", 16 ГБ, SSD 512 ГБ")
PRICE = {**MONEY, "description": "Price per unit, tenge (with or without VAT: see `prices_include_vat` in /smart_doc/settings/).",
         "example": "250000.00"}
PRICE_IN = {**MONEY_IN, "description": "Price per unit, tenge. " + MONEY_IN["description"]}
MANUFACTURER = _text(300, "Manufacturer (commercial offers print it).", "ASUSTeK Computer Inc.")
FULL_NAME = _text(300, "Full name as signed on documents.", "Сейткали Асель Маратовна")
ROLE = _text(200, "Position printed beside the signature.", "Главный бухгалтер")
PIC = {"type": "string", "example": "KZ417812870193980012", "description": "IIK (ИИК): the account, a Kazakh IBAN."}
BIC = {"type": "string", "example": "TBKBKZKA", "description": "BIC (БИК) of the bank."}
KBE = {"type": "string", "example": "17", "description": "KBe (КБе): beneficiary code, residency and economic sector."}
KNP = {"type": "string", "example": "710", "description": "KNP (КНП): payment purpose code; 710 = payment for goods."}

SCHEMAS: dict = {
    "Work": _obj({"id": field(ID, "Public id of the work (use it in `work` of POST /smart_doc/work_counts/)."),
                  "name": {**NAME, "example": "Монтаж видеонаблюдения"},
                  "description": DESCRIPTION, **UNIT, "price": PRICE, "staff": STAFF},
                 ["id", "name", "description", "measure", "measure_code", "code", "price", "staff"],
                 "A work or service of the company's catalogue."),
    "WorkInput": _obj({"name": {**NAME_IN, "example": "Монтаж видеонаблюдения"}, "description": DESCRIPTION, **UNIT_IN,
                       "price": PRICE_IN}, ["name", "measure", "price"], "A work or service to save in the catalogue."),
    "Actor": _obj({"id": field(ID, "Public id of the signatory (use it in a document's `*_actor` fields)."),
                   "full_name": FULL_NAME, "role": ROLE}, ["id", "full_name", "role"],
                  "A person who signs the company's documents."),
    "ActorInput": _obj({"full_name": {**FULL_NAME, "minLength": 1, "pattern": r"\S"},
                        "role": {**ROLE, "minLength": 1, "pattern": r"\S"}}, ["full_name", "role"],
                       "A signatory to save."),
    "Product": _obj({"id": field(ID, "Public id of the product (use it in `product` of POST /smart_doc/product_count/)."),
                     "name": NAME, "description": DESCRIPTION, **UNIT,
                     "manufacturer": MANUFACTURER,
                     "image": {"type": "string", "format": "uri", "nullable": True,
                               "example": "http://portal.example.kz/smart_doc/products/a095fbe6/image/",
                               "description": "URL of the image, served only to the owning company."},
                     "price": PRICE, "staff": STAFF},
                    ["id", "name", "description", "measure", "measure_code", "code", "manufacturer", "image", "price",
                     "staff"], "A product of the company's catalogue."),
    "ProductInput": _obj({"name": NAME_IN, "description": DESCRIPTION, **UNIT_IN,
                          "manufacturer": MANUFACTURER, "price": PRICE_IN,
                          "image": {"type": "string", "nullable": True, "example": None,
                                    "description": "JSON: null clears the image; upload a file with multipart/form-data."}},
                         ["name", "measure", "price"], "A product to save (JSON)."),
    "ProductUpload": _obj({"name": NAME_IN, "description": DESCRIPTION, **UNIT_IN,
                           "manufacturer": MANUFACTURER,
                           "price": {"type": "string", "pattern": r"^\d{1,9}([.,]\d{1,2})?$", "example": "250000,00",
                                     "description": "Price per unit, tenge: digits with up to 2 decimals (point or comma)."},
                           "image": {"type": "string", "format": "binary",
                                     "description": "PNG, JPEG or WebP, up to 5 MB and 25 megapixels."}},
                          ["name", "measure", "price"], "A product to save with its image (multipart/form-data)."),
    "Beneficiary": _obj({"id": field(ID, "Public id of the bank details (use it in a document's `beneficiary`)."),
                         "beneficiary": _text(300, "Account holder: the company as the bank knows it.", "ТОО «Пример»"),
                         "beneficiary_bank": _text(300, "The bank.", "АО «Банк ЦентрКредит»"),
                         "PIC": PIC, "BIC": BIC, "KBe": KBE, "Knp": KNP, "staff": STAFF},
                        ["id", "beneficiary", "beneficiary_bank", "PIC", "BIC", "KBe", "Knp", "staff"],
                        "The company's bank details, printed on invoices for payment and VAT invoices."),
    "BeneficiaryInput": _obj({
        "beneficiary": _text(300, "Account holder: the company as the bank knows it.", "ТОО «Пример»", minLength=1),
        "beneficiary_bank": _text(300, "The bank.", "АО «Банк ЦентрКредит»", minLength=1),
        "PIC": {**PIC, "pattern": "^KZ[0-9]{5}[0-9A-Z]{13}$",
                "description": "IIK: a Kazakh IBAN, 20 characters, KZ, mod-97 check (spaces and lower case are accepted too)."},
        "BIC": {**BIC, "pattern": "^[A-Z]{6}[0-9A-Z]{2}([0-9A-Z]{3})?$",
                "description": "8 or 11 characters (ISO 9362); lower case is accepted too."},
        "KBe": {**KBE, "pattern": "^[12][1-9]$"},
        "Knp": {**KNP, "pattern": r"^\d{3}$", "description": "Any 3 digits; 710 = payment for goods."},
    }, ["beneficiary", "beneficiary_bank", "PIC", "BIC", "KBe", "Knp"], "Bank details to save."),
    "ProductCount": _obj({"id": field(ID, "Public id of the line: put it in a document's `product_counts`.", "5be0c1aa"),
                          "product": {"$ref": "#/components/schemas/Product"},
                          "count": {**QUANTITY, "description": "Quantity. " + QUANTITY["description"]},
                          "price": {**MONEY, "description": "Unit price captured when the line was made.", "example": "250000.00"},
                          "total_sum": {**MONEY, "description": "price × count.", "example": "500000.00"}, "staff": STAFF},
                         ["id", "product", "count", "price", "total_sum", "staff"],
                         "A product line (product and quantity) for invoices, commercial offers and VAT invoices."),
    "ProductCountInput": _obj({"product": field(ID, "Public id of a product of the caller's company (POST /smart_doc/products/)."),
                               "count": _quantity_in(),
                               "total_sum": {"description": "Ignored: the server computes it.", "example": "500000.00"}},
                              ["product", "count"], "A product line to make; its id then goes into `product_counts`."),
    "WorkCount": _obj({"id": field(ID, "Public id of the line: put it in an act's `work_counts`.", "7e41b0c9"),
                       "work": field(ID, "Public id of the work (/smart_doc/works/)."),
                       "work_name": field({"type": "string"}, "The work's name.", "Монтаж видеонаблюдения"),
                       "count": {**QUANTITY, "description": "Quantity. " + QUANTITY["description"]},
                       "price": {**PRICE, "description": "Unit price captured when the line was made."},
                       "total_sum": {**MONEY, "description": "price × count.", "example": "500000.00"},
                       "another_info": field({"type": "string"}, "Notes printed with the line.", "Объект: склад №2"),
                       "date_of_completion": {**DATE, "nullable": True, "description": "When the work was done."},
                       "staff": STAFF},
                      ["id", "work", "count", "price", "total_sum", "another_info", "date_of_completion", "staff"],
                      "A work line (work and quantity) for acts of completed works."),
    "WorkCountInput": _obj({"work": field(ID, "Public id of a work of the caller's company (POST /smart_doc/works/)."),
                            "count": _quantity_in(),
                            "another_info": _text(500, "Notes printed with the line.", "Объект: склад №2"),
                            "date_of_completion": {**DATE, "nullable": True, "description": "When the work was done."}},
                           ["work", "count"], "A work line to make; its id then goes into an act's `work_counts`."),
    "WaybillProduct": _obj({"id": field(ID, "Public id of the line: put it in a waybill's `waybills_products`.", "3d9a6f02"),
                            "product": field(ID, "Public id of the product (/smart_doc/products/)."),
                            "product_name": field({"type": "string"}, "The product's name.", "Ноутбук ASUS VivoBook 15"),
                            "subject_to_leave": {**QUANTITY, "description": "Quantity requested (подлежит отпуску)."},
                            "subject_left": {**QUANTITY, "description": "Quantity released (отпущено)."},
                            "price": {**PRICE, "description": "Unit price captured when the line was made."},
                            "total_sum": {**MONEY, "description": "price × subject_left", "example": "500000.00"},
                            "staff": STAFF},
                           ["id", "product", "subject_to_leave", "subject_left", "price", "total_sum", "staff"],
                           "A waybill line: a product, the quantity requested and the quantity released."),
    "WaybillProductInput": _obj({"product": field(ID, "Public id of a product of the caller's company."),
                                 "subject_to_leave": {**_quantity_in(), "description": "Quantity requested. "
                                                      + _quantity_in()["description"]},
                                 "subject_left": {**_quantity_in(False),
                                                  "description": "At most subject_to_leave; defaults to it. Up to 3 decimals, 0 or more."}},
                                ["product", "subject_to_leave"], "A waybill line to make."),
}


VAT_SERIES = _text(20, example="60001")
VAT_NUMBER = _text(30, example="0012345")
SCHEMAS["DocSettings"] = _obj({
    "vat_payer": {"type": "boolean", "example": True,
                  "description": "Whether the company pays VAT; not a payer: documents only «Без НДС»."},
    "prices_include_vat": {"type": "boolean", "example": True, "description": "On (default): prices and costs with VAT are exact, "
                           "the price without VAT is derived; off: prices are without VAT and VAT is added on top."},
    **{"vat_" + name: {**schema, "description": f"The company's VAT registration certificate: {name}."}
       for name, schema in (("series", VAT_SERIES), ("number", VAT_NUMBER), ("date", CLEARABLE_DATE))},
}, ["vat_payer", "prices_include_vat", "vat_series", "vat_number", "vat_date"],
    "The company's document settings and its VAT registration certificate (printed on the VAT invoice).")
# Input: a flag sent as null keeps its saved value, as a flag not sent does.
SCHEMAS["DocSettingsInput"] = {**SCHEMAS["DocSettings"], "required": [],
                                "description": "Settings to save: keys not sent (or flags sent as null) keep their value.",
                                "properties": {
    **SCHEMAS["DocSettings"]["properties"],
    **{flag: {**SCHEMAS["DocSettings"]["properties"][flag], "nullable": True} for flag in ("vat_payer", "prices_include_vat")},
}}


LINE_SOURCES = {
    "product_counts": "each made with POST /smart_doc/product_count/ (a product and its quantity)",
    "work_counts": "each made with POST /smart_doc/work_counts/ (a work and its quantity)",
    "waybills_products": "each made with POST /smart_doc/waybills_products/ (a product, requested and released)",
}
LINE_EXAMPLES = {"product_counts": "5be0c1aa", "work_counts": "7e41b0c9", "waybills_products": "3d9a6f02"}
# Examples of the free-text fields, by name (a field missing here shows an empty example).
TEXT_EXAMPLES = {
    "delivery_time": "5 рабочих дней", "payment_condition": "100% предоплата", "receive_type": "Самовывоз",
    "receive_address": "г. Алматы, ул. Абая, 52", "stock_used": "Кабель UTP 5e — 120 м", "transport_company": "ТОО «КазЛогистик»",
    "ttn": "ТТН-000417", "proxy": "№ 15 от 20.11.2026", "proxy_holder": "Ахметов Б. К.", "consignor": "ТОО «Пример», г. Алматы",
    "consignee": "ТОО «Евразия Трейд», г. Астана", "shipping_method": "Автотранспорт",
}


def _document_schemas(kind) -> tuple[dict, dict]:
    """The read shape and the write shape of one document type."""
    key = kind.counterparty_key
    read = {
        "id": field(ID, f"Public id of the document ({kind.path}/{{public_id}}/, /smart_doc/documents/{{public_id}}/).",
                    "c3b2a1f0"),
        "type": field({"type": "string", "enum": [kind.code]}, "The document type's code."),
        "date": field(DATE, "The document's date."),
        "contract": field({"type": "string"}, "The contract it is made under, as printed.", "Договор № 44"),
        "supplier": {**ID, "description": "The caller's company.", "example": "1d0173d1"},
        key: field(ID, f"Public id of the {key} in the directory (/clients/clients/{{id}}/).", "8e2f4a6b"),
        key + "_bin": field({"type": "string"}, f"The {key}'s BIN.", "130540000013"),
        key + "_name": field({"type": "string"}, f"The {key}'s name.", "ТОО «Евразия Трейд»"),
        kind.lines_key: {"type": "array", "items": ID, "example": [LINE_EXAMPLES[kind.lines_key]],
                         "description": f"Public ids of the lines, in print order ({LINE_SOURCES[kind.lines_key]})."},
        "contract_date": {**DATE, "nullable": True, "description": "The contract's date; null: none printed."},
        "total_count": {**QUANTITY, "description": "Number of units, as the original service counts it (one line of 6 → 6)."},
        "line_count": {"type": "integer", "description": "Number of lines (наименований).", "example": 1},
        "total_quantity": {**QUANTITY, "description": "The same as total_count (kept for earlier clients)."},
        "total_sum": {**MONEY, "description": "To pay, with VAT: the sum of the rows' costs with VAT."},
        "nds_percent": {"type": "integer", "example": 16, "description": "VAT rate, percent (0: «Без НДС»)."},
        "nds_sum": {**MONEY, "description": "The VAT column's total: each row's VAT, from the rule of the company "
                    "setting «Цены включают НДС» (GET /smart_doc/settings/)."},
        "amount_in_words": {"type": "string", "example": "Пятьсот тысяч тенге 00 тиын",
                            "description": "total_sum in words, as printed (Russian)."},
        "staff": STAFF, "created": {**TIME, "description": "When the document was made."},
        "updated": {**TIME, "description": "When it last changed (what `updated_after` compares)."},
    }
    write = {
        "date": {**DATE, "description": "Default: today (Asia/Almaty)."},
        "contract": _text(300, "The contract it is made under; default «Без договора».", "Договор № 44"),
        "contract_date": {**DATE, "nullable": True, "description": "Printed after the contract: «№ 44 от 01.10.2026»."},
        key: {**ID, "description": "A directory company (`/clients/clients/`); or send " + key + "_bin."},
        key + "_bin": {"type": "string", "pattern": r"^\d{12}$", "example": "130540000013",
                       "description": f"The {key}'s BIN, instead of `{key}`: found in the directory."},
        kind.lines_key: {"type": "array", "items": ID, "minItems": 1, "maxItems": 500, "uniqueItems": True,
                         "example": [LINE_EXAMPLES[kind.lines_key]],
                         "description": f"Public ids of the caller's company's lines, in print order: {LINE_SOURCES[kind.lines_key]}."},
        "nds_percent": {"oneOf": [{"type": "integer"}, {"type": "string"}],
                        "example": "16.00",
                        "description": "Only a rate the tax code allows on the document's date: 12 or 0 before "
                                       "2026-01-01; 16, 10, 5 or 0 in 2026; 16, 10 or 0 from 2027 (SMART_DOCS_VAT_RATES). "
                                       "A company that is not a VAT payer: only 0 («Без НДС»). Default: the date's "
                                       "standard rate (0 for a non-payer). The original service's \"16.00\" is accepted."},
        "total_sum": {"description": "Ignored: computed.", "example": "500000.00"},
        "nds_sum": {"description": "Ignored: computed.", "example": "53571.43"},
        "total_count": {"description": "Ignored: computed.", "example": 2},
    }
    if kind.lines_key == "product_counts":
        write["products"] = {"type": "array", "items": ID, "example": [LINE_EXAMPLES["product_counts"]],
                             "description": "The original service's name of product_counts."}
    if kind.beneficiary:
        read["beneficiary"] = {**ID, "nullable": True, "example": "77c1d2e3",
                               "description": "Public id of the bank details printed (/smart_doc/beneficiaries/)."}
        write["beneficiary"] = {**ID, "nullable": not kind.beneficiary_required, "example": "77c1d2e3",
                                "description": "Bank details (for the VAT invoice: the supplier's ИИК and bank)."}
    for name in kind.dates:
        read[name] = write[name] = {**DATE, "nullable": True, "description": TERM_LABELS[name]}
    if kind.buyer_vat:
        for prefix, side in (("buyer_", "The buyer's"), ("supplier_", "The supplier's (read only, from /smart_doc/settings/)")):
            for name, schema in (("vat_series", VAT_SERIES), ("vat_number", VAT_NUMBER), ("vat_date", CLEARABLE_DATE)):
                read[prefix + name] = {**schema, "description": f"{side} VAT registration certificate: {name[4:]}."}
        for name, schema in (("vat_series", VAT_SERIES), ("vat_number", VAT_NUMBER), ("vat_date", CLEARABLE_DATE)):
            write["buyer_" + name] = {**schema, "description": "Kept as the company's note on this buyer; "
                                      "not sent, the note stays."}
    for name in kind.terms + kind.texts:
        if name == "date_of_expire":
            read[name] = write[name] = {**DATE, "nullable": True, "description": TERM_LABELS[name]}
        else:
            label = field_label(kind.code, name)
            read[name] = {"type": "string", "description": label, "example": TEXT_EXAMPLES.get(name, "")}
            write[name] = _text(text_limit(name), label, TEXT_EXAMPLES.get(name, ""))
    for name in kind.actors:
        read[name] = write[name] = {**ID, "nullable": True, "example": "2f6b9c4e",
                                    "description": field_label(kind.code, name) + " (an actor id, /smart_doc/actors/)."}
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
