"""Benchmark of the ledger's exports and bank statement import (#19).

Usage:  .venv/bin/python bench/ledger_import.py [--invoices 10000] [--lines 1000] [--rows 10000] [--runs 5]
The database is a fresh SQLite file under /tmp/ledger_import/ (or DATABASE_URL, e.g. a scratch
PostgreSQL database: it is emptied). Invoices are bulk-inserted (issued documents and their
ledger rows in a few INSERTs, no PDFs). Prints, per step, the median and the worst of the runs:
- match 1,000 lines: the whole import of a 1,000-operation 1C statement (parse, skip the lines
  seen before, load the open invoices, propose matches, insert the lines, commit) — target 2 s;
  each run imports a new statement (other document numbers), so nothing is skipped;
- export 10,000 rows to XLSX: the registry's query with its filters and the workbook — target 3 s.
"""
import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.ledger.export import registry_rows, registry_table, to_xlsx  # noqa: E402
from portal.ledger.filters import read_filters  # noqa: E402
from portal.ledger.statements.importing import import_statement  # noqa: E402
from portal.models import Company  # noqa: E402
from portal.models.issued import IssuedDocument  # noqa: E402
from portal.models.ledger import LedgerInvoice  # noqa: E402
from tests.factories import make_bin  # noqa: E402

WORKDIR = Path("/tmp/ledger_import")
TARGETS = {"match 1000 lines": 2.0, "export 10000 xlsx": 3.0}
ACCOUNT = "KZ417812870193980012"


def make_app():
    WORKDIR.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{WORKDIR}/bench.db"
    if url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(url[len("sqlite:///"):] + suffix).unlink(missing_ok=True)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "SERVER_NAME": "localhost"})
    with app.app_context():
        if url.startswith("postgres"):
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
        upgrade(directory=str(Path(__file__).resolve().parents[1] / "migrations"), revision="heads")
    return app


def seed(invoices: int) -> tuple[int, list[tuple[str, str, Decimal]]]:
    """The company, 500 counterparties and `invoices` issued invoices with their ledger rows."""
    seller = Company(bin=make_bin(99000), company_name='ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"', address="Алматы")
    db.session.add(seller)
    db.session.flush()
    bins = [make_bin(95000 + i) for i in range(500)]
    rng = random.Random(19)
    docs, ledger, known = [], [], []
    start = date(2026, 1, 1)
    for seq in range(1, invoices + 1):
        amount = Decimal(rng.randint(1000, 5_000_000)) / 100
        buyer = bins[seq % len(bins)]
        number = f"2026-{seq:06d}"
        day = start + timedelta(days=seq % 330)
        docs.append(dict(id=seq, public_id=f"{seq:08x}", doc_id=f"B{seq:012d}", type="ip", form="pu",
                         content_id=f"{seq:08x}", year=2026, seq=seq, number=number, title="Счёт на оплату",
                         doc_date=day, total_sum=amount, nds_percent=Decimal("16.00"), nds_sum=Decimal("0.00"),
                         company_sender_id=seller.id, sender_name=seller.company_name, sender_bin=seller.bin,
                         recipient_name=f'ТОО "ПОКУПАТЕЛЬ {seq % 500}"', recipient_bin=buyer, email_recipients=[],
                         verify_url="https://portal.example.kz/v", sha256="0" * 64, size=1))
        ledger.append(dict(document_id=seq, company_id=seller.id, counterparty_bin=buyer,
                           counterparty_name=f'ТОО "ПОКУПАТЕЛЬ {seq % 500}"', number=number, amount=amount,
                           paid=Decimal("0.00"), doc_date=day, annul_reason=""))
        known.append((number, buyer, amount))
    for chunk in range(0, len(docs), 2000):
        db.session.execute(insert(IssuedDocument.__table__), docs[chunk:chunk + 2000])
        db.session.execute(insert(LedgerInvoice.__table__), ledger[chunk:chunk + 2000])
    db.session.commit()
    return seller.id, known


def statement(known, lines: int, run: int) -> bytes:
    """A 1C statement: 60% name the invoice, 25% only pay from the right BIN, 15% are strangers."""
    rng = random.Random(run)
    out = ["1CClientBankExchange", "ВерсияФормата=1.01", "Кодировка=Windows", f"РасчСчет={ACCOUNT}"]
    for i in range(lines):
        number, buyer, amount = rng.choice(known)
        kind = rng.random()
        purpose = (f"Оплата по счету на оплату № {number}" if kind < .6 else
                   "Оплата за товар" if kind < .85 else "Возврат займа")
        payer = buyer if kind < .85 else make_bin(90000 + i % 900)
        out += ["СекцияДокумент=выписка", f"НомерДокумента={run}{i:05d}", "ДатаДокумента=01.12.2026",
                f"ПлательщикНаименование=ТОО \"ПЛАТЕЛЬЩИК {i}\"", f"ПлательщикБИН_ИИН={payer}",
                "ПлательщикИИК=KZ86722S000001234567", f"ПолучательИИК={ACCOUNT}", f"СуммаПриход={amount:.2f}",
                "ДатаОперации=01.12.2026", f"НазначениеПлатежа={purpose}", "КодНазначенияПлатежа=710",
                "КонецДокумента"]
    out.append("КонецФайла")
    return "\r\n".join(out).encode("cp1251")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=10000)
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = make_app()
    with app.app_context(), app.test_request_context():
        started = time.perf_counter()
        company_id, known = seed(args.invoices)
        print(f"seeded {args.invoices} invoices in {time.perf_counter() - started:.1f} s "
              f"({db.engine.dialect.name})")
        timings: dict[str, list[float]] = {"match 1000 lines": [], "export 10000 xlsx": []}
        matched = 0
        for run in range(1, args.runs + 1):
            data = statement(known, args.lines, run)
            started = time.perf_counter()
            result = import_statement(company_id, None, f"bench{run}.txt", data)
            timings["match 1000 lines"].append(time.perf_counter() - started)
            assert result.lines_new == args.lines, result.lines_new
            matched = sum(1 for ln in result.statement.lines if ln.proposed_document_id)
            db.session.expire_all()
            started = time.perf_counter()
            rows = registry_rows(company_id, read_filters({"kind": "issued", "sort": "date"}))[: args.rows]
            body = to_xlsx(registry_table(rows))
            timings["export 10000 xlsx"].append(time.perf_counter() - started)
            assert len(rows) == min(args.rows, args.invoices) and body[:2] == b"PK"
        print(f"{'step':<20} {'median s':>9} {'max s':>7} {'target':>7}")
        for name, values in timings.items():
            target = TARGETS[name]
            verdict = "ok" if max(values) <= target else "SLOW"
            print(f"{name:<20} {statistics.median(values):>9.3f} {max(values):>7.3f} {target:>7.1f}  {verdict}")
        print(f"last statement: {matched} of {args.lines} lines got a proposal")


if __name__ == "__main__":
    main()
