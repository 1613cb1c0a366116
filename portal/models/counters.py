"""Exact row counts of the large directory tables, and narrow indexes for deep pages.

`COUNT(*)` over a million companies costs milliseconds on SQLite and tens of milliseconds on
PostgreSQL for every unfiltered list page. Triggers written in the migration
`0002_clients_api` add and subtract inserted and deleted rows in `row_counts` inside the
writing transaction, so the stored number is exact and reading it is one primary-key lookup.

The table has its own MetaData: the database maintains it, not the ORM, and the test fixtures
that empty every model table must not wipe the counters the triggers keep.
"""
from functools import cache

from sqlalchemy import BigInteger, Column, Index, MetaData, String, Table, case, func, select, text
from sqlalchemy.orm import Session

from portal.models.directory import Company, Email, PhoneNumber

# Tables whose count the triggers maintain.
COUNTED_MODELS = (Company, Email, PhoneNumber)

row_counts = Table(
    "row_counts",
    MetaData(),
    Column("table_name", String(63), primary_key=True),
    Column("row_count", BigInteger, nullable=False),
)

# SQLite stores each row inside its rowid b-tree, so OFFSET over the table steps through the
# wide rows themselves; an index in id order lets a deep page skip entries of a few bytes.
# PostgreSQL's primary-key index already is such an index.
for _model in COUNTED_MODELS:
    Index(f"ix_{_model.__tablename__}_id", _model.__table__.c.id).ddl_if(dialect="sqlite")


def is_counted(model) -> bool:
    """Whether this model's row count is kept by triggers."""
    return model in COUNTED_MODELS


def _stored_count(model, dialect: str):
    """The kept count as a scalar subquery, NULL when it cannot be trusted.

    Alembic's batch mode rebuilds a SQLite table without its triggers; the count is then
    trusted only while both triggers of the table exist (sqlite_master is a small table).
    """
    name = model.__tablename__
    stored = select(row_counts.c.row_count).where(row_counts.c.table_name == name).scalar_subquery()
    if dialect != "sqlite":
        return stored
    triggers = select(func.count()).select_from(text("sqlite_master")).where(
        text("type = 'trigger'"),
        text("name IN (:insert_trigger, :delete_trigger)").bindparams(
            insert_trigger=f"trg_{name}_count_insert", delete_trigger=f"trg_{name}_count_delete"),
    ).scalar_subquery()
    return case((triggers == 2, stored), else_=None)


@cache
def _stats_statement(model, dialect: str):
    """The statement of `table_stats`, built once per table and database kind."""
    counted = select(func.count()).select_from(model).scalar_subquery()
    # Separate scalar subqueries: SQLite answers min() and max() from an index only when
    # each stands alone in its SELECT.
    lowest = select(func.min(model.id)).scalar_subquery()
    highest = select(func.max(model.id)).scalar_subquery()
    return select(func.coalesce(_stored_count(model, dialect), counted), lowest, highest)


def table_stats(session: Session, model) -> tuple[int, int | None, int | None]:
    """The exact row count with the lowest and highest id, read in one statement (one snapshot).

    Where no trustworthy stored count exists (a database built without the migration's
    triggers, or a SQLite table rebuilt since), the table is counted in the same statement.
    """
    statement = _stats_statement(model, session.get_bind().dialect.name)
    count, low, high = session.execute(statement).one()
    return int(count), low, high
