"""A WSGI fast path for the public directory's JSON answers to anonymous callers.

An anonymous GET of a public directory list or object (`/clients/sections/`, `emails/?page=50`,
...) is the same answer for everyone while the directory's data version is unchanged. After the
full application has answered such a request once (200, JSON, public, no cookie in or out), its
status, headers and body are kept per process under (host, path and query, Accept) and the
version it was built from; the same request again is answered here, before Flask's request
handling, after one one-row read of `directory_version`. A changed version (database triggers
bump it on every directory write) sends the request through the application again. Requests
with credentials, cookies, htmx or other methods always go through the application.
`If-None-Match` is honoured here as the application would (304 without a body).
"""
from flask import Flask, g, request
from sqlalchemy import text

VERSION_SQL = text("SELECT version FROM directory_version WHERE id = 1")
SKIP_HEADERS = {"date", "set-cookie", "content-length"}


class PublicFastPath:
    """WSGI middleware in front of the Flask app (see module docstring)."""

    def __init__(self, app: Flask, wsgi_app, limit: int):
        self.app, self.wsgi_app, self.limit = app, wsgi_app, limit
        self.entries: dict[tuple, tuple[int, list[tuple[str, str]], bytes, str]] = {}
        self._engine = None

    def _version(self) -> int | None:
        if self._engine is None:
            from portal.extensions import db

            with self.app.app_context():
                self._engine = db.engine
        with self._engine.connect() as conn:
            return conn.execute(VERSION_SQL).scalar()

    @staticmethod
    def key_of(environ) -> tuple | None:
        """The cache key of a request that may be answered here, else None."""
        if environ.get("REQUEST_METHOD") != "GET":
            return None
        if environ.get("HTTP_AUTHORIZATION") or environ.get("HTTP_COOKIE") or environ.get("HTTP_HX_REQUEST"):
            return None
        if not environ.get("PATH_INFO", "").startswith("/clients/"):
            return None
        return (environ.get("HTTP_HOST", ""), environ.get("wsgi.url_scheme", ""), environ.get("PATH_INFO", ""),
                environ.get("QUERY_STRING", ""), environ.get("HTTP_ACCEPT", ""))

    def __call__(self, environ, start_response):
        key = self.key_of(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        kept = self.entries.get(key)
        if kept is not None:
            version = self._version()
            if version is not None and kept[0] == version:
                return self._replay(kept, environ, start_response)
        environ["portal.fast_path_key"] = key
        return self.wsgi_app(environ, start_response)

    @staticmethod
    def _replay(kept, environ, start_response):
        _, headers, body, etag = kept
        wanted = environ.get("HTTP_IF_NONE_MATCH", "")
        if etag and wanted and etag in [tag.strip() for tag in wanted.split(",")]:
            start_response("304 NOT MODIFIED", [(k, v) for k, v in headers if k.lower() != "content-type"])
            return [b""]
        start_response("200 OK", headers + [("Content-Length", str(len(body)))])
        return [body]

    def keep(self, response) -> None:
        """after_request (runs last): keep this answer if it may be replayed to anyone."""
        key = request.environ.get("portal.fast_path_key")
        version = g.get("directory_version")
        if key is None or version is None or not g.get("cache_public"):
            return
        if response.status_code != 200 or response.mimetype != "application/json" or "Set-Cookie" in response.headers:
            return
        if len(self.entries) >= self.limit:
            self.entries.clear()
        headers = [(k, v) for k, v in response.headers.items() if k.lower() not in SKIP_HEADERS]
        self.entries[key] = (version, headers, response.get_data(), response.headers.get("ETag", ""))


def register_public_fast_path(app: Flask) -> None:
    """Put the fast path in front of the app (off with DIRECTORY_CACHE=False)."""
    if not app.config.get("DIRECTORY_CACHE", True):
        return
    fast = PublicFastPath(app, app.wsgi_app, int(app.config.get("DIRECTORY_CACHE_ENTRIES", 2000)))
    app.wsgi_app = fast
    app.extensions["public_fast_path"] = fast

    # Registered first, so Flask runs it last: the answer it sees carries every other hook's headers.
    @app.after_request
    def _keep(response):
        fast.keep(response)
        return response
