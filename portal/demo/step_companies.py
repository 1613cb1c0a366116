"""Demo step 2: companies with their e-mails, phones, rubrics and types, streamed in batches.

Each batch is checked (BINs and public ids against the tables), inserted in bulk
(portal.demo.bulk) and recorded in `demo_progress` in one transaction, so an interrupted load resumes where it stopped
and a finished one is never repeated. Only a few batches are ever in memory.
"""
import time
from contextlib import contextmanager

from sqlalchemy import Connection, Table, insert, select, update

from portal.timeutil import now_utc
from portal.demo.batches import RowKeys, prepared_batches
from portal.demo.bulk import existing_values, insert_rows, reserve_keys
from portal.demo.generator import MAX_CONTACTS, DemoCompany
from portal.demo.ids import IdSequence
from portal.demo.models import DemoProgress
from portal.directory.search.links import link_terms, rubric_parents
from portal.models import Company, Email, PhoneNumber, company_rubrics, company_types

PART = "companies"
_REPORT_EVERY = 5.0  # seconds between progress lines
_SQLITE_CACHE_KB = 256 * 1024
_SQLITE_CHECKPOINT_PAGES = 16384  # 64 MB of WAL between checkpoints (SQLite's default: 1,000 pages)

_companies = Company.__table__
_emails = Email.__table__
_phones = PhoneNumber.__table__
_progress = DemoProgress.__table__


def _loaded(conn: Connection) -> int:
    """Companies already loaded (0 when the part has never run)."""
    return conn.execute(select(_progress.c.loaded).where(_progress.c.part == PART)).scalar() or 0


def _choose_bins(conn: Connection, batch: list[DemoCompany]) -> list[str]:
    """Each company's first candidate BIN that no company (in the table or earlier in the batch)
    has; later candidates continue the company's own generator, so the result is the same on
    every run."""
    first = [next(company.bins) for company in batch]
    taken = existing_values(conn, _companies.c.bin, first)
    chosen: list[str] = []
    seen: set[str] = set()
    for company, candidate in zip(batch, first):
        while candidate in seen or candidate in taken:
            candidate = next(company.bins)
            if conn.execute(select(_companies.c.id).where(_companies.c.bin == candidate)).first():
                taken.add(candidate)
        seen.add(candidate)
        chosen.append(candidate)
    return chosen


def _insert_contacts(conn: Connection, sequence: IdSequence, table: Table, column: str, items: list) -> int:
    """Insert (row number, candidate id, company key, value) items with checked public ids."""
    if not items:
        return 0
    public_ids = sequence.assign(conn, table, [n for n, _, _, _ in items], [pid for _, pid, _, _ in items])
    # The import is the rows' last change, as a sync (`updated_after`) sees it.
    written = now_utc()
    return insert_rows(conn, table, ("public_id", "company_id", column, "updated"),
                       [(pid, key, value, written) for (_, _, key, value), pid in zip(items, public_ids)])


def _insert_batch(conn: Connection, batch: list[DemoCompany], sequences: dict[str, IdSequence],
                  parents: dict[int, tuple]) -> int:
    """Insert one prepared batch and its dependants; returns the number of rows written.
    The caller holds the write lock (see `reserve_keys`). Companies carry their final link
    words, so the link tables' triggers find nothing to rewrite."""
    rows = [{**company.row, "link_terms": link_terms([parents[r] for r in company.rubrics], company.types)}
            for company in batch]
    public_ids = sequences["companies"].assign(conn, _companies, [c.index for c in batch], [r["public_id"] for r in rows])
    keys = reserve_keys(conn, _companies, len(batch))
    for row, public_id, bin_ in zip(rows, public_ids, _choose_bins(conn, batch)):
        row["public_id"] = public_id
        row["bin"] = bin_
    columns = tuple(rows[0])
    written = insert_rows(conn, _companies, columns + ("id",),
                          [tuple(row.values()) + (key,) for row, key in zip(rows, keys)])
    emails = [(c.index * MAX_CONTACTS + k, pid, key, value) for c, key in zip(batch, keys)
              for k, (pid, value) in enumerate(zip(c.email_ids, c.emails))]
    phones = [(c.index * MAX_CONTACTS + k, pid, key, value) for c, key in zip(batch, keys)
              for k, (pid, value) in enumerate(zip(c.phone_ids, c.phones))]
    written += _insert_contacts(conn, sequences["emails"], _emails, "email", emails)
    written += _insert_contacts(conn, sequences["phone_numbers"], _phones, "phone_number", phones)
    written += insert_rows(conn, company_rubrics, ("company_id", "rubric_id"),
                           [(key, r) for c, key in zip(batch, keys) for r in c.rubrics])
    written += insert_rows(conn, company_types, ("company_id", "type_id"),
                           [(key, t) for c, key in zip(batch, keys) for t in c.types])
    return written


def _record(conn: Connection, loaded: int) -> None:
    """Remember that companies 0 .. loaded-1 are in (same transaction as the batch)."""
    if conn.execute(update(_progress).where(_progress.c.part == PART).values(loaded=loaded)).rowcount == 0:
        conn.execute(insert(_progress).values(part=PART, loaded=loaded))


def _number(value: int) -> str:
    """9532 → «9 532», as Russian text groups digits."""
    return f"{value:,}".replace(",", " ")


# SQLite tables whose index statistics steer the search's plans (~1 s at a million companies).
_SQLITE_ANALYZED = ("companies", "company_rubrics", "company_types")


def _refresh_statistics(engine) -> None:
    """Planner statistics after a bulk load.

    PostgreSQL: fresh statistics (until autovacuum gets to it, the planner would guess the
    search index's selectivity from an empty table), and a vacuum, which marks the new rows
    visible to all so the first searches neither set hint bits on thousands of pages nor visit
    the heap for visibility (seconds at a million rows).
    SQLite keeps no statistics until ANALYZE and assumes any `region_id = ?` finds ten rows:
    a search within a region that holds most companies then walked all of them (0.7 s at a
    million) instead of the few the text index matched."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM (ANALYZE)")
    elif engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            for name in _SQLITE_ANALYZED:
                conn.exec_driver_sql(f"ANALYZE {name}")


# PostgreSQL's GIN indexes on companies (migrations 0002_search, 0103_search_links): a large
# load drops them and builds them once at the end (about 30 s at a million companies) instead
# of merging every row's words into them (minutes). A run that was killed in between leaves
# them missing; the next run of the loader builds them again first.
_PG_SEARCH_INDEXES = {
    "ix_companies_search_tsv": "gin (search_tsv)",
    "ix_companies_search_trgm": "gin (company_name_search gin_trgm_ops)",
}
_PG_REBUILD_FROM = 100_000


def _build_search_indexes(engine) -> None:
    """(Re)create the GIN indexes a large load dropped; nothing to do when they exist."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
        for name, method in _PG_SEARCH_INDEXES.items():
            conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} ON companies USING {method}")


@contextmanager
def _search_indexes_built_after(engine, adding: int):
    """On PostgreSQL, for a load of many companies: no GIN indexes while it runs."""
    if engine.dialect.name != "postgresql" or adding < _PG_REBUILD_FROM:
        yield
        return
    with engine.begin() as conn:
        for name in _PG_SEARCH_INDEXES:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    try:
        yield
    finally:
        _build_search_indexes(engine)


def load_companies(run) -> str:
    """Bring the directory up to `run.companies` companies."""
    _build_search_indexes(run.engine)
    with run.engine.connect() as conn:
        loaded = _loaded(conn)
    target = run.companies
    if target <= loaded:
        if target < loaded:
            return (f"Компании: загружено {_number(loaded)}, больше запрошенных {_number(target)}; "
                    "ничего не изменено (демо-данные не удаляются)")
        return f"Компании: уже загружено {_number(loaded)}, ничего не изменено"
    keys = RowKeys(localities=run.ids["localities"], districts=run.ids["districts"], rubrics=run.ids["rubrics"],
                   types=run.ids["types"], krp=run.krp_ids, region=run.region_id)
    sequences = {name: IdSequence(run.seed, name) for name in ("companies", "emails", "phone_numbers")}
    with run.engine.connect() as conn:
        parents = rubric_parents(conn)
    with _search_indexes_built_after(run.engine, target - loaded):
        _load_batches(run, loaded, target, keys, sequences, parents)
    _refresh_statistics(run.engine)
    return f"Компании: добавлено {_number(target - loaded)}, всего {_number(target)}"


def _load_batches(run, loaded: int, target: int, keys: RowKeys, sequences: dict[str, IdSequence], parents: dict) -> None:
    """Insert the companies loaded .. target-1, batch by batch, reporting progress."""
    started = last_report = time.perf_counter()
    rows = 0
    for end, batch in prepared_batches(run.seed, loaded, target, run.batch_size, keys):
        with run.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Each batch records its own progress, so a lost commit after a crash is just
                # a batch to load again: no need to wait for the WAL flush.
                conn.exec_driver_sql("SET LOCAL synchronous_commit = off")
            else:
                # Random public ids and BINs touch index pages all over the file: a page cache
                # bigger than SQLite's 2 MB default keeps them in memory, and rarer WAL
                # checkpoints copy each hot page once instead of again and again (this
                # connection only; the checkpoint still happens, just less often).
                conn.exec_driver_sql(f"PRAGMA cache_size = -{_SQLITE_CACHE_KB}")
                conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint = {_SQLITE_CHECKPOINT_PAGES}")
            _record(conn, end)  # first: on SQLite this takes the write lock the batch needs
            rows += _insert_batch(conn, batch, sequences, parents)
        now = time.perf_counter()
        if now - last_report >= _REPORT_EVERY or end == target:
            last_report = now
            rate = rows / max(now - started, 1e-9)
            run.report(f"  компании: {_number(end)} из {_number(target)} ({100 * end // target}%), "
                       f"{_number(int(rate))} строк/с")
