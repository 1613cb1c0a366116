"""`/openapi.json` describes every JSON endpoint, and Schemathesis finds the app true to it.

Schemathesis drives the app in-process (WSGI) over every operation the document holds, the
other areas' included, with a token for the AUTH ONLY ones. Hypothesis is derandomized and
bounded, so the run is the same every time and takes seconds per operation.
"""
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import positive_data_acceptance
from sqlalchemy import delete, select, tuple_

from portal import create_app
from portal.extensions import db
from portal.models import User
from portal.openapi import build_document
from portal.staffing import accounts
from tests.api_data import build_directory

# Examples per operation: the Clients API and tokens get the full budget; the other areas'
# many operations (about 180) a smaller one, so the whole document stays around a minute of CPU.
EXAMPLES = 20
OTHER_EXAMPLES = 4


def test_document_is_served_and_names_every_clients_path(client):
    response = client.get("/openapi.json")
    assert response.get_json() == build_document()
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.get_json()
    assert document["openapi"].startswith("3.0")
    paths = document["paths"]
    for name in ("sections", "sub_sections", "rubrics", "regions", "localities", "districts", "types",
                 "krp_names", "emails", "phone_numbers", "clients", "staff"):
        assert f"/clients/{name}/" in paths and f"/clients/{name}/{{id}}/" in paths, name
    assert "/clients/get_user_company/" in paths
    assert set(paths["/auth/token/"]) == {"post", "delete"}


def test_auth_only_operations_declare_security_and_401():
    paths = build_document()["paths"]
    for path in ("/clients/phone_numbers/", "/clients/clients/", "/clients/staff/", "/clients/get_user_company/",
                 "/clients/clients/{id}/"):
        operation = paths[path]["get"]
        assert operation["security"] and "401" in operation["responses"], path
    assert "security" not in paths["/clients/sections/"]["get"]


def test_seed_objects_are_closed_and_nullable_where_the_seed_has_nulls():
    schemas = build_document()["components"]["schemas"]
    client = schemas["Client"]
    assert client["additionalProperties"] is False
    assert list(client["properties"])[:3] == ["id", "director", "bin"]
    assert client["properties"]["district_ex"]["nullable"] is True
    assert "nullable" not in client["properties"]["bin"]
    for name in ("Section", "SubSection", "Rubric", "Email", "PhoneNumber", "Staff", "UserCompany"):
        assert schemas[name]["additionalProperties"] is False, name


def _resolved(document: dict, parameter: dict) -> dict:
    """A parameter, or the shared component it refers to."""
    if "$ref" in parameter:
        return document["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[-1]]
    return parameter


def test_every_company_filter_is_documented():
    document = build_document()
    parameters = {_resolved(document, p)["name"] for p in document["paths"]["/clients/clients/"]["get"]["parameters"]}
    assert {"page", "page_size", "bin", "oked", "krp", "section", "sub_section", "rubric", "region",
            "locality", "district", "type", "search"} <= parameters


@pytest.fixture(scope="module")
def fuzz_app(migrated_database):
    """One app and one small dataset for every generated case of this module: a fresh app per
    operation would spend most of the run creating and emptying databases.

    No app context is held open while the cases run: each request pushes its own, as in
    production, so each gets a fresh `g` and database session. Held open, it handed every
    request the same session (its identity map, its open transaction) and the same `g`, so an
    answer could depend on what earlier cases and scenarios had left in them."""
    from tests.conftest import _empty_all_tables, make_config
    from tests.factories import make_company, make_user

    application = create_app(make_config(WEBHOOKS_ALLOW_PRIVATE=True))
    with application.app_context():
        build_directory()
        company = make_company()
        director = make_user("fuzz@test.kz", "fuzz-pass", company=company, role="Директор")
        make_user("colleague@test.kz", "colleague-pass", company=company, role="Работник")
        application.config["FUZZ_USER_ID"] = director.id
        db.session.remove()
    yield application
    with application.app_context():
        db.session.remove()
        _empty_all_tables()
        db.engine.dispose()


def known_references_accepted(ctx, response, case):
    """Schema-valid data is accepted, except a filter naming an object that does not exist.

    A well-formed id of no object is a 400 naming the filter (DRF's answer); JSON Schema
    cannot say "an id that exists", so that one rejection is allowed, nothing else.
    """
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    if case.operation.method.upper() == "POST" and case.operation.path == "/auth/token/":
        return None  # wrong credentials are a 400 with non_field_errors, as in DRF
    if case.operation.path.startswith(("/auth/password/", "/auth/register/", "/auth/tokens/")):
        # A wrong current password, two passwords that differ, an address email-validator
        # refuses: rules JSON Schema cannot state, answered with the fields they concern.
        return rejection_names_its_fields(ctx, response, case)
    body = response.json()
    named = set(body) if isinstance(body, dict) else set()
    references = {"section", "sub_section", "rubric", "region", "locality", "district", "type", "krp"}
    query = case.query or {}
    if named and named <= references and named <= set(query):
        return None
    if named == {"search"} and {"updated_after", "ordering"} & set(query):
        return None  # documented: a ranked search cannot be walked by time of change

    raise AssertionError(f"Valid data rejected with 400: {body}")


def rejection_names_its_fields(ctx, response, case):
    """Schema-valid data may still break a business rule JSON Schema cannot state (an id that
    must exist in the caller's company, an IIK's mod-97 check, released <= requested), so the
    smart-doc and market areas may answer it with 400, but only as a validation error that
    names the offending fields with messages, never an unexplained rejection."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    body = response.json()
    if isinstance(body, dict) and body and all(
        isinstance(messages, list) and messages and all(isinstance(m, str) and m for m in messages)
        for messages in body.values()
    ):
        return None
    raise AssertionError(f"Valid data rejected without naming a field: {body}")


def declared_unavailability_is_no_server_error(ctx, response, case):
    """No 5xx, except a 503 the operation declares (currencies and news before the first fetch)."""
    if response.status_code < 500:
        return None
    if response.status_code == 503 and "503" in case.operation.definition.raw.get("responses", {}):
        return None
    raise AssertionError(f"Server error {response.status_code}: {response.text[:300]}")


def call_and_validate(case, app, own: bool):
    """Send the case to the app in-process with an API key, and run every check.

    Returns the response (a stateful step reads the new object's id from it). Schemathesis's
    positive-data check is replaced: the Clients API's filters by
    `known_references_accepted`, the other areas by `rejection_names_its_fields`.
    """
    # One key serves every case, except DELETE /auth/token/, which revokes the key it is sent
    # with: each of its cases gets a key of its own.
    revoking = (case.operation.method.upper(), case.operation.path) == ("DELETE", "/auth/token/")
    key = None if revoking else app.config.get("FUZZ_KEY")
    if key is None:
        with app.app_context():
            key = accounts.issue_token(db.session.get(User, app.config["FUZZ_USER_ID"]))
        if not revoking:
            app.config["FUZZ_KEY"] = key
    # The app exists only once the fixture runs; checks that send follow-up requests (no
    # credentials, another method) find it on the operation.
    case.operation.schema.app = app
    case.operation.app = app
    excluded = [not_a_server_error, positive_data_acceptance]
    additional = [declared_unavailability_is_no_server_error]
    additional.append(known_references_accepted if own else rejection_names_its_fields)
    return case.call_and_validate(
        headers={"Authorization": f"Token {key}"},
        excluded_checks=excluded,
        additional_checks=additional,
    )


# The document is plain data (the served copy is checked above), so it is loaded here
# directly; each generated case then calls the module's app in-process (WSGI).
SCHEMA = schemathesis.openapi.from_dict(build_document())
OWN = r"^/(clients|auth)/"
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))
FUZZ_OTHERS = settings(FUZZ, max_examples=OTHER_EXAMPLES)


@SCHEMA.include(path_regex=OWN).parametrize()
@FUZZ
def test_clients_api_conforms_to_the_document(case, fuzz_app):
    call_and_validate(case, fuzz_app, own=True)


@SCHEMA.exclude(path_regex=OWN).parametrize()
@FUZZ_OTHERS
def test_other_areas_conform_to_the_document(case, fuzz_app):
    call_and_validate(case, fuzz_app, own=False)


# Stateful: the document's links lead from each create to the operations on what it created
# (GET, PUT, PATCH, DELETE and actions by the new id), so Schemathesis chains them: create a
# product, then read, change and delete that very product, not only ids that exist nowhere.
def _linked_paths(document: dict) -> set[str]:
    """The creates that have links, and the paths their links lead to."""
    paths = set()
    for path, item in document["paths"].items():
        links = item.get("post", {}).get("responses", {}).get("201", {}).get("links", {})
        if path.startswith("/smart_docs/"):
            continue
        for link in links.values():
            target = link["operationRef"].split("/")[2].replace("~1", "/").replace("~0", "~")
            if not target.startswith("/smart_docs/"):  # the deprecated alias: the same views again
                paths |= {path, target}
    return paths


LINKED = _linked_paths(build_document())
STATEFUL = settings(FUZZ, max_examples=60, stateful_step_count=6)
# How many item paths the run must reach through links at least (see test_stateful_links_hold).
# Which ones it reaches shifts with any change to the document or the answers (other draws), so
# the floor is a count: 3 to 5 are reached (products, works, actors, reminders, webhooks).
MIN_REACHED = 2


# PostgreSQL refuses a DELETE or UPDATE on the audit log (a trigger); no linked operation reads it.
APPEND_ONLY = {"audit_events"}


def _rows(tables, connection=None) -> dict:
    """Each table's rows, by primary key (the fuzz dataset is small)."""
    if connection is None:
        with db.engine.connect() as connection:
            return _rows(tables, connection)
    snapshot = {}
    for table in tables:
        if table.name not in APPEND_ONLY:
            keys = list(table.primary_key.columns)
            snapshot[table] = {tuple(row[c.name] for c in keys): dict(row)
                               for row in connection.execute(select(table)).mappings()}
    return snapshot


def _key_clause(table, key: tuple):
    return tuple_(*table.primary_key.columns) == tuple_(*key)


def _restore_rows(kept: dict) -> None:
    """Put every table back as it was in `kept`, so every scenario (and Hypothesis's replay of
    it) starts from the same data. Deleting only the rows a scenario inserted was not enough:
    the lists' links (GET /reminders/ -> DELETE /reminders/{id}/ with the first id listed) also
    delete and change rows earlier tests left, so a replayed prefix found other rows, the links
    handed on other values and Hypothesis saw another strategy (FlakyStrategyDefinition)."""
    tables = [table for table in db.metadata.sorted_tables if table in kept]
    with db.engine.begin() as connection:
        now = _rows(tables, connection)
        for table in reversed(tables):
            new = [key for key in now[table] if key not in kept[table]]
            if new:
                connection.execute(delete(table).where(tuple_(*table.primary_key.columns).in_(new)))
    with db.engine.begin() as connection:
        now = _rows(tables, connection)  # again: a delete may have cascaded to an older row
        for table in tables:
            missing = [row for key, row in kept[table].items() if key not in now[table]]
            if missing:
                connection.execute(table.insert(), missing)
            for key, row in kept[table].items():
                if key in now[table] and now[table][key] != row:
                    connection.execute(table.update().where(_key_clause(table, key)).values(row))


# Where a positive case's webhook goes (the fuzz app allows private addresses): the portal
# resolves a webhook's host, so with a generated host name the answer was whatever DNS said that
# day (here, offline, always a 400, and no link from POST /webhooks/ was ever followed).
WEBHOOK_TARGET = "http://127.0.0.1:9/hooks/fuzz"


def _local_webhook(case) -> None:
    meta = case.meta
    if (case.operation.path.startswith("/webhooks/") and meta is not None and meta.generation.mode.is_positive
            and isinstance(case.body, dict) and isinstance(case.body.get("url"), str)):
        case.body["url"] = WEBHOOK_TARGET


def linked_workflow(app):
    """The state machine over the linked operations, each step one case sent and checked as the
    operations' own tests do (built when the test runs: building it costs every collection)."""
    linked = SCHEMA.include(path_regex="^(" + "|".join(map(re.escape, sorted(LINKED))) + ")$")
    with app.app_context():
        before = _rows(db.metadata.sorted_tables)

    class LinkedWorkflow(linked.as_state_machine()):
        kept = before
        reached: set[str] = set()  # item paths (with an id) that answered 2xx

        def setup(self):
            with app.app_context():
                _restore_rows(self.kept)

        def call(self, case, **kwargs):
            _local_webhook(case)
            response = call_and_validate(case, app, own=case.operation.path.startswith(("/clients/", "/auth/")))
            if "{" in case.operation.path and 200 <= response.status_code < 300:
                self.reached.add(case.operation.path)
            return response

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            """Checked in `call` already, with this module's checks."""

    return LinkedWorkflow


def test_stateful_links_hold(fuzz_app):
    assert {"/smart_doc/product_count/", "/smart_doc/product_count/{public_id}/", "/webhooks/{public_id}/"} <= LINKED
    call_and_validate(SCHEMA["/clients/get_user_company/"]["GET"].Case(), fuzz_app, own=True)  # issues FUZZ_KEY
    workflow = linked_workflow(fuzz_app)
    try:
        workflow.run(settings=STATEFUL)
    finally:
        with fuzz_app.app_context():
            _restore_rows(workflow.kept)
    # A random id names nothing, so an item path answers 2xx only with an id a link handed on:
    # links that break (a renamed field, a wrong parameter) leave their paths unreached while
    # every answer is still a documented 404, which no check refuses.
    assert len(workflow.reached) >= MIN_REACHED, f"reached through links only: {sorted(workflow.reached)}"
