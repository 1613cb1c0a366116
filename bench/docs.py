"""Smart-doc speed: a 50-line invoice for payment through the JSON API, and a document list
page with 10,000 documents in the company.

    .venv/bin/python bench/docs.py            # SQLite under /tmp/smartdocs-bench/
    DATABASE_URL=postgresql://... .venv/bin/python bench/docs.py

Targets (issue 4): create p95 ≤ 100 ms; list page p95 ≤ 50 ms. Requests go through the WSGI
app in-process (Flask test client), so the figures are server time without the network.
"""
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import SmartDocument, free_public_ids  # noqa: E402
from tests import factories  # noqa: E402

CREATE_RUNS = int(os.environ.get("BENCH_CREATE_RUNS", 40))
LIST_RUNS = int(os.environ.get("BENCH_LIST_RUNS", 100))
DOCUMENTS = 10_000
LINES = 50


def _app():
    url = os.environ.get("DATABASE_URL")
    if not url:
        folder = Path(tempfile.gettempdir()) / "smartdocs-bench"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "bench.db").unlink(missing_ok=True)
        url = f"sqlite:///{folder / 'bench.db'}"
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url, "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        if url.startswith("postgres"):
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
        upgrade(revision="heads")
    return app


def _percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return statistics.median(ordered), p95, ordered[-1]


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def _check(response, status=200):
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    return response


def bench_create(client, headers, buyer) -> dict:
    """POST an invoice for payment with 50 fresh lines; the line POSTs are timed separately."""
    beneficiary = _check(client.post("/smart_doc/beneficiaries/", headers=headers, json={
        "beneficiary": "Бенч", "beneficiary_bank": "Банк", "PIC": "KZ417812870193980012", "BIC": "TBKBKZKA",
        "KBe": "17", "Knp": "710"}), 201).get_json()["id"]
    products = [_check(client.post("/smart_doc/products/", headers=headers, json={
        "name": f"Товар {i}", "measure": "шт", "price": f"{random.randint(100, 99999)}.{random.randint(0, 99):02d}"}), 201
    ).get_json()["id"] for i in range(LINES)]
    create, lines_time = [], []
    for _ in range(CREATE_RUNS):
        ids = []
        started = time.perf_counter()
        for product in products:
            ids.append(_check(client.post("/smart_doc/product_count/", headers=headers,
                                          json={"product": product, "count": random.randint(1, 20)}), 201).get_json()["id"])
        lines_time.append((time.perf_counter() - started) * 1000 / LINES)
        body = {"buyer": buyer, "beneficiary": beneficiary, "product_counts": ids, "date": "2026-11-26"}
        create.append(_timed(lambda: _check(client.post("/smart_doc/invoices_for_payment/", headers=headers, json=body), 201)))
    return {"create invoice, 50 lines (POST)": create, "create one line (POST product_count)": lines_time}


def _fill_documents(company_id: int, staff_id: int, buyer_id: int) -> None:
    """10,000 invoices for payment for the company, inserted in bulk (their lines are not needed)."""
    now = dt.datetime.now(dt.timezone.utc)
    have = db.session.query(SmartDocument).filter_by(company_id=company_id).count()
    ids = free_public_ids(db.session, SmartDocument, DOCUMENTS - have)
    rows = [{
        "public_id": public_id, "company_id": company_id, "staff_id": staff_id, "doc_type": "ip",
        "date": dt.date(2026, 1, 1) + dt.timedelta(days=i % 330), "contract": "Без договора",
        "counterparty_id": buyer_id, "nds_percent": 16, "total_sum": 116_00 + i, "nds_sum": 16_00,
        "total_count": 1, "total_quantity": 1, "delivery_time": "", "payment_condition": "", "receive_type": "",
        "receive_address": "", "transport_company": "", "created": now, "updated": now,
    } for i, public_id in enumerate(ids)]
    for start in range(0, len(rows), 2000):
        db.session.execute(insert(SmartDocument.__table__), rows[start:start + 2000])
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE sd_documents"))


def bench_list(client, headers) -> dict:
    """The list page (HTML for a person, JSON for an integrator), first and a deep page."""
    html = {"Accept": "text/html"}
    results = {}
    for label, url, extra in [
        ("list page HTML, page 1 (10,000 docs)", "/smart_doc/invoices_for_payment/", html),
        ("list page HTML, page 400", "/smart_doc/invoices_for_payment/?page=400", html),
        ("list JSON, page 1 (10,000 docs)", "/smart_doc/invoices_for_payment/", headers),
    ]:
        _check(client.get(url, headers=extra))
        results[label] = [_timed(lambda: _check(client.get(url, headers=extra))) for _ in range(LIST_RUNS)]
    return results


def main() -> None:
    app = _app()
    with app.app_context():
        company = factories.make_company()
        buyer = factories.make_company(name='ТОО "ПОКУПАТЕЛЬ"')
        user = factories.make_user("bench@test.kz", "bench-pass", company=company, role="Директор")
        client = app.test_client()
        key = _check(client.post("/auth/token/", json={"email": "bench@test.kz", "password": "bench-pass"})).get_json()["token"]
        headers = {"Authorization": f"Token {key}", "Accept": "application/json"}
        results = bench_create(client, headers, buyer.public_id)
        _fill_documents(company.id, user.staff.id, buyer.id)
        browser = app.test_client()
        _check(browser.post("/auth/login/", data={"email": "bench@test.kz", "password": "bench-pass"}), 302)
        results.update(bench_list(browser, headers))
        print(f"database: {db.engine.dialect.name}; times in ms")
        print(f"{'measurement':45} {'runs':>5} {'p50':>8} {'p95':>8} {'max':>8}")
        for label, samples in results.items():
            p50, p95, worst = _percentiles(samples)
            print(f"{label:45} {len(samples):5d} {p50:8.1f} {p95:8.1f} {worst:8.1f}")
        print("targets: create invoice p95 ≤ 100 ms; list page p95 ≤ 50 ms")


if __name__ == "__main__":
    main()
