import logging
from logging.config import fileConfig

from flask import current_app

from alembic import context

# this is the Alembic Config object, which provides
# access to the values within the .ini file in use.
config = context.config

# Interpret the config file for Python logging.
# This line sets up loggers basically.
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger('alembic.env')


def get_engine():
    try:
        # this works with Flask-SQLAlchemy<3 and Alchemical
        return current_app.extensions['migrate'].db.engine
    except (TypeError, AttributeError):
        # this works with Flask-SQLAlchemy>=3
        return current_app.extensions['migrate'].db.engine


def get_engine_url():
    try:
        return get_engine().url.render_as_string(hide_password=False).replace(
            '%', '%%')
    except AttributeError:
        return str(get_engine().url).replace('%', '%%')


# add your model's MetaData object here
# for 'autogenerate' support
# from myapp import mymodel
# target_metadata = mymodel.Base.metadata
config.set_main_option('sqlalchemy.url', get_engine_url())
target_db = current_app.extensions['migrate'].db

# other values from the config, defined by the needs of env.py,
# can be acquired:
# my_important_option = config.get_main_option("my_important_option")
# ... etc.


def get_metadata():
    if hasattr(target_db, 'metadatas'):
        return target_db.metadatas[None]
    return target_db.metadata


# Schema that migrations create by hand and the models do not describe: the SQLite FTS5 table
# (and its shadow tables), the PostgreSQL generated search column, the triggers' count tables, the
# search vocabulary (search_words and its FTS5 trigram table).
# Autogenerate must not propose dropping them.
UNMODELLED_TABLES = ("companies_fts", "row_counts", "link_word_counts", "search_words")
UNMODELLED_COLUMNS = {("companies", "search_tsv")}
UNMODELLED_INDEXES = {"ix_companies_search_tsv", "ix_companies_search_trgm", "ix_companies_legal_form"}
# Declared in portal/models/counters.py, created by 0002_clients_api on SQLite only (PostgreSQL's
# primary-key index already serves deep pages).
SQLITE_ONLY_INDEXES = {"ix_companies_id", "ix_emails_id", "ix_phone_numbers_id"}


def include_object(obj, name, type_, reflected, compare_to):
    """Leave the hand-made search and counting schema out of autogenerate's comparison."""
    if type_ == "table" and name and name.startswith(UNMODELLED_TABLES):
        return False
    if type_ == "column" and (obj.table.name, name) in UNMODELLED_COLUMNS:
        return False
    if type_ == "index" and name in UNMODELLED_INDEXES:
        return False
    if type_ == "index" and name in SQLITE_ONLY_INDEXES and context.get_context().dialect.name != "sqlite":
        return False
    return True


def run_migrations_offline():
    """Run migrations in 'offline' mode.

    This configures the context with just a URL
    and not an Engine, though an Engine is acceptable
    here as well.  By skipping the Engine creation
    we don't even need a DBAPI to be available.

    Calls to context.execute() here emit the given string to the
    script output.

    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url, target_metadata=get_metadata(), literal_binds=True, include_object=include_object
    )

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run migrations in 'online' mode.

    In this scenario we need to create an Engine
    and associate a connection with the context.

    """

    # this callback is used to prevent an auto-migration from being generated
    # when there are no changes to the schema
    # reference: http://alembic.zzzcomputing.com/en/latest/cookbook.html
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, 'autogenerate', False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info('No changes in schema detected.')

    conf_args = current_app.extensions['migrate'].configure_args
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives
    conf_args.setdefault("include_object", include_object)

    connectable = get_engine()

    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=get_metadata(),
            **conf_args
        )

        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
