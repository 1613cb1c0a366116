"""Clients API throughput and latency, measured as integrators would compare us with the seed.

    .venv/bin/python bench/api.py                 # seed scale and the million (loads once)
    .venv/bin/python bench/api.py --skip-large    # seed scale only

What it does:
1. builds SQLite databases under /tmp/api-bench/ with the demo loader
   (`flask --app wsgi db upgrade heads` then `flask --app wsgi demo-data --companies N`):
   the seed's scale (9,532 companies) and 1,000,000 companies; a database that already holds
   the wanted number of companies is reused;
2. serves each with gunicorn, 2 sync workers on 127.0.0.1 (as the DRF reference was served);
3. gets an API key from POST /auth/token/ with the demo director's account;
4. runs Debian's wrk (/usr/bin/wrk), 16 connections for 10 s after a 2 s warm-up, with a
   small Lua script for p95 and the error counts (socket errors and non-2xx answers);
5. prints a table against the targets of the foundation issue.

The million-company pages are also measured with 2 connections (one per worker): latency
without queueing behind other requests.
"""
import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
WRK = "/usr/bin/wrk"
SEED_COMPANIES = 9532
DIRECTOR = ("director@example.kz", "director123")

# wrk's --latency table has no p95; this script prints it with the error counts.
LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH p50_us=%d p95_us=%d requests=%d connect=%d read=%d write=%d status=%d timeout=%d\\n",
    latency:percentile(50), latency:percentile(95), summary.requests,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def run(cmd: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    """Run a command from the project root, failing loudly."""
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True, **kwargs)


def database_env(db_path: Path) -> dict:
    """The environment the portal reads: this database, a fixed key, in-memory rate limits."""
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": f"sqlite:///{db_path}",
        "SECRET_KEY": "bench-secret-key",
        "RATELIMIT_STORAGE_URI": "memory://",
    })
    return env


def company_count(db_path: Path) -> int | None:
    """Companies in an existing bench database (None when there is none yet)."""
    if not db_path.exists():
        return None
    import sqlite3

    try:
        with sqlite3.connect(db_path) as conn:
            return conn.execute("SELECT COUNT(*) FROM companies").fetchone()[0]
    except sqlite3.Error:
        return None


def prepare(db_path: Path, companies: int) -> None:
    """A migrated database holding the demo directory at this scale."""
    if company_count(db_path) == companies:
        print(f"  reusing {db_path} ({companies:,} companies)", flush=True)
        return
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    env = database_env(db_path)
    started = time.monotonic()
    run([str(VENV_BIN / "flask"), "--app", "wsgi", "db", "upgrade", "heads"], env, stdout=subprocess.DEVNULL)
    run([str(VENV_BIN / "flask"), "--app", "wsgi", "demo-data", "--companies", str(companies)], env,
        stdout=subprocess.DEVNULL)
    print(f"  loaded {companies:,} companies into {db_path} in {time.monotonic() - started:.0f} s", flush=True)


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with 2 sync workers on 127.0.0.1, stopped on exit."""

    def __init__(self, db_path: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "--workers", "2", "--worker-class", "sync", "--bind",
             f"127.0.0.1:{self.port}", "--log-level", "warning", "wsgi:app"],
            cwd=ROOT, env=database_env(db_path), start_new_session=True,
        )

    def __enter__(self) -> "Server":
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/clients/sections/?format=json", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop gunicorn and its workers (its own process group, started above)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)

    def token(self) -> str:
        """An API key for the demo director."""
        body = json.dumps({"email": DIRECTOR[0], "password": DIRECTOR[1]}).encode()
        request = urllib.request.Request(self.base + "/auth/token/", data=body,
                                         headers={"Content-Type": "application/json"}, method="POST")
        return json.loads(urllib.request.urlopen(request, timeout=30).read())["token"]


def wrk(url: str, token: str, connections: int, seconds: int, lua: Path) -> dict:
    """One wrk run; returns requests/s, p50 and p95 in ms, and the errors."""
    cmd = [WRK, "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "-s", str(lua),
           "-H", "Accept: application/json", "-H", f"Authorization: Token {token}", url]
    output = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    values = {key: int(value) for key, value in re.findall(r"(\w+)=(\d+)", line)}
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = sum(values[k] for k in ("connect", "read", "write", "status", "timeout"))
    return {"rps": rps, "p50": values["p50_us"] / 1000, "p95": values["p95_us"] / 1000,
            "errors": errors, "requests": values["requests"]}


def measure(server: Server, path: str, connections: int, seconds: int, lua: Path) -> dict:
    """Check the answer, warm up for 2 s, then measure."""
    token = server.token()
    request = urllib.request.Request(server.base + path, headers={
        "Accept": "application/json", "Authorization": f"Token {token}"})
    body = json.loads(urllib.request.urlopen(request, timeout=30).read())
    assert body["results"], f"{path} returned no rows"
    wrk(server.base + path, token, connections, 2, lua)
    return wrk(server.base + path, token, connections, seconds, lua)


def verdict(result: dict, min_rps: float | None, max_p95: float) -> str:
    """Whether a run meets its target (and twice it, the aim)."""
    ok = result["errors"] == 0 and result["p95"] <= max_p95 and (min_rps is None or result["rps"] >= min_rps)
    if not ok:
        return "BELOW TARGET"
    if min_rps is not None and result["rps"] >= 2 * min_rps and result["p95"] <= max_p95 / 2:
        return "ok, 2x target"
    return "ok"


def print_table(rows: list[tuple]) -> None:
    """The results against the targets."""
    header = ("scale", "path", "conns", "req/s", "p50 ms", "p95 ms", "errors", "target", "verdict")
    table = [header] + [tuple(str(c) for c in row) for row in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for index, row in enumerate(table):
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)))
        if index == 0:
            print("  ".join("-" * w for w in widths))


def main() -> int:
    """Prepare, serve, measure, report."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", default="/tmp/api-bench", help="where the bench databases live")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--large", type=int, default=1_000_000, help="companies in the large database")
    parser.add_argument("--skip-large", action="store_true", help="only the seed-scale runs")
    args = parser.parse_args()
    if not os.path.exists(WRK):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    directory = Path(args.dir)
    directory.mkdir(parents=True, exist_ok=True)
    lua = Path(tempfile.mkstemp(suffix=".lua", dir=directory)[1])
    lua.write_text(LUA)
    rows = []
    try:
        print(f"seed scale: {SEED_COMPANIES:,} companies", flush=True)
        seed_db = directory / "seed.db"
        prepare(seed_db, SEED_COMPANIES)
        with Server(seed_db) as server:
            for path, rps, p95 in (("/clients/sections/", 1500, 12), ("/clients/clients/?page=50", 550, 32)):
                result = measure(server, path, args.connections, args.seconds, lua)
                rows.append(("seed", path, args.connections, f"{result['rps']:.0f}", f"{result['p50']:.1f}",
                             f"{result['p95']:.1f}", result["errors"], f">={rps}/s, p95<={p95}",
                             verdict(result, rps, p95)))
                print(f"  {path}: {result['rps']:.0f} req/s, p95 {result['p95']:.1f} ms", flush=True)
        if not args.skip_large:
            print(f"large: {args.large:,} companies", flush=True)
            large_db = directory / f"companies-{args.large}.db"
            prepare(large_db, args.large)
            last_page = -(-args.large // 20)
            deep = min(40_000, last_page)
            with Server(large_db) as server:
                for path in ("/clients/clients/", f"/clients/clients/?page={deep}"):
                    for connections in (args.connections, 2):
                        result = measure(server, path, connections, args.seconds, lua)
                        rows.append((f"{args.large // 1000}k", path, connections, f"{result['rps']:.0f}",
                                     f"{result['p50']:.1f}", f"{result['p95']:.1f}", result["errors"],
                                     "p95<=50", verdict(result, None, 50)))
                        print(f"  {path} c{connections}: p95 {result['p95']:.1f} ms", flush=True)
    finally:
        lua.unlink(missing_ok=True)
    print()
    print("gunicorn 2 sync workers, wrk -t2, 2 s warm-up then the measured run; SQLite; "
          f"{os.cpu_count()} CPUs shared with wrk")
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
