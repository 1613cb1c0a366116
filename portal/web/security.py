"""Security headers on every response, and cookies that are Secure whenever HTTPS is in use.

HTTPS in production (documented in README): TLS ends at a reverse proxy, so set
`PORTAL_HTTPS=1` (both the session and the remember-me cookie get `Secure`, URLs are built
with https, browsers get HSTS) and `PORTAL_PROXY_FIX=<number of proxies>` so that the
portal trusts X-Forwarded-For/-Proto from them: the login rate limit then counts the real
client address, and `request.is_secure` reflects the client's scheme. Without the setting,
the session cookie still gets `Secure` on any request that arrives over HTTPS.
"""
from flask import Flask, Response, current_app, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix



def content_security_policy(ncalayer_url: str | None = None) -> str:
    """CSP without inline code; pages may also open a WebSocket to NCALayer on the user's machine."""
    connect = "connect-src 'self'" + (f" {ncalayer_url.rstrip('/')}" if ncalayer_url else "")
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: https:",
            "font-src 'self'",
            connect,
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


CSP = content_security_policy()
HSTS = "max-age=31536000; includeSubDomains"


class PortalSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, marked Secure when configured or when the request is HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure if the deployment says HTTPS, or this very request came over HTTPS."""
        configured = bool(app.config.get("SESSION_COOKIE_SECURE"))
        return configured or (has_request_context() and request.is_secure)


def add_security_headers(response: Response) -> Response:
    """CSP without unsafe-inline/eval, no sniffing, no framing, a referrer policy CSRF survives."""
    response.headers.setdefault("Content-Security-Policy", current_app.config.get("CSP") or CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def configure_https(app: Flask) -> None:
    """Apply `HTTPS` and `PROXY_FIX` settings (from PORTAL_HTTPS / PORTAL_PROXY_FIX)."""
    if app.config.get("HTTPS"):
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
        app.config["PREFERRED_URL_SCHEME"] = "https"
    proxies = int(app.config.get("PROXY_FIX") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)


def register_security(app: Flask) -> None:
    """Attach the header hook and the cookie policy."""
    configure_https(app)
    app.config["CSP"] = content_security_policy(app.config.get("NCALAYER_URL"))
    app.session_interface = PortalSessionInterface()
    app.after_request(add_security_headers)
