"""A rate-limit storage in a SQLite file, shared by every worker process on the machine.

The `limits` library (under Flask-Limiter) keeps counters in memory, Redis, Memcached or
MongoDB; `memory://` is per process, so with two gunicorn workers every limit was twice as
generous as configured. This storage is the default (`sqlite:///<instance>/ratelimits.sqlite`):
each hit is one atomic upsert in a file all workers open, so the limit holds whatever the
number of workers, with nothing more to install. Production keeps Redis
(`RATELIMIT_STORAGE_URI=redis://...`), which also spans machines.

Fixed-window counters only (Flask-Limiter's default strategy).
"""
import os
import sqlite3
import threading
import time
from urllib.parse import urlparse

from limits.storage import Storage

SCHEMA = "CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires REAL NOT NULL)"
# One statement, atomic in SQLite: a counter whose window has passed starts again from `amount`.
INCR = """
INSERT INTO counters (key, count, expires) VALUES (:key, :amount, :expires)
ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN counters.expires <= :now THEN excluded.count ELSE counters.count + excluded.count END,
  expires = CASE WHEN counters.expires <= :now THEN excluded.expires ELSE counters.expires END
RETURNING count
"""
# Expired counters are swept once in this many hits of a process.
SWEEP_EVERY = 500


class SQLiteFileStorage(Storage):
    """`sqlite:////absolute/path.sqlite`: fixed-window counters in one SQLite file."""

    STORAGE_SCHEME = ["sqlite"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        # As in SQLAlchemy: sqlite:///relative/file, sqlite:////absolute/file.
        self.path = urlparse(uri or "").path[1:]
        if not self.path:
            raise ValueError("sqlite rate-limit storage needs a file: sqlite:////path/to/ratelimits.sqlite")
        self._local = threading.local()
        self._hits = 0
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        """What a failing storage raises."""
        return sqlite3.Error

    def _db(self) -> sqlite3.Connection:
        """This thread's connection (a forked worker opens its own)."""
        conn = getattr(self._local, "conn", None)
        if conn is None or getattr(self._local, "pid", None) != os.getpid():
            os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(SCHEMA)
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        """Count a hit; returns the window's count so far."""
        now = time.time()
        conn = self._db()
        count = conn.execute(INCR, {"key": key, "amount": amount, "expires": now + expiry, "now": now}).fetchone()[0]
        self._hits += 1
        if self._hits % SWEEP_EVERY == 0:
            conn.execute("DELETE FROM counters WHERE expires <= ?", (now,))
        return count

    def get(self, key: str) -> int:
        """The current window's count (0 when it has passed)."""
        row = self._db().execute("SELECT count FROM counters WHERE key = ? AND expires > ?",
                                 (key, time.time())).fetchone()
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        """When the current window ends (now, when there is none)."""
        now = time.time()
        row = self._db().execute("SELECT expires FROM counters WHERE key = ? AND expires > ?", (key, now)).fetchone()
        return row[0] if row else now

    def check(self) -> bool:
        """Whether the file can be used."""
        try:
            self._db().execute("SELECT 1").fetchone()
            return True
        except sqlite3.Error:
            return False

    def reset(self) -> int | None:
        """Forget every counter."""
        return self._db().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        """Forget one counter."""
        self._db().execute("DELETE FROM counters WHERE key = ?", (key,))
