"""OpenAPI description of the Clients API (helper B completes it)."""

PATHS: dict = {}
SCHEMAS: dict = {}
