"""Every part of /openapi.json an integrator reads is explained: each operation has a summary,
each parameter, header and schema property (nested ones, request bodies and answers included) a
description and an example, and every example is valid against the schema it illustrates."""
import copy

import jsonschema_rs
import pytest

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture
def document(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def _resolve(document: dict, node: dict) -> dict:
    while isinstance(node, dict) and "$ref" in node:
        node = _pointer(document, node["$ref"])
    return node


def _pointer(document: dict, ref: str):
    node = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _has_example(schema: dict) -> bool:
    """An example, or values that show themselves (an enum, a default); a file's bytes need none."""
    return schema.get("format") == "binary" or "example" in schema or "examples" in schema or "default" in schema or "enum" in schema


def _schema_gaps(document: dict, schema: dict, where: str, seen: set) -> list[str]:
    """Properties (at any depth) lacking a description or an example.

    A `$ref` is walked once, at its component: the component's description explains every
    place that uses it. An object or array is illustrated by its members' examples."""
    if "$ref" in schema:
        if schema["$ref"] in seen:
            return []
        seen.add(schema["$ref"])
        target = _pointer(document, schema["$ref"])
        gaps = [] if target.get("description") else [f"{schema['$ref']}: no description"]
        return gaps + _schema_gaps(document, target, schema["$ref"], seen)
    gaps = []
    for key in ("oneOf", "anyOf", "allOf"):
        for index, member in enumerate(schema.get(key, [])):
            gaps += _schema_gaps(document, member, f"{where}.{key}[{index}]", seen)
    if isinstance(schema.get("items"), dict):
        gaps += _schema_gaps(document, schema["items"], f"{where}[]", seen)
    if isinstance(schema.get("additionalProperties"), dict):
        gaps += _schema_gaps(document, schema["additionalProperties"], f"{where}.*", seen)
    for name, prop in schema.get("properties", {}).items():
        place = f"{where}.{name}"
        if "$ref" not in prop:
            if not prop.get("description"):
                gaps.append(f"{place}: no description")
            if not _composite(prop) and not _has_example(prop):
                gaps.append(f"{place}: no example")
        gaps += _schema_gaps(document, prop, place, seen)
    return gaps


def _composite(schema: dict) -> bool:
    """An object, an array or a union: its members carry the examples."""
    return (schema.get("type") in ("object", "array") or "properties" in schema
            or any(key in schema for key in ("oneOf", "anyOf", "allOf")))


def _operations(document: dict):
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield f"{method.upper()} {path}", item, item[method]


def documentation_gaps(document: dict) -> list[str]:
    """Everything the document leaves unexplained, one line each."""
    gaps, seen = [], set()
    for name, item, operation in _operations(document):
        if not operation.get("summary"):
            gaps.append(f"{name}: no summary")
        for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]:
            parameter = _resolve(document, parameter)
            place = f"{name} {parameter['in']} {parameter['name']}"
            if not parameter.get("description"):
                gaps.append(f"{place}: no description")
            if "example" not in parameter and "examples" not in parameter and not _has_example(parameter["schema"]):
                gaps.append(f"{place}: no example")
        bodies = [("request", operation.get("requestBody", {}))]
        bodies += [(status, _resolve(document, answer)) for status, answer in operation.get("responses", {}).items()]
        for status, body in bodies:
            for answer_header, header in body.get("headers", {}).items():
                header = _resolve(document, header)
                if not header.get("description") or not _has_example(header.get("schema", {})):
                    gaps.append(f"{name} {status} header {answer_header}: no description or example")
            for media, content in body.get("content", {}).items():
                if "schema" in content:
                    gaps += _schema_gaps(document, content["schema"], f"{name} {status} {media}", seen)
    return gaps


def test_every_operation_parameter_and_field_is_explained(document):
    gaps = documentation_gaps(document)
    assert not gaps, f"{len(gaps)} gaps:\n" + "\n".join(gaps)


def test_the_walk_finds_what_is_missing(document):
    """The check above would fail on a field without words, an operation without a summary."""
    broken = copy.deepcopy(document)
    operation = broken["paths"]["/clients/sections/"]["get"]
    del operation["summary"]
    section = broken["components"]["schemas"]["Section"]["properties"]["section"]
    section.pop("description", None)
    section.pop("example", None)
    assert documentation_gaps(broken) == [
        "GET /clients/sections/: no summary",
        "#/components/schemas/Section.section: no description",
        "#/components/schemas/Section.section: no example",
    ]


def as_json_schema(document: dict, schema):
    """OpenAPI 3.0's schema dialect as JSON Schema draft 4 (`nullable` becomes a null type), the
    `$ref`s inlined so a fragment validates on its own."""
    if isinstance(schema, list):
        return [as_json_schema(document, member) for member in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        return as_json_schema(document, _pointer(document, schema["$ref"]))
    converted = {key: as_json_schema(document, value) for key, value in schema.items()
                 if key not in ("nullable", "example", "examples", "deprecated", "readOnly", "writeOnly",
                                "discriminator", "xml", "externalDocs")}
    if "properties" in schema:
        converted["properties"] = {name: as_json_schema(document, prop) for name, prop in schema["properties"].items()}
    if schema.get("nullable"):
        if "type" in converted:
            converted["type"] = [converted["type"], "null"]
        if "enum" in converted:
            converted["enum"] = [*converted["enum"], None]
        if any(key in converted for key in ("oneOf", "anyOf", "allOf")):
            converted = {"anyOf": [converted, {"type": "null"}]}
    return converted


def _examples(document: dict):
    """Every (place, schema, example) the document holds."""
    def walk(node, where):
        if isinstance(node, dict):
            if "example" in node and isinstance(node.get("schema"), dict):  # a parameter or media type
                yield where, node["schema"], node["example"]
            elif "example" in node and "name" not in node:
                yield where, node, node["example"]
            for key, value in node.items():
                if key not in ("example", "examples"):
                    yield from walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from walk(value, f"{where}/{index}")
    yield from walk(document["paths"], "#/paths")
    yield from walk(document["components"], "#/components")


def invalid_examples(document: dict) -> list[str]:
    """Each example that its own schema refuses, with the reason."""
    wrong = []
    for where, schema, example in _examples(document):
        validator = jsonschema_rs.Draft4Validator(as_json_schema(document, schema), validate_formats=True)
        wrong += [f"{where}: {error.message}" for error in validator.iter_errors(example)]
    return wrong


def test_every_example_is_valid_against_its_schema(document):
    assert sum(1 for _ in _examples(document)) > 300
    wrong = invalid_examples(document)
    assert not wrong, f"{len(wrong)} invalid examples:\n" + "\n".join(wrong)


def test_an_invalid_example_is_caught(document):
    broken = copy.deepcopy(document)
    broken["components"]["schemas"]["Client"]["properties"]["bin"]["example"] = "12"
    assert [line.split(":")[0] for line in invalid_examples(broken)] == ["#/components/schemas/Client/properties/bin"]
