"""Benchmark of `flask --app wsgi demo-data`: load time and peak memory.

    .venv/bin/python bench/demo_load.py             # seed scale (9,532 companies)
    .venv/bin/python bench/demo_load.py --million   # and 1,000,000 companies

Each load runs in its own process on a fresh database built by the migrations: a temporary
SQLite file under /tmp/demo-bench/, and, when DATABASE_URL points at a PostgreSQL server, a
temporary database created on that server and dropped afterwards. Prints a table of wall time,
rows per second (companies, e-mails, phones and rubric/type links), the loading process's peak
RSS and the peak RSS of its generator workers, for the first load and for a second run (which
must change nothing). Progress lines of each load go to stderr as it runs.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def child(url: str, companies: int) -> None:
    """Load into `url` and print one JSON line: seconds, rows, peak RSS in MB."""
    from sqlalchemy import func, select

    from portal import create_app
    from portal.demo.loader import load_demo
    from portal.extensions import db
    from portal.models import Company, Email, PhoneNumber, company_rubrics, company_types

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        started = time.perf_counter()
        load_demo(db.session, companies=companies, progress=lambda line: print(line, file=sys.stderr))
        seconds = time.perf_counter() - started
        rows = sum(db.session.scalar(select(func.count()).select_from(t)) for t in
                   (Company, Email, PhoneNumber, company_rubrics, company_types))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rows": rows, "rss_mb": peak, "workers_rss_mb": workers}))


def migrate(url: str) -> None:
    """Build the schema exactly as `flask db upgrade` does."""
    from flask_migrate import upgrade

    from portal import create_app
    from portal.extensions import db

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade(revision="heads")
        db.engine.dispose()


def run_load(url: str, companies: int) -> dict:
    """One load in a fresh process."""
    output = subprocess.run(  # progress lines go through to stderr as the load runs
        [sys.executable, __file__, "--child", url, str(companies)],
        check=True, stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def postgres_database(base_url: str):
    """Create a temporary database next to DATABASE_URL's; return its URL and a drop function."""
    import psycopg

    name = f"demo_bench_{uuid.uuid4().hex[:8]}"
    admin = base_url.replace("postgresql+psycopg://", "postgresql://").replace("postgres://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        """Remove the temporary database."""
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return admin.rsplit("/", 1)[0] + "/" + name, drop


def bench(label: str, url: str, sizes: list[int]) -> list[tuple]:
    """Load each size on a fresh database, then repeat the last one (idempotence)."""
    results = []
    for companies in sizes:
        migrate(url)
        first = run_load(url, companies)
        again = run_load(url, companies)
        results.append((label, companies, "first load", first))
        results.append((label, companies, "second run", again))
    return results


def main() -> None:
    """Parse arguments and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--million", action="store_true", help="also load 1,000,000 companies")
    parser.add_argument("--companies", type=int, default=9532, help="the first size (default: the seed's 9,532)")
    parser.add_argument("--databases", default="sqlite,postgresql",
                        help="which of sqlite,postgresql to measure (PostgreSQL only with DATABASE_URL)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return

    sizes = [args.companies] + ([1_000_000] if args.million else [])
    results = []
    work = Path("/tmp/demo-bench")
    work.mkdir(parents=True, exist_ok=True)
    wanted = set(args.databases.split(","))
    for companies in sizes if "sqlite" in wanted else []:
        with tempfile.TemporaryDirectory(dir=work) as tmp:
            results += bench("SQLite", f"sqlite:///{tmp}/bench.db", [companies])
    pg = os.environ.get("DATABASE_URL", "")
    if pg.startswith("postgres") and "postgresql" in wanted:
        for companies in sizes:
            url, drop = postgres_database(pg)
            try:
                results += bench("PostgreSQL", url, [companies])
            finally:
                drop()

    print(f"{'database':<11} {'companies':>10} {'run':<11} {'seconds':>8} {'rows':>10} {'rows/s':>9} "
          f"{'RSS MB':>7} {'workers MB':>11}")
    for label, companies, run, r in results:
        rate = r["rows"] / r["seconds"] if r["seconds"] else 0
        print(f"{label:<11} {companies:>10,} {run:<11} {r['seconds']:>8.1f} {r['rows']:>10,} {rate:>9,.0f} "
              f"{r['rss_mb']:>7.0f} {r['workers_rss_mb']:>11.0f}")


if __name__ == "__main__":
    main()
