"""Bulk INSERTs for the demo loader, a few thousand rows per call.

SQLAlchemy's executemany builds and processes a parameter dict per row in Python; at a million
companies (about six million rows) that costs more than the database's own work. Here the INSERT
is the Core `insert()` compiled once per table and column list, the values are converted by the
columns' own bind processors (so SQLite stores datetimes exactly as the ORM does), and the rows
go to the DBAPI directly. They are still plain SQL INSERTs, so every trigger fires (the search
index, the row counts).

- SQLite: `executemany` of one prepared statement, the fastest way into SQLite.
- PostgreSQL: multi-row VALUES pages through a psycopg raw cursor, so statement-level triggers
  run once per page and the rows travel in few round trips.
"""
from functools import lru_cache

import psycopg
from sqlalchemy import Column, Connection, String, Table, any_, bindparam, insert, select, text
from sqlalchemy.dialects.postgresql import ARRAY

_PG_MAX_PARAMETERS = 32000  # PostgreSQL allows 65,535 parameters per statement


@lru_cache(maxsize=64)
def _plan(table: Table, columns: tuple[str, ...], dialect_name: str, dialect) -> tuple[str, list[int] | None, list]:
    """The compiled INSERT, the positions of `columns` in its parameter order (None when they
    already match), and each parameter's value converter (None where the driver needs none)."""
    if dialect_name == "sqlite":
        compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
        order = list(compiled.positiontup)
        sql = compiled.string
    else:
        order = list(columns)
        names = ", ".join(dialect.identifier_preparer.quote(name) for name in order)
        sql = f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ({names}) VALUES "
    positions = [columns.index(name) for name in order]
    processors = [table.c[name].type.bind_processor(dialect) for name in order]
    return sql, (None if positions == list(range(len(columns))) else positions), processors


def insert_rows(conn: Connection, table: Table, columns: tuple[str, ...], rows: list[tuple]) -> int:
    """Insert `rows` (tuples in `columns` order) within the connection's transaction."""
    if not rows:
        return 0
    dialect = conn.dialect
    sql, positions, processors = _plan(table, columns, dialect.name, dialect)
    if positions is not None:
        rows = [tuple(row[k] for k in positions) for row in rows]
    if any(processors):
        rows = [tuple(p(v) if p else v for p, v in zip(processors, row)) for row in rows]
    if dialect.name == "sqlite":
        cursor = conn.connection.cursor()
        try:
            cursor.executemany(sql, rows)
        finally:
            cursor.close()
        return len(rows)
    # psycopg re-parses every «%s» of a long query in Python (it caches short queries only);
    # a raw cursor takes PostgreSQL's own $n placeholders as they are.
    width = len(columns)
    page = max(1, min(1000, _PG_MAX_PARAMETERS // width))
    with psycopg.RawCursor(conn.connection.driver_connection) as cursor:
        for start in range(0, len(rows), page):
            chunk = rows[start:start + page]
            cursor.execute(sql + _pg_values(width, len(chunk)), [v for row in chunk for v in row])
    return len(rows)


@lru_cache(maxsize=32)
def _pg_values(width: int, count: int) -> str:
    """«($1, $2), ($3, $4)» for `count` rows of `width` values."""
    return ", ".join(
        "(" + ", ".join(f"${row * width + k + 1}" for k in range(width)) + ")" for row in range(count)
    )


def reserve_keys(conn: Connection, table: Table, count: int) -> list[int]:
    """`count` unused integer keys for `table`, so rows can be inserted with their keys known.

    PostgreSQL: values of the key's own sequence (safe with concurrent writers). SQLite: the
    keys after the largest one; the caller must already hold the write lock (the loader writes
    its progress row first), so no other writer can take them meanwhile.
    """
    if conn.dialect.name == "postgresql":
        result = conn.execute(
            text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)"),
            {"table": table.name, "count": count},
        )
        return [value for (value,) in result]
    largest = conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {table.name}")).scalar()
    return list(range(largest + 1, largest + 1 + count))


_IN_CHUNK = 5000


def existing_values(conn: Connection, column: Column, values: list[str]) -> set[str]:
    """Which of `values` the column already holds (looked up on its unique index).

    PostgreSQL gets one array parameter (`= ANY(...)`) instead of thousands of placeholders,
    which psycopg would parse in Python; SQLite an expanding IN list in chunks.
    """
    found: set[str] = set()
    if not values:
        return found
    if conn.dialect.name == "postgresql":
        query = select(column).where(column == any_(bindparam("values", type_=ARRAY(String))))
        found.update(conn.execute(query, {"values": list(values)}).scalars())
        return found
    query = select(column).where(column.in_(bindparam("values", expanding=True)))
    for start in range(0, len(values), _IN_CHUNK):
        found.update(conn.execute(query, {"values": values[start:start + _IN_CHUNK]}).scalars())
    return found
