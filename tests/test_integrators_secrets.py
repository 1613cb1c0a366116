"""Webhook signing secrets at rest: the database holds a Fernet token, never the secret; the key
comes from the settings; deliveries still verify with the documented snippet; the migration
seals the secrets already stored (and its downgrade opens them) without touching the log."""
import importlib

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import text

from portal.extensions import db
from portal.models import WebhookAttempt, WebhookDelivery
from portal.webhooks import emit, vault
from portal.webhooks.commands import reseal_all
from tests.test_documents_support import headers  # noqa: F401
from tests.test_integrators_webhooks import receiver, register, verify  # noqa: F401

MIGRATION = importlib.import_module("migrations.versions.0240_webhook_secrets_sealed")


@pytest.fixture
def app_config():
    return {"WEBHOOKS_ALLOW_PRIVATE": True, "WEBHOOKS_TIMEOUT": 5}


def _row(public_id: str) -> dict:
    """The endpoint's row as the database has it (every column)."""
    db.session.commit()
    with db.engine.connect() as conn:
        return dict(conn.execute(text("SELECT * FROM webhook_endpoints WHERE public_id = :p"),
                                 {"p": public_id}).mappings().one())


def _deliver(receiver, company_id: int) -> dict:
    emit(company_id, "invoice.paid", {"id": "abc"})
    db.session.commit()  # sent after the commit (the queue runs tasks at once in tests)
    return receiver["seen"][-1]


def test_the_database_holds_no_secret_and_deliveries_still_verify(client, headers, receiver, director):
    endpoint = register(client, headers, receiver["url"], events=["invoice.paid"])
    secret = endpoint["secret"]
    row = _row(endpoint["id"])
    assert "secret" not in row
    assert not any(secret[len("whsec_"):] in str(value) for value in row.values())
    assert row["secret_sealed"].startswith("gAAAAA")  # a Fernet token (version byte 0x80)
    assert vault.reveal(row["secret_sealed"]) == secret
    got = _deliver(receiver, director.staff.company_id)
    assert verify(secret, got["headers"]["X-Portal-Signature"], got["body"])
    # The secret is shown once: neither the endpoint's JSON nor its page carries it again.
    assert "secret" not in client.get(f"/webhooks/{endpoint['id']}/", headers=headers).get_json()


def test_the_key_is_derived_from_the_settings(app):
    sealed = vault.seal("whsec_abc")
    assert vault.reveal(sealed) == "whsec_abc" and "whsec_abc" not in sealed
    assert vault.seal("whsec_abc") != sealed  # a fresh IV each time
    with pytest.raises(RuntimeError, match="WEBHOOKS_OLD_SECRET_KEYS"):
        vault.reveal(sealed, {"SECRET_KEY": "another-key"})
    # A dedicated key wins over SECRET_KEY; old keys (a comma-separated string from the environment) still open.
    with pytest.raises(RuntimeError):
        vault.reveal(sealed, {"SECRET_KEY": "test-secret-key", "WEBHOOKS_SECRET_KEY": "dedicated"})
    assert vault.reveal(sealed, {"WEBHOOKS_SECRET_KEY": "dedicated",
                                 "WEBHOOKS_OLD_SECRET_KEYS": "x, test-secret-key"}) == "whsec_abc"


def test_a_change_of_key_then_reseal(app, client, headers, receiver, director):
    endpoint = register(client, headers, receiver["url"], events=["invoice.paid"])
    app.config.update(WEBHOOKS_SECRET_KEY="the-new-key", WEBHOOKS_OLD_SECRET_KEYS=("test-secret-key",))
    got = _deliver(receiver, director.staff.company_id)  # signed with the secret opened by the old key
    assert verify(endpoint["secret"], got["headers"]["X-Portal-Signature"], got["body"])
    result = app.test_cli_runner().invoke(args=["webhooks-reseal"])
    assert result.exit_code == 0 and "запечатано заново: 1" in result.output
    app.config["WEBHOOKS_OLD_SECRET_KEYS"] = ()
    assert vault.reveal(_row(endpoint["id"])["secret_sealed"]) == endpoint["secret"]
    assert reseal_all() == 1


def _migrate(step) -> None:
    db.session.remove()  # no transaction of the test's may hold the table
    with db.engine.begin() as conn:
        with Operations.context(MigrationContext.configure(conn)):
            step()


def test_the_migration_seals_what_was_stored_and_keeps_the_log(client, headers, receiver, director):
    endpoint = register(client, headers, receiver["url"], events=["invoice.paid"])
    company_id, secret = director.staff.company_id, endpoint["secret"]
    _deliver(receiver, company_id)
    _migrate(MIGRATION.downgrade)
    try:
        row = _row(endpoint["id"])
        assert row["secret"] == secret and "secret_sealed" not in row
    finally:
        _migrate(MIGRATION.upgrade)
    row = _row(endpoint["id"])
    assert "secret" not in row and vault.reveal(row["secret_sealed"]) == secret
    # Altered in place: the deliveries and attempts that reference the endpoint are all still there.
    assert db.session.query(WebhookDelivery).count() == 1 and db.session.query(WebhookAttempt).count() == 1
    got = _deliver(receiver, company_id)
    assert verify(secret, got["headers"]["X-Portal-Signature"], got["body"])


def test_rotating_the_secret_shows_the_new_one_once_and_signs_with_it(client, headers, receiver, director, worker,
                                                                      other_director, token_headers, login):
    endpoint = register(client, headers, receiver["url"], events=["invoice.paid"])
    path = f"/webhooks/{endpoint['id']}/secret/"
    assert client.post(path, headers=token_headers("other@test.kz", "other-pass")).status_code == 404
    assert client.post(path, headers=token_headers("worker@test.kz", "worker-pass")).status_code == 403
    assert client.post(path, headers={"Accept": "application/json"}).status_code == 401
    assert vault.reveal(_row(endpoint["id"])["secret_sealed"]) == endpoint["secret"]  # nothing changed so far
    rotated = client.post(path, headers=headers)
    assert rotated.status_code == 200
    new = rotated.get_json()["secret"]
    assert new.startswith("whsec_") and new != endpoint["secret"]
    assert vault.reveal(_row(endpoint["id"])["secret_sealed"]) == new
    got = _deliver(receiver, director.staff.company_id)
    assert verify(new, got["headers"]["X-Portal-Signature"], got["body"])
    assert not verify(endpoint["secret"], got["headers"]["X-Portal-Signature"], got["body"])
    # The page shows the new secret in the answer to the button, and never again.
    login("director@test.kz", "director-pass")
    html = {"Accept": "text/html"}
    answer = client.post(path, headers=html)
    shown = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "Секрет заменён" in shown
    newest = vault.reveal(_row(endpoint["id"])["secret_sealed"])
    assert newest in shown and newest != new
    later = client.get(f"/webhooks/{endpoint['id']}/", headers=html).get_data(as_text=True)
    assert newest not in later and "Сменить секрет" in later
