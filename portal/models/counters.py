"""Exact row counts of the large directory tables, and narrow indexes for deep pages.

`COUNT(*)` over a million companies costs tens of milliseconds on PostgreSQL for every
unfiltered list page. There, triggers written in the migration `0002_clients_api` add and
subtract inserted and deleted rows in `row_counts` inside the writing transaction, so the
stored number is exact and reading it is one primary-key lookup. SQLite counts through its
narrowest index in a couple of milliseconds and keeps no counter row (Alembic's batch mode
would drop SQLite triggers whenever it rebuilds a table).

The table has its own MetaData: the database maintains it, not the ORM, and the test fixtures
that empty every model table must not wipe the counters the triggers keep.
"""
from sqlalchemy import BigInteger, Column, Index, MetaData, String, Table, func, select
from sqlalchemy.orm import Session

from portal.models.directory import Company, Email, PhoneNumber

# Tables whose count PostgreSQL's triggers maintain.
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
    """Whether this model's row count is kept (or cheap enough) to skip a filtered COUNT."""
    return model in COUNTED_MODELS


def table_stats(session: Session, model) -> tuple[int, int | None, int | None]:
    """The exact row count with the lowest and highest id, read in one statement (one snapshot).

    The stored count is used where triggers keep one; otherwise (SQLite, or a database built
    without the migration's triggers) the table is counted in the same statement.
    """
    stored = select(row_counts.c.row_count).where(
        row_counts.c.table_name == model.__tablename__
    ).scalar_subquery()
    counted = select(func.count()).select_from(model).scalar_subquery()
    # Separate scalar subqueries: SQLite answers min() and max() from an index only when
    # each stands alone in its SELECT.
    lowest = select(func.min(model.id)).scalar_subquery()
    highest = select(func.max(model.id)).scalar_subquery()
    count, low, high = session.execute(select(func.coalesce(stored, counted), lowest, highest)).one()
    return int(count), low, high

