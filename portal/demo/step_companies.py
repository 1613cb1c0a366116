"""Demo step 2: companies with their e-mails, phones, rubrics and types, streamed in batches.

Each batch is generated, checked (BINs and public ids against the table), inserted with
executemany and recorded in `demo_progress` in one transaction, so an interrupted load resumes
where it stopped and a finished one is never repeated. Only one batch is ever in memory.
"""
import multiprocessing
import os
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Iterator

from sqlalchemy import Connection, Table, bindparam, insert, select, update

from portal.demo.generator import MAX_CONTACTS, DemoCompany, generate_batch
from portal.demo.ids import IdSequence
from portal.demo.models import DemoProgress
from portal.models import Company, Email, PhoneNumber, company_rubrics, company_types

PART = "companies"
_REPORT_EVERY = 5.0  # seconds between progress lines
_WORKERS = max(1, min(2, (os.cpu_count() or 2) - 1))  # generator processes beside this one

_companies = Company.__table__
_emails = Email.__table__
_phones = PhoneNumber.__table__
_progress = DemoProgress.__table__


def _multi_row(table: Table):
    """An INSERT that SQLAlchemy sends as multi-row VALUES pages («insertmanyvalues»), which it
    only does for statements with RETURNING: PostgreSQL then runs statement-level triggers (the
    row counts of the Clients API) once per page instead of once per row, and the rows travel
    in far fewer round trips. The returned keys are not needed."""
    return insert(table).returning(table.c[table.primary_key.columns.keys()[0]])


def _insert_companies(conn: Connection, rows: list[dict]) -> list[int]:
    """Insert company rows and return their integer keys in row order.

    Measured on this wide table: psycopg's pipelined executemany followed by one SELECT of the
    keys is about three times faster on PostgreSQL than a multi-row INSERT ... RETURNING,
    while on SQLite the multi-row RETURNING is the faster of the two.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(insert(_companies), rows)
        keys = conn.execute(
            select(_companies.c.public_id, _companies.c.id)
            .where(_companies.c.public_id.in_(bindparam("ids", expanding=True))),
            {"ids": [row["public_id"] for row in rows]},
        )
    else:
        keys = conn.execute(insert(_companies).returning(_companies.c.public_id, _companies.c.id), rows)
    by_public_id = {public_id: key for public_id, key in keys}
    return [by_public_id[row["public_id"]] for row in rows]


def _loaded(conn: Connection) -> int:
    """Companies already loaded (0 when the part has never run)."""
    return conn.execute(select(_progress.c.loaded).where(_progress.c.part == PART)).scalar() or 0


def _choose_bins(conn: Connection, batch: list[DemoCompany]) -> list[str]:
    """Each company's first candidate BIN that no company (in the table or earlier in the batch)
    has; later candidates continue the company's own generator, so the result is the same on
    every run."""
    first = [next(company.bins) for company in batch]
    taken = set(conn.execute(select(_companies.c.bin).where(_companies.c.bin.in_(first))).scalars())
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


def _insert_batch(conn: Connection, run, batch: list[DemoCompany], sequences: dict[str, IdSequence]) -> int:
    """Insert one batch and its dependants; returns the number of rows written."""
    bins = _choose_bins(conn, batch)
    public_ids = sequences["companies"].assign(conn, _companies, [c.index for c in batch])
    districts = run.ids["districts"]
    rows = [
        dict(company.row, public_id=public_id, bin=bin_, krp_id=run.krp_ids[company.krp_code],
             region_id=run.region_id, locality_id=run.ids["localities"][company.locality],
             district_id=districts[company.district] if company.district is not None else None)
        for company, public_id, bin_ in zip(batch, public_ids, bins)
    ]
    ids = _insert_companies(conn, rows)

    email_numbers = [(c.index * MAX_CONTACTS + k, cid, value) for c, cid in zip(batch, ids) for k, value in enumerate(c.emails)]
    phone_numbers = [(c.index * MAX_CONTACTS + k, cid, value) for c, cid in zip(batch, ids) for k, value in enumerate(c.phones)]
    written = len(rows)
    for table, column, items in ((_emails, "email", email_numbers), (_phones, "phone_number", phone_numbers)):
        if items:
            pids = sequences[table.name].assign(conn, table, [n for n, _, _ in items])
            conn.execute(_multi_row(table), [{"public_id": pid, "company_id": cid, column: value}
                                             for (_, cid, value), pid in zip(items, pids)])
            written += len(items)
    rubric_links = [{"company_id": cid, "rubric_id": run.ids["rubrics"][r]} for c, cid in zip(batch, ids) for r in c.rubrics]
    type_links = [{"company_id": cid, "type_id": run.ids["types"][t]} for c, cid in zip(batch, ids) for t in c.types]
    conn.execute(_multi_row(company_rubrics), rubric_links)
    conn.execute(_multi_row(company_types), type_links)
    return written + len(rubric_links) + len(type_links)


def _record(conn: Connection, loaded: int) -> None:
    """Remember that companies 0 .. loaded-1 are in (same transaction as the batch)."""
    if conn.execute(update(_progress).where(_progress.c.part == PART).values(loaded=loaded)).rowcount == 0:
        conn.execute(insert(_progress).values(part=PART, loaded=loaded))


def _number(value: int) -> str:
    """9532 → «9 532», as Russian text groups digits."""
    return f"{value:,}".replace(",", " ")


def _generated_batches(seed: str, start: int, target: int, size: int) -> Iterator[tuple[int, list[DemoCompany]]]:
    """(end, companies) for each batch, in order. With several batches, a worker process
    generates the next batches while this one writes: generation and inserts each take about
    half the time, and the machine has two cores. Only a few batches exist at once."""
    ranges = [(low, min(low + size, target)) for low in range(start, target, size)]
    if len(ranges) < 3:
        for low, high in ranges:
            yield high, generate_batch(seed, low, high)
        return
    with ProcessPoolExecutor(max_workers=_WORKERS, mp_context=multiprocessing.get_context("fork")) as pool:
        pending: deque = deque()
        upcoming = iter(ranges)
        for low, high in islice(upcoming, _WORKERS + 1):
            pending.append((high, pool.submit(generate_batch, seed, low, high)))
        while pending:
            high, future = pending.popleft()
            following = next(upcoming, None)
            if following:
                pending.append((following[1], pool.submit(generate_batch, seed, *following)))
            yield high, future.result()


def load_companies(run) -> str:
    """Bring the directory up to `run.companies` companies."""
    with run.engine.connect() as conn:
        loaded = _loaded(conn)
    target = run.companies
    if target <= loaded:
        if target < loaded:
            return (f"Компании: загружено {_number(loaded)}, больше запрошенных {_number(target)}; "
                    "ничего не изменено (демо-данные не удаляются)")
        return f"Компании: уже загружено {_number(loaded)}, ничего не изменено"
    sequences = {name: IdSequence(run.seed, name) for name in ("companies", "emails", "phone_numbers")}
    started = last_report = time.perf_counter()
    rows = 0
    for end, batch in _generated_batches(run.seed, loaded, target, run.batch_size):
        with run.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Each batch records its own progress, so a lost commit after a crash is just
                # a batch to load again: no need to wait for the WAL flush.
                conn.exec_driver_sql("SET LOCAL synchronous_commit = off")
            rows += _insert_batch(conn, run, batch, sequences)
            _record(conn, end)
        now = time.perf_counter()
        if now - last_report >= _REPORT_EVERY or end == target:
            last_report = now
            rate = rows / max(now - started, 1e-9)
            run.report(f"  компании: {_number(end)} из {_number(target)} ({100 * end // target}%), "
                       f"{_number(int(rate))} строк/с")
    return f"Компании: добавлено {_number(target - loaded)}, всего {_number(target)}"
