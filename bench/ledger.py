"""Ledger speed: the registry's first page under each single filter, and the receivables page,
with 100,000 issued documents and 150,000 payments in one company.

    .venv/bin/python bench/ledger.py            # SQLite under /tmp/ledger-bench/
    DATABASE_URL=postgresql://... .venv/bin/python bench/ledger.py   # drops and rebuilds that database's schema

Targets (issue 19): registry first page with any one filter p95 ≤ 50 ms; receivables p95 ≤ 100 ms.
Rows are bulk-inserted directly (no PDFs are rendered): 80,000 invoices for payment with their
ledger rows, 10,000 acts and 10,000 waybills, to 300 counterparties over two years; 150,000
payments on 60% of the invoices (so there are unpaid, partly paid, paid and overdue ones); 1%
annulled. Requests go through the WSGI app in-process (Flask test client) as JSON and as the
HTML page, so the figures are server time without the network.
"""
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.ledger.totals import rebuild_totals  # noqa: E402
from portal.models import IssuedDocument, LedgerInvoice, Payment, new_public_id  # noqa: E402
from tests import factories  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", 40))
INVOICES, ACTS, WAYBILLS, PAYMENTS, COUNTERPARTIES = 80_000, 10_000, 10_000, 150_000, 300
TODAY = dt.date.today()
BATCH = 5000


def _app():
    url = os.environ.get("DATABASE_URL")
    if not url:
        folder = Path(tempfile.gettempdir()) / "ledger-bench"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "bench.db").unlink(missing_ok=True)
        url = f"sqlite:///{folder / 'bench.db'}"
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url, "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "RATELIMIT_STORAGE_URI": "memory://"})
    with app.app_context():
        if url.startswith("postgres"):
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
        upgrade(revision="heads")
    return app


def _fresh_ids(count: int) -> list[str]:
    """Distinct public ids for a fresh database (free_public_ids checks them in one IN, which
    PostgreSQL refuses past 65,535 parameters; the bench's tables start empty)."""
    ids: set[str] = set()
    while len(ids) < count:
        ids.add(new_public_id())
    return list(ids)


def _insert(table, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(table), rows[start:start + BATCH])


def _documents(company, counterparties, rng) -> list[dict]:
    """The issued records: invoices first (their ids are the ledger's keys), then acts and waybills."""
    now = dt.datetime.now(dt.timezone.utc)
    public_ids = _fresh_ids(INVOICES + ACTS + WAYBILLS)
    rows, seqs = [], {}
    kinds = ["ip"] * INVOICES + ["aw"] * ACTS + ["wb"] * WAYBILLS
    for i, (doc_type, public_id) in enumerate(zip(kinds, public_ids)):
        day = TODAY - dt.timedelta(days=rng.randint(0, 729))
        seq = seqs[(doc_type, day.year)] = seqs.get((doc_type, day.year), 0) + 1
        buyer = counterparties[rng.randrange(len(counterparties))]
        amount = Decimal(rng.randint(1_000, 5_000_000)) / 100
        rows.append({
            "public_id": public_id, "doc_id": f"{1_000_000_000_000 + i}", "type": doc_type, "form": "pu",
            "content_id": f"{i:08x}", "year": day.year, "seq": seq, "number": f"{day.year}-{seq:06d}",
            "title": "Счёт на оплату", "doc_date": day, "total_sum": amount, "nds_percent": Decimal(0),
            "nds_sum": Decimal(0), "company_sender_id": company.id, "company_recipient_id": buyer.id,
            "sender_name": company.company_name, "sender_bin": company.bin, "recipient_name": buyer.company_name,
            "recipient_bin": buyer.bin, "email_recipients": [], "verify_url": "http://bench/verify/",
            "sha256": "0" * 64, "size": 1, "created": now - dt.timedelta(days=(TODAY - day).days),
        })
    _insert(IssuedDocument.__table__, rows)
    db.session.commit()
    return rows


def _ledger(company, docs, rng) -> None:
    """Ledger rows for the invoices and 150,000 payments spread over 60% of them, `paid` kept exact."""
    ids = dict(db.session.execute(text("SELECT doc_id, id FROM issued_documents WHERE type = 'ip'")).all())
    invoices = [d for d in docs if d["type"] == "ip"]
    paying = rng.sample(range(len(invoices)), int(len(invoices) * 0.6))
    shares = {k: 0 for k in paying}
    for _ in range(PAYMENTS):
        shares[paying[rng.randrange(len(paying))]] += 1
    now = dt.datetime.now(dt.timezone.utc)
    ledger_rows, payment_rows = [], []
    payment_ids = iter(_fresh_ids(PAYMENTS))
    for n, doc in enumerate(invoices):
        document_id = ids[doc["doc_id"]]
        amount, paid = doc["total_sum"], Decimal("0.00")
        count = shares.get(n, 0)
        full = count and rng.random() < 0.6  # some paid in full, the rest partly
        for k in range(count):
            part = (amount / count if full else amount / (count + 2)).quantize(Decimal("0.01"))
            paid += part
            payment_rows.append({
                "public_id": next(payment_ids), "company_id": company.id, "document_id": document_id,
                "paid_on": min(TODAY, doc["doc_date"] + dt.timedelta(days=rng.randint(0, 40))), "amount": part,
                "method": rng.choice(["transfer", "transfer", "kaspi", "card", "cash"]), "reference": f"ПП {n}-{k}",
                "note": "", "created": now, "updated": now,
            })
        annulled = rng.random() < 0.01
        status = "annulled" if annulled else "paid" if paid >= amount else "partial" if paid > 0 else "unpaid"
        credit = paid if annulled else max(paid - amount, Decimal("0.00"))
        ledger_rows.append({
            "document_id": document_id, "company_id": company.id, "counterparty_id": doc["company_recipient_id"],
            "counterparty_bin": doc["recipient_bin"], "counterparty_name": doc["recipient_name"],
            "number": doc["number"], "amount": amount, "paid": paid, "payment_status": status, "credit": credit,
            "doc_date": doc["doc_date"],
            "due_date": doc["doc_date"] + dt.timedelta(days=10), "paid_at": now if paid >= amount else None,
            "annulled_at": now if annulled else None, "annul_reason": "бенч" if annulled else "", "created": now,
        })
    _insert(LedgerInvoice.__table__, ledger_rows)
    _insert(Payment.__table__, payment_rows)
    # Rows inserted around the ORM: the running totals are worked out once, as the migration does.
    rebuild_totals()
    db.session.commit()
    # As autovacuum would have by then: statistics, and PostgreSQL's visibility map (counts read
    # only the index).
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if db.engine.dialect.name == "postgresql" else "ANALYZE"))


def _percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return statistics.median(ordered), p95, ordered[-1]


def _timed(client, url, headers) -> float:
    start = time.perf_counter()
    response = client.get(url, headers=headers)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return elapsed


def main() -> None:
    rng = random.Random(19)
    app = _app()
    with app.app_context():
        started = time.perf_counter()
        company = factories.make_company()
        counterparties = [factories.make_company(name=f'ТОО "КОНТРАГЕНТ {i} ӨРКЕН"') for i in range(COUNTERPARTIES)]
        factories.make_user("bench@test.kz", "bench-pass", company=company, role="Директор")
        docs = _documents(company, counterparties, rng)
        _ledger(company, docs, rng)
        print(f"database: {db.engine.dialect.name}; filled in {time.perf_counter() - started:.0f} s; times in ms")
        some = counterparties[7]
        month_ago = (TODAY - dt.timedelta(days=30)).isoformat()
        filters = [
            ("no filter", ""), ("kind=issued", "kind=issued"), ("type=ip", "type=ip"), ("type=aw", "type=aw"),
            ("period (30 days)", f"date_from={month_ago}&date_to={TODAY.isoformat()}"),
            ("counterparty name", "counterparty=КОНТРАГЕНТ 7 ӨРКЕН"), ("counterparty BIN", f"counterparty={some.bin}"),
            ("number", f"number={TODAY.year}-0001"), ("amount range", "amount_min=1000&amount_max=2000"),
            ("sort=amount", "sort=amount"), ("sort=number", "sort=number"),
        ] + [(f"status={s}", f"status={s}") for s in
             ("draft", "issued", "unpaid", "partial", "paid", "overdue", "annulled")]
        client = app.test_client()
        key = client.post("/auth/token/", json={"email": "bench@test.kz", "password": "bench-pass"}).get_json()["token"]
        api = {"Authorization": f"Token {key}", "Accept": "application/json"}
        browser = app.test_client()
        browser.post("/auth/login/", data={"email": "bench@test.kz", "password": "bench-pass"})
        html = {"Accept": "text/html"}
        results = {}
        for label, query in filters:
            url = f"/ledger/?{query}"
            _timed(client, url, api)
            results[f"registry JSON, {label}"] = [_timed(client, url, api) for _ in range(RUNS)]
        _timed(browser, "/ledger/?status=overdue", html)
        results["registry HTML, status=overdue"] = [_timed(browser, "/ledger/?status=overdue", html) for _ in range(RUNS)]
        for label, c, headers in (("receivables JSON", client, api), ("receivables HTML", browser, html)):
            _timed(c, "/ledger/receivables/", headers)
            results[label] = [_timed(c, "/ledger/receivables/", headers) for _ in range(RUNS)]
        _timed(client, "/ledger/payments/", api)
        results["payments list JSON, no filter"] = [_timed(client, "/ledger/payments/", api) for _ in range(RUNS)]
        print(f"{'measurement':48} {'runs':>5} {'p50':>8} {'p95':>8} {'max':>8}")
        for label, samples in results.items():
            p50, p95, worst = _percentiles(samples)
            print(f"{label:48} {len(samples):5d} {p50:8.1f} {p95:8.1f} {worst:8.1f}")
        print("targets: registry first page p95 ≤ 50 ms with any one filter; receivables p95 ≤ 100 ms")


if __name__ == "__main__":
    main()
