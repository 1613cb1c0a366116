"""Fixtures: a migrated database (SQLite by default, PostgreSQL when DATABASE_URL says so),
an app per test, clients, and logged-in users."""
import os
import tempfile

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from portal import create_app
from portal.extensions import db
from tests import factories

_TMP = tempfile.mkdtemp(prefix="portal-tests-")
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{_TMP}/test.db"
IS_POSTGRES = DATABASE_URL.startswith("postgres")
# Under pytest-xdist every worker process empties tables between its tests, so each needs a
# database of its own: SQLite gets one from the per-process temporary directory, PostgreSQL a
# `<name>_<worker>` database beside the one DATABASE_URL names (created here, dropped by the
# session's end). Worker processes started by tests inherit it through the environment.
_XDIST = os.environ.get("PYTEST_XDIST_WORKER")
if IS_POSTGRES and _XDIST and not os.environ.get("PORTAL_TEST_DB_OWNED"):
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from portal.config import normalise_database_url

    _base = make_url(normalise_database_url(DATABASE_URL))
    _name = f"{_base.database}_{_XDIST}"
    _server = create_engine(_base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with _server.connect() as _conn:
        _conn.execute(text(f'DROP DATABASE IF EXISTS "{_name}" WITH (FORCE)'))
        _conn.execute(text(f'CREATE DATABASE "{_name}"'))
    _server.dispose()
    DATABASE_URL = _base.set(database=_name).render_as_string(hide_password=False).replace("+psycopg", "", 1)
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ["PORTAL_TEST_DB_OWNED"] = "1"


def make_config(**overrides) -> dict:
    """Test settings; a test may override any of them."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": DATABASE_URL,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "SERVER_NAME": None,
        # Unit tests run each task inside `enqueue`; tests/test_tasks_*.py start real workers.
        "TASKS_IMMEDIATE": True,
        "TASKS_RETRY_DELAY": 0,
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def migrated_database():
    """Build the schema once per run from the migration files, exactly as `flask db upgrade` does."""
    app = create_app(make_config())
    with app.app_context():
        if IS_POSTGRES:
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
        upgrade(revision="heads")
        db.engine.dispose()
    return DATABASE_URL


def _empty_all_tables() -> None:
    """Remove every row so each test starts from an empty, migrated database."""
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if IS_POSTGRES:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))


@pytest.fixture
def app_config():
    """Override in a test module to change settings."""
    return {}


@pytest.fixture
def app(migrated_database, app_config):
    """A fresh application on the migrated database, emptied after the test."""
    application = create_app(make_config(**app_config))
    with application.app_context():
        yield application
        db.session.remove()
        _empty_all_tables()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def company(app):
    """A company of the directory with a director account."""
    return factories.make_company()


@pytest.fixture
def director(app, company):
    return factories.make_user("director@test.kz", "director-pass", company=company, role="Директор")


@pytest.fixture
def worker(app, company):
    return factories.make_user("worker@test.kz", "worker-pass", company=company, role="Работник")


@pytest.fixture
def other_director(app):
    """Director of a second company: the other side of every tenant wall."""
    other = factories.make_company(name='ТОО "ДРУГАЯ КОМПАНИЯ"')
    return factories.make_user("other@test.kz", "other-pass", company=other, role="Директор")


@pytest.fixture
def login(client):
    """Log the test client in through the real form."""

    def do_login(email: str, password: str):
        response = client.post("/auth/login/", data={"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return do_login


@pytest.fixture
def token_headers(client):
    """`Authorization: Token <key>` headers for a user, issued through the real endpoint."""

    def issue(email: str, password: str) -> dict:
        response = client.post("/auth/token/", json={"email": email, "password": password})
        assert response.status_code == 200, response.get_data(as_text=True)
        return {"Authorization": f"Token {response.get_json()['token']}", "Accept": "application/json"}

    return issue
