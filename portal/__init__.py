"""The B2B portal: an application factory with no side effects beyond reading configuration."""
import os

from flask import Flask

from portal.config import load_config


def create_app(test_config: dict | None = None) -> Flask:
    """Build the portal application."""
    app = Flask(__name__, instance_relative_config=True)
    load_config(app, test_config)
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    register_extensions(app)
    register_web(app)
    register_blueprints(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the unbound extensions to this app."""
    from portal import db_setup  # noqa: F401  (installs the per-connection pragmas)
    from portal import models  # noqa: F401  (every table known to the metadata)
    from portal.chores import reminder_events  # noqa: F401  (a reminder's e-mail sent tells reminder.sent)
    from portal.extensions import csrf, db, limiter, login_manager, migrate
    from portal.sessions import limit_storage  # noqa: F401  (registers the sqlite:// limit storage)
    from portal.smart_docs import tombstones  # noqa: F401  (every smart-doc delete leaves a tombstone)
    from portal.webhooks import service  # noqa: F401  (deliveries are enqueued after their commit)

    db.init_app(app)
    migrations = os.path.join(os.path.dirname(app.root_path), "migrations")
    migrate.init_app(app, db, directory=migrations, render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)

    from portal.tasks.queue import configure

    configure(app)


def register_web(app: Flask) -> None:
    """Errors, security headers, authentication, the temporary-password guard and template helpers."""
    from portal.web.api_limits import register_api_limits
    from portal.web.auth import register_auth
    from portal.web.conditional import register_conditional
    from portal.web.errors import register_error_handlers
    from portal.web.public_fast_path import register_public_fast_path
    from portal.web.idempotency import register_idempotency
    from portal.web.password_guard import register_password_guard
    from portal.web.input_check import register_input_check
    from portal.web.security import register_security
    from portal.web.templating import register_templating

    register_public_fast_path(app)
    register_error_handlers(app)
    register_security(app)
    register_input_check(app)
    register_auth(app)
    # After register_auth: the guard asks who is calling, which its hooks resolve afresh.
    register_password_guard(app)
    # Limits before idempotency: a replayed answer still counts as a request.
    register_api_limits(app)
    register_idempotency(app)
    register_templating(app)
    register_conditional(app)


def register_blueprints(app: Flask) -> None:
    """Mount every area of the portal."""
    from portal.blueprints import BLUEPRINTS
    from portal.blueprints.alias import add_smart_docs_alias

    for blueprint in BLUEPRINTS():
        app.register_blueprint(blueprint)
    add_smart_docs_alias(app)


def register_commands(app: Flask) -> None:
    """Add the `flask` sub-commands."""
    from portal.cli import COMMANDS

    for command in COMMANDS():
        app.cli.add_command(command)
