"""What the server-side session check costs a request: `/clients/sections/` before and after, side by side.

    .venv/bin/python bench/session_check.py [--requests 2000] [--rounds 5]

What it does:
1. exports the tree before the change (`git merge-base HEAD main`, or `--before <commit>`)
   to a temporary directory with `git archive`;
2. builds one SQLite database with this tree's migrations and the demo data
   (`flask --app wsgi db upgrade heads`, `demo-data --companies 500`), which both trees can read;
3. in one subprocess per tree (the same shared venv): logs the demo director in through the
   login form, then times GET /clients/sections/ in-process with the Flask test client (no
   HTTP server noise), once with the session cookie and once with an API token;
4. alternates the two trees for `--rounds` rounds and prints, per tree and caller, the
   lowest of the rounds' mean CPU ms per request (the least disturbed round), and the
   difference;
5. times the loader alone in this tree: the session lookup before (user by public id)
   against the one now (user joined to its live login by the key's hash), 5,000 each.

The check adds one query joined to the user lookup the session loader already made (by the
login key's hash, unique index) and, for tokens, a check of the Authorization header before
the view plus a last-use UPDATE at most once a minute.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
FLASK = ROOT / ".venv" / "bin" / "flask"

# Runs inside each tree: prints {"cookie": ms, "token": ms} per request.
WORKER = r"""
import json, sys, time
from portal import create_app
requests = int(sys.argv[1])
app = create_app({"RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
out = {}
with app.app_context():
    browser = app.test_client()
    assert browser.post("/auth/login/", data={"email": "director@example.kz", "password": "director123"}).status_code == 302
    api = app.test_client()
    key = api.post("/auth/token/", json={"email": "director@example.kz", "password": "director123"}).get_json()["token"]
    callers = {
        "cookie": (browser, {"Accept": "application/json"}),
        "token": (api, {"Accept": "application/json", "Authorization": "Token " + key}),
    }
    for name, (client, headers) in callers.items():
        assert client.get("/clients/get_user_company/", headers=headers).status_code == 200, name
        for _ in range(200):
            client.get("/clients/sections/", headers=headers)
        # CPU time of this process: the machine's other load moves it far less than wall time.
        started = time.process_time()
        for _ in range(requests):
            response = client.get("/clients/sections/", headers=headers)
        out[name] = (time.process_time() - started) * 1000 / requests
        assert response.status_code == 200
print(json.dumps(out))
"""


# The session lookup of each version, timed side by side in one process.
LOADER = r"""
import json, time
from sqlalchemy import select
from portal import create_app
from portal.extensions import db
from portal.models import User
from portal.sessions import logins
app = create_app({"RATELIMIT_ENABLED": False})
with app.app_context():
    user = db.session.execute(select(User).where(User.email == "director@example.kz")).scalar_one()
    key = logins.start_login(user, False)
    public_id = user.public_id
    old = select(User).where(User.public_id == public_id)
    def before():
        db.session.execute(old).scalar_one_or_none()
    def after():
        logins.live_user(public_id, key)
    out = {}
    for name, lookup in (("before", before), ("after", after)) * 2:
        for _ in range(300):
            lookup(); db.session.expire_all()
        started = time.process_time()
        for _ in range(5000):
            lookup(); db.session.expire_all()
        out[name] = (time.process_time() - started) * 1000 / 5000
print(json.dumps(out))
"""


def run(cmd, cwd, env, **kwargs):
    """Run a command, failing loudly."""
    return subprocess.run(cmd, cwd=cwd, env=env, check=True, **kwargs)


def export_tree(commit: str, target: Path) -> None:
    """The project as it was at `commit`, with this tree's venv."""
    archive = subprocess.run(["git", "archive", commit], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    (target / ".venv").symlink_to(ROOT / ".venv")


def main() -> int:
    """Prepare both trees and one database, alternate the measurements, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", help="commit before the change (default: merge-base with main)")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    before = args.before or subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT, check=True,
                                           capture_output=True, text=True).stdout.strip()
    work = Path(tempfile.mkdtemp(prefix="session-bench-"))
    before_tree = work / "before"
    before_tree.mkdir()
    export_tree(before, before_tree)
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{work}/bench.db", SECRET_KEY="bench-secret-key",
               RATELIMIT_STORAGE_URI="memory://")
    print(f"before: {before[:10]} (exported to {before_tree}); after: working tree {ROOT}", flush=True)
    run([str(FLASK), "--app", "wsgi", "db", "upgrade", "heads"], ROOT, env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    run([str(FLASK), "--app", "wsgi", "demo-data", "--companies", "500"], ROOT, env, stdout=subprocess.DEVNULL)
    trees = {"before": before_tree, "after": ROOT}
    results = {tree: {"cookie": [], "token": []} for tree in trees}
    for round_number in range(args.rounds):
        for tree, path in trees.items():
            output = run([str(PYTHON), "-c", WORKER, str(args.requests)], path, env, capture_output=True,
                         text=True).stdout
            for caller, ms in json.loads(output.strip().splitlines()[-1]).items():
                results[tree][caller].append(ms)
        print(f"  round {round_number + 1}/{args.rounds} done", flush=True)
    print()
    print(f"GET /clients/sections/ in-process (Flask test client), {args.requests} requests per round, "
          f"lowest of {args.rounds} rounds' mean CPU ms; SQLite; {os.cpu_count()} CPUs shared")
    print(f"{'caller':<8} {'before ms':>10} {'after ms':>10} {'added ms':>10}  target")
    for caller in ("cookie", "token"):
        old = min(results["before"][caller])
        new = min(results["after"][caller])
        verdict = "ok" if new - old <= 0.3 else "ABOVE TARGET"
        print(f"{caller:<8} {old:>10.3f} {new:>10.3f} {new - old:>+10.3f}  <= +0.300 ({verdict})")
        print(f"{'':<8} rounds before: {' '.join(f'{v:.2f}' for v in results['before'][caller])}; "
              f"after: {' '.join(f'{v:.2f}' for v in results['after'][caller])}")
    output = run([str(PYTHON), "-c", LOADER], ROOT, env, capture_output=True, text=True).stdout
    loader = json.loads(output.strip().splitlines()[-1])
    print()
    print("session loader alone, this tree, 5,000 lookups each (CPU ms per lookup):")
    print(f"  before (user by public id)         {loader['before']:.3f}")
    print(f"  after (user + live login by hash)  {loader['after']:.3f}")
    print(f"  added                              {loader['after'] - loader['before']:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
