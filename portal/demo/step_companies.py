"""Demo step 2: companies with their e-mails, phones, rubrics and types, streamed in batches.

Each batch is generated, checked (BINs and public ids against the table), inserted with
executemany and recorded in `demo_progress` in one transaction, so an interrupted load resumes
where it stopped and a finished one is never repeated. Only one batch is ever in memory.
"""
import time

from sqlalchemy import Connection, insert, select, update

from portal.demo.generator import MAX_CONTACTS, DemoCompany, generate
from portal.demo.ids import IdSequence
from portal.demo.models import DemoProgress
from portal.models import Company, Email, PhoneNumber, company_rubrics, company_types

PART = "companies"
_REPORT_EVERY = 5.0  # seconds between progress lines

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
    statement = insert(_companies).returning(_companies.c.id, sort_by_parameter_order=True)
    ids = [row.id for row in conn.execute(statement, rows)]

    email_numbers = [(c.index * MAX_CONTACTS + k, cid, value) for c, cid in zip(batch, ids) for k, value in enumerate(c.emails)]
    phone_numbers = [(c.index * MAX_CONTACTS + k, cid, value) for c, cid in zip(batch, ids) for k, value in enumerate(c.phones)]
    written = len(rows)
    for table, column, items in ((_emails, "email", email_numbers), (_phones, "phone_number", phone_numbers)):
        if items:
            pids = sequences[table.name].assign(conn, table, [n for n, _, _ in items])
            conn.execute(insert(table), [{"public_id": pid, "company_id": cid, column: value}
                                         for (_, cid, value), pid in zip(items, pids)])
            written += len(items)
    rubric_links = [{"company_id": cid, "rubric_id": run.ids["rubrics"][r]} for c, cid in zip(batch, ids) for r in c.rubrics]
    type_links = [{"company_id": cid, "type_id": run.ids["types"][t]} for c, cid in zip(batch, ids) for t in c.types]
    conn.execute(insert(company_rubrics), rubric_links)
    conn.execute(insert(company_types), type_links)
    return written + len(rubric_links) + len(type_links)


def _record(conn: Connection, loaded: int) -> None:
    """Remember that companies 0 .. loaded-1 are in (same transaction as the batch)."""
    if conn.execute(update(_progress).where(_progress.c.part == PART).values(loaded=loaded)).rowcount == 0:
        conn.execute(insert(_progress).values(part=PART, loaded=loaded))


def _number(value: int) -> str:
    """9532 → «9 532», as Russian text groups digits."""
    return f"{value:,}".replace(",", " ")


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
    for start in range(loaded, target, run.batch_size):
        end = min(start + run.batch_size, target)
        batch = [generate(run.seed, index) for index in range(start, end)]
        with run.engine.begin() as conn:
            rows += _insert_batch(conn, run, batch, sequences)
            _record(conn, end)
        now = time.perf_counter()
        if now - last_report >= _REPORT_EVERY or end == target:
            last_report = now
            rate = rows / max(now - started, 1e-9)
            run.report(f"  компании: {_number(end)} из {_number(target)} ({100 * end // target}%), "
                       f"{_number(int(rate))} строк/с")
    return f"Компании: добавлено {_number(target - loaded)}, всего {_number(target)}"
