"""Configuration: defaults, then instance/config.py, then the environment, then a test mapping."""
import os
import secrets
from pathlib import Path

from flask import Flask


class Defaults:
    """Settings every deployment starts from."""

    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    JSON_SORT_KEYS = False
    PAGE_SIZE = 20
    MAX_PAGE_SIZE = 100
    # None: a SQLite file in instance/ shared by every worker (portal/sessions/limit_storage.py);
    # production sets redis://.
    RATELIMIT_STORAGE_URI = None
    RATELIMIT_HEADERS_ENABLED = True
    # Webhooks (portal/webhooks/): private/loopback targets refused unless allowed; seconds to wait
    # after each failed attempt (6 waits: 7 attempts); failed attempts in a row that disable an endpoint.
    WEBHOOKS_ALLOW_PRIVATE = False
    WEBHOOKS_TIMEOUT = 10
    WEBHOOKS_BACKOFF_SECONDS = (60, 300, 1800, 7200, 21600, 43200)
    WEBHOOKS_DISABLE_AFTER = 20
    WEBHOOKS_RETRY_MINUTES = 1
    # Signing secrets are stored encrypted (Fernet, portal/webhooks/vault.py) with this key
    # material, SECRET_KEY when unset; old material stays in WEBHOOKS_OLD_SECRET_KEYS to read
    # secrets stored before a change of key.
    WEBHOOKS_SECRET_KEY = None
    WEBHOOKS_OLD_SECRET_KEYS = ()
    # Housekeeping (portal/tasks/housekeeping.py), every HOUSEKEEPING_INTERVAL_MINUTES, deleting
    # HOUSEKEEPING_BATCH rows per transaction: idempotency keys (they answer 24 h; the extra hour
    # spares a retry at the boundary), finished webhook deliveries, tombstones (a sync older
    # than that is told to resync fully: 410 on /smart_doc/deleted/), and finished account
    # e-mails (they name their recipients; a pending one is never deleted).
    HOUSEKEEPING_INTERVAL_MINUTES = 60
    HOUSEKEEPING_BATCH = 1000
    IDEMPOTENCY_KEEP_HOURS = 25
    WEBHOOKS_KEEP_DAYS = 30
    SYNC_TOMBSTONES_KEEP_DAYS = 90
    ACCOUNT_MAILS_KEEP_DAYS = 30
    # Requests per API key (portal/web/api_limits.py), ";"-separated; "" turns the limit off.
    API_RATE_LIMIT = "600/minute;20000/hour"
    LOGIN_LIMIT_PER_IP = "20 per minute"
    LOGIN_LIMIT_PER_ACCOUNT = "5 per minute"
    # «Забыли пароль?» and registration send e-mails: per address and per client address.
    MAIL_LINK_LIMIT_PER_ADDRESS = "3 per hour"
    MAIL_LINK_LIMIT_PER_IP = "10 per hour"
    PREFERRED_URL_SCHEME = "http"
    # Staff invites (portal/staffing/invites.py): how long an invite link stays valid.
    INVITE_TTL_HOURS = 72
    # ЭЦП (portal/identity/): НУЦ РК roots and intermediates (lists of PEM/DER paths, or one
    # string separated by ':'), revocation by "ocsp" (URL from the certificate unless EDS_OCSP_URL)
    # or "crl" (EDS_CRL_URLS, else the certificate's distribution points), and NCALayer's address.
    EDS_ROOT_CERTS = ()
    EDS_INTERMEDIATE_CERTS = ()
    EDS_REVOCATION = "ocsp"
    EDS_OCSP_URL = None
    EDS_CRL_URLS = ()
    EDS_TIMEOUT = 5
    EDS_CHALLENGE_TTL_SECONDS = 300
    NCALAYER_URL = "wss://127.0.0.1:13579/"
    # Codes e-mailed to a company's listed address: lifetime, tries, and codes sent per hour.
    CLAIM_CODE_TTL_MINUTES = 15
    CLAIM_CODE_TRIES = 5
    CLAIM_CODES_PER_USER_HOUR = 3
    CLAIM_CODES_PER_COMPANY_HOUR = 5
    # Issued documents (portal/documents/). PUBLIC_URL (env PORTAL_PUBLIC_URL) is the base of the
    # verification URL a QR code encodes; unset, the issuing request's host is used.
    PUBLIC_URL = None
    CHECK_FILE_MAX_BYTES = 10 * 1024 * 1024
    DOCUMENTS_ZIP_MAX = 100
    # SMTP for sending issued PDFs; without MAIL_SERVER messages go to instance/outbox/*.eml.
    MAIL_SERVER = None
    MAIL_PORT = 587
    MAIL_USE_TLS = True
    MAIL_USE_SSL = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_SENDER = "B2B-портал <noreply@b2b-portal.kz>"
    MAIL_TIMEOUT = 10
    # How often the scheduler looks for e-mails that failed and are due another attempt.
    MAIL_RETRY_MINUTES = 1
    # Sends from a document's page per user: each is a message to outside addresses, so enough
    # for a busy accountant and too few for a spammer.
    MAIL_SEND_LIMIT = "30 per hour"
    # The task queue (portal/tasks/): TASKS_URL (env TASKS_URL) is `redis://host:port/db` in
    # production; unset, the queue is the SQLite file instance/tasks.db. A claimed job or e-mail
    # attempt whose worker is silent for TASKS_LEASE_SECONDS is presumed dead and run again.
    TASKS_URL = None
    TASKS_QUEUE = "portal"
    TASKS_IMMEDIATE = False
    TASKS_LEASE_SECONDS = 300
    TASKS_RETRIES = 3
    TASKS_RETRY_DELAY = 30
    TASKS_RECOVER_MINUTES = 1
    # Recurring documents and reminders (portal/chores/): how often the scheduler looks for due
    # periods and due reminders, and how many days late a missed reminder is still sent.
    RECURRING_INTERVAL_MINUTES = 5
    REMINDERS_INTERVAL_MINUTES = 60
    REMINDERS_CATCHUP_DAYS = 3
    TASKS_POLL_SECONDS = 0.25
    # Documents per chunk job of an issue run (bulk issue, issue-batch): chunks run in parallel.
    ISSUE_CHUNK = 20
    # Market data (portal/market/): sources, schedule, staleness, HTTP limits.
    RATES_URL = "https://nationalbank.kz/rss/rates_all.xml"
    RATES_BY_DATE_URL = "https://nationalbank.kz/rss/get_rates.cfm?fdate={date}"
    NEWS_FEEDS = (
        "https://forbes.kz/rss/,https://kapital.kz/rss,https://inbusiness.kz/ru/rss,"
        "https://www.zakon.kz/rss,https://kursiv.kz/rss/all"
    )
    RATES_INTERVAL_MINUTES = 60
    NEWS_INTERVAL_MINUTES = 30
    RATES_STALE_HOURS = 36
    NEWS_STALE_HOURS = 24
    MARKET_HTTP_TIMEOUT = 10
    MARKET_HTTP_RETRIES = 2
    MARKET_HTTP_BACKOFF = 1.0
    MARKET_MAX_BYTES = 5 * 1024 * 1024
    NEWS_ITEMS_PER_FEED = 30


def normalise_database_url(url: str) -> str:
    """Accept the usual `postgres://` and `postgresql://` forms and use psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def instance_secret_key(instance_path: str) -> str:
    """Read the secret key kept in instance/, creating it on first start."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def load_config(app: Flask, test_config: dict | None) -> None:
    """Fill app.config from every source in order of precedence."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("PORTAL")
    for name in ("SECRET_KEY", "DATABASE_URL", "RATELIMIT_STORAGE_URI", "TASKS_URL"):
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    if test_config:
        app.config.update(test_config)
    url = app.config.get("DATABASE_URL") or "sqlite:///" + os.path.join(app.instance_path, "portal.db")
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(url)
    if not url.startswith("sqlite"):
        # A server connection can die between requests; a SQLite file cannot, so no ping there.
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {}).setdefault("pool_pre_ping", True)
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "ratelimits.sqlite")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
