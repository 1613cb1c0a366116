"""Benchmark of issued documents: issue end to end, download, and a 1,000-invoice batch.

Usage:  .venv/bin/python bench/pdf.py [--batch 1000] [--runs 40]
The database is a fresh SQLite file under /tmp/documents/ (or DATABASE_URL, e.g. a scratch
PostgreSQL database: it is emptied). Prints a table of p50/p95 and the batch's time and RSS.
Beside the 10-line issue it times a bare WeasyPrint render of the same invoice's HTML (WeasyPrint's
own parser and user-agent sheet, our stylesheet parsed once), interleaved in the same run so both
meet the same machine load, and prints issue / bare: the portal's whole issue (numbering, render,
QR, storing) may cost at most 1.2 times WeasyPrint's render alone.
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import text  # noqa: E402
from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from portal import create_app  # noqa: E402
from portal.documents.batch import issue_batch  # noqa: E402
from portal.documents.fonts import font_face_rules  # noqa: E402
from portal.documents.issue import issue  # noqa: E402
from portal.documents.issue_request import IssueRequest  # noqa: E402
from portal.documents.render import STYLESHEET, html_to_pdf, render_html  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.identity.proofs import record_proof  # noqa: E402
from portal.models import Company, Staff  # noqa: E402
from portal.models.identity import METHOD_EMAIL  # noqa: E402
from portal.smart_docs.documents import get_document  # noqa: E402
from portal.staffing.accounts import create_user  # noqa: E402

WORKDIR = Path("/tmp/documents")
TARGETS = {"issue 10 lines": (80, 150), "bare render 10": (None, None), "issue 60 lines": (400, None),
           "download": (None, 10)}
RATIO_TARGET = 1.2


def rss_mb() -> float:
    """Resident memory of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def make_app():
    """A fresh migrated database and an app on it."""
    WORKDIR.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{WORKDIR}/bench.db"
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    config = {"DATABASE_URL": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
              "SERVER_NAME": "localhost", "PUBLIC_URL": "https://portal.example.kz"}
    app = create_app(config)
    with app.app_context():
        if url.startswith("postgres"):
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"))
        upgrade(directory=str(Path(__file__).resolve().parents[1] / "migrations"), revision="heads")
    return app, config


def seed(app) -> tuple[dict, dict]:
    """A company, its director, a buyer, a beneficiary and invoices of 10 and 60 lines."""
    with app.app_context():
        seller = Company(bin="120440000011", company_name='ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"',
                         address="Г.АЛМАТЫ, ТУРКСИБСКИЙ РАЙОН, УЛИЦА ЗАКАРПАТСКАЯ, 51")
        buyer = Company(bin="120240004698", company_name='ТОО "ҚАЙРАТ ӨРКЕН ЖҰЛДЫЗ"',
                        address="Г.АСТАНА, ПРОСПЕКТ МӘҢГІЛІК ЕЛ, 8")
        user = create_user("bench@test.kz", "bench-pass", "Бенч Директор")
        db.session.add_all([seller, buyer, Staff(user=user, company=seller, role="Директор")])
        db.session.flush()
        # Issuing needs a proven company (#16); the bench proves it as a listed-address code would.
        record_proof(seller.id, METHOD_EMAIL, user.id, "bench")
        db.session.commit()
        buyer_id = buyer.public_id
    client = app.test_client()
    token = client.post("/auth/token/", json={"email": "bench@test.kz", "password": "bench-pass"}).get_json()["token"]
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}

    def post(path, body):
        response = client.post(f"/smart_doc/{path}", json=body, headers=headers)
        assert response.status_code == 201, response.get_data(as_text=True)
        return response.get_json()

    beneficiary = post("beneficiaries/", {"beneficiary": 'ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"',
                                          "beneficiary_bank": 'АО "CAPITAL BANK KAZAKHSTAN"',
                                          "PIC": "KZ417812870193980012", "BIC": "TBKBKZKA", "KBe": "17", "Knp": "710"})
    actor = post("actors/", {"full_name": "Боранбаев Азамат Кайратович", "role": "Менеджер"})
    lines = []
    for i in range(60):
        product = post("products/", {"name": f"Товар №{i + 1} «Өркен» қағаз A4", "description": "", "measure": "шт",
                                     "manufacturer": "", "image": None, "price": f"{1000 + i * 37}.50"})
        lines.append(post("product_count/", {"product": product["id"], "count": 1 + i % 7})["id"])
    body = {"buyer": buyer_id, "beneficiary": beneficiary["id"], "executor_actor": actor["id"], "date": "2026-11-26",
            "delivery_time": "5 рабочих дней", "payment_condition": "100% предоплата"}
    small = post("invoices_for_payment/", {**body, "product_counts": lines[:10]})
    large = post("invoices_for_payment/", {**body, "product_counts": lines})
    return {"small": small["id"], "large": large["id"]}, headers


def issue_once(staff, content_id: str) -> tuple[float, str]:
    """Issue an invoice once through the service; its time in ms and the HTML it printed."""
    printed = {}

    def render(doc_type: str, context: dict) -> bytes:
        printed["html"] = render_html(doc_type, context)
        return html_to_pdf(printed["html"])

    source = get_document(staff.company_id, "ip", content_id)
    # A new copy every time: an unchanged source would otherwise answer the first record (#17).
    wanted = IssueRequest("ip", "pu", source, source.counterparty, [], reissue=True)
    start = time.perf_counter()
    issue(staff, wanted, "https://portal.example.kz/", render=render)
    return (time.perf_counter() - start) * 1000, printed["html"]


def bare_render(html: str, css: CSS, fonts: FontConfiguration) -> float:
    """WeasyPrint alone on the same HTML: its HTML5 parser and user-agent sheet, our stylesheet; ms."""
    start = time.perf_counter()
    HTML(string=html, base_url="data:,").write_pdf(stylesheets=[css], font_config=fonts)
    return (time.perf_counter() - start) * 1000


def bare_stylesheet(app) -> tuple[CSS, FontConfiguration]:
    """pdf.css with the font cut's @font-face rules, parsed once, as a WeasyPrint user would keep it."""
    fonts = FontConfiguration()
    faces = font_face_rules(os.path.join(app.instance_path, "fonts"))
    path = os.path.join(app.root_path, STYLESHEET)
    with open(path, encoding="utf-8") as file:
        return CSS(string=faces + file.read(), base_url=path, font_config=fonts), fonts


def time_issue_and_bare(app, content_id: str, runs: int) -> tuple[list[float], list[float]]:
    """Issue the 10-line invoice `runs` times, each followed by a bare render of the HTML it printed."""
    issues, bare = [], []
    with app.test_request_context():
        staff = db.session.query(Staff).one()
        css, fonts = bare_stylesheet(app)
        for _ in range(runs):
            elapsed, html = issue_once(staff, content_id)
            issues.append(elapsed)
            bare.append(bare_render(html, css, fonts))
    return issues, bare


def time_issue(app, content_id: str, runs: int) -> list[float]:
    """Issue the same invoice `runs` times through the service (numbering, render, QR, store)."""
    with app.test_request_context():
        staff = db.session.query(Staff).one()
        return [issue_once(staff, content_id)[0] for _ in range(runs)]


def time_download(app, headers: dict, runs: int) -> list[float]:
    """GET an issued PDF through the HTTP stack (auth, tenant check, bytes)."""
    client = app.test_client()
    record = client.get("/smart_doc/documents/?page_size=1", headers=headers).get_json()["results"][0]
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(record["file"], headers=headers)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return samples


def run_batch(app, config: dict, ids: dict, count: int, workers: int) -> dict:
    """Issue `count` invoices (copies of the 10-line one) in one batch over `workers` processes."""
    client = app.test_client()
    with app.app_context():
        staff = db.session.query(Staff).one()
        staff_id = staff.id
    rss_start = rss_mb()
    start = time.perf_counter()
    with app.app_context():
        result = issue_batch(staff_id, "ip", "pu", [ids["small"]] * count, "https://portal.example.kz/", config,
                             workers=workers)
    elapsed = time.perf_counter() - start
    del client
    return {"seconds": elapsed, "issued": len(result.issued), "error": result.error,
            "rss_start": rss_start, "rss_end": rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    app, config = make_app()
    ids, headers = seed(app)
    time_issue_and_bare(app, ids["small"], 3)  # warm fonts, stylesheets and templates
    issues, bare = time_issue_and_bare(app, ids["small"], args.runs)
    rows = [
        ("issue 10 lines", issues),
        ("bare render 10", bare),
        ("issue 60 lines", time_issue(app, ids["large"], max(5, args.runs // 2))),
        ("download", time_download(app, headers, args.runs * 5)),
    ]
    print(f"{'measure':<18}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'target p50/p95':>18}")
    for name, samples in rows:
        p50, p95 = statistics.median(samples), percentile(samples, 0.95)
        target = "/".join("-" if t is None else str(t) for t in TARGETS[name])
        print(f"{name:<18}{len(samples):>6}{p50:>10.1f}{p95:>10.1f}{target:>18}")
    ratio = statistics.median(issues) / statistics.median(bare)
    print(f"\nissue / bare WeasyPrint, 10 lines, p50: {ratio:.2f} (target ≤ {RATIO_TARGET})")
    if args.batch:
        batch = run_batch(app, config, ids, args.batch, args.workers)
        print(f"\nbatch: {batch['issued']} invoices in {batch['seconds']:.1f} s with {args.workers} workers "
              f"({batch['seconds'] * 1000 / max(1, batch['issued']):.1f} ms each; target ≤ 60 s)"
              f"{'; stopped: ' + batch['error'] if batch['error'] else ''}")
        print(f"RSS of the main process: {batch['rss_start']:.0f} MB at start, {batch['rss_end']:.0f} MB at end")


if __name__ == "__main__":
    main()
