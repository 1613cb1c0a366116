"""The OpenAPI 3 document, assembled from one module per area.

Each area module (listed in AREAS) exposes `PATHS` (OpenAPI path items keyed by path) and
`SCHEMAS` (component schemas keyed by name), so the description lives beside its owner's
knowledge and this module only joins them.
"""
import copy
from importlib import import_module

from portal.openapi.components import share_repeats
from portal.openapi.conventions import COMPONENTS, add_links, apply_conventions
from portal.openapi.guide import QUICK_START, TAGS

AREAS = ["clients", "market", "smart_docs", "documents", "tasks", "identity", "sessions", "ledger", "ledger_payments",
         "ledger_receivables", "ledger_import", "ledger_reconciliation", "chores", "sync", "webhooks", "staff"]

COMMON_SCHEMAS = {
    "Error": {
        "type": "object",
        "description": "A refusal or a state, in words for a person (Russian).",
        "properties": {"detail": {"type": "string", "description": "What happened.", "example": "Не найдено."}},
        "required": ["detail"],
    },
    "ValidationError": {
        "type": "object",
        "description": "Bad input: each offending field (or `non_field_errors`) with its messages, in Russian.",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "example": {"price": ["Сумма не может быть отрицательной."]},
    },
}


def build_document(server_url: str = "/") -> dict:
    """Join every area's paths and schemas into one OpenAPI 3.0 document."""
    paths: dict = {}
    schemas: dict = dict(COMMON_SCHEMAS)
    for area in AREAS:
        module = import_module(f"portal.openapi.{area}")
        paths.update(copy.deepcopy(module.PATHS))
        schemas.update(module.SCHEMAS)
    components = copy.deepcopy(COMPONENTS)
    paths = add_links(apply_conventions(paths), schemas)
    share_repeats(paths, components)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "B2B-портал: API",
            "version": "1.0.0",
            "description": "The seed API's JSON contract: Clients, Smart Docs and market data.\n" + QUICK_START,
        },
        "tags": TAGS,
        "servers": [{"url": server_url}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": schemas,
            **components,
            "securitySchemes": {
                "tokenAuth": {"type": "apiKey", "in": "header", "name": "Authorization",
                              "description": "`Token <key>` or `Bearer <key>` from POST /auth/token/"},
                "sessionAuth": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
    }
