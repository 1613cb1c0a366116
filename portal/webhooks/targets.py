"""Where a webhook may go, and one POST there.

SSRF: a URL is refused if any address its host resolves to is loopback, private, link-local,
multicast, reserved or unspecified (IPv4 and IPv6, IPv4-mapped included), both when an
endpoint is registered and at every delivery (DNS may change in between); the connection then
goes to the address that was checked, so a second lookup cannot swap it (DNS rebinding).
`WEBHOOKS_ALLOW_PRIVATE` lifts the rule (tests, an intranet). Redirects are never followed: a
3xx is a failed attempt.
"""
import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from portal.errors import field_error

USER_AGENT = "B2B-Portal-Webhooks/1.0"


class TargetRefused(Exception):
    """The URL may not be called (scheme, host or a forbidden address)."""


@dataclass
class Answer:
    """What an attempt got: a status (None when nothing came back), the time taken, an error."""

    status: int | None
    millis: int
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def _forbidden(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (address.is_loopback or address.is_private or address.is_link_local or address.is_multicast
            or address.is_reserved or address.is_unspecified)


def resolve(url: str, allow_private: bool) -> tuple[str, str, int, str, str]:
    """(scheme, host, port, path with query, checked address) or TargetRefused saying why."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetRefused("Адрес должен начинаться с https:// (или http://) и содержать имя хоста.")
    if parts.username or parts.password:
        raise TargetRefused("Адрес не может содержать логин и пароль.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise TargetRefused("Неверный порт.") from None
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise TargetRefused(f"Имя хоста «{parts.hostname}» не найдено в DNS.") from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not allow_private and any(_forbidden(address) for address in addresses):
        raise TargetRefused("Адрес ведёт во внутреннюю сеть (loopback, частные, link-local, multicast или "
                            "зарезервированные адреса): такие адреса запрещены.")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, path, str(addresses[0])


def check_url(url: str, allow_private: bool) -> None:
    """A 400 on `url` for a URL no delivery could go to."""
    if len(url) > 2000:
        raise field_error("url", "Не длиннее 2000 символов.")
    try:
        resolve(url, allow_private)
    except TargetRefused as exc:
        raise field_error("url", str(exc)) from None


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to a checked address, with the certificate checked for the URL's host name."""

    def __init__(self, address: str, hostname: str, port: int, timeout: float):
        super().__init__(hostname, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, address: str, hostname: str, port: int, timeout: float):
        super().__init__(hostname, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def post(url: str, body: str, headers: dict, allow_private: bool, timeout: float) -> Answer:
    """POST `body` to `url` once; never raises (the answer says what went wrong)."""
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        scheme, host, port, path, address = resolve(url, allow_private)
    except TargetRefused as exc:
        return Answer(None, took(), str(exc))
    connection_class = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    connection = connection_class(address, host, port, timeout)
    try:
        payload = body.encode()
        connection.request("POST", path, body=payload, headers={
            **headers, "Content-Type": "application/json", "User-Agent": USER_AGENT,
            "Content-Length": str(len(payload))})
        response = connection.getresponse()
        response.read(65536)
        status = response.status
        error = "" if 200 <= status < 300 else f"HTTP {status} {response.reason}"[:500]
        if 300 <= status < 400:
            error = f"HTTP {status}: перенаправления не выполняются"
        return Answer(status, took(), error)
    except (OSError, http.client.HTTPException) as exc:
        return Answer(None, took(), f"{type(exc).__name__}: {exc}"[:500])
    finally:
        connection.close()
