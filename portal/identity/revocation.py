"""Is the certificate revoked? Asked of НУЦ's OCSP responder or read from its CRL.

`EDS_REVOCATION` picks `ocsp` (default) or `crl`. The OCSP URL comes from the certificate's
Authority Information Access unless `EDS_OCSP_URL` overrides it; CRLs come from `EDS_CRL_URLS`
or the certificate's CRL distribution points. A check that cannot be made (no URL, network
error, an answer that is not signed by the issuer or is out of date) refuses the signature: an
unknown status is never taken as «not revoked». CRLs are kept in memory until their nextUpdate.
Answers and lists of a GOST CA are GOST-signed and checked so (`algorithms.made_by`).
"""
import os
import threading
from datetime import datetime, timedelta

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID

from portal.identity.algorithms import made_by
from portal.identity.chain import check_dates
from portal.identity.errors import SignatureRefused
from portal.timeutil import to_almaty

UNCHECKED = "Не удалось проверить, не отозван ли сертификат"
SKEW = timedelta(minutes=5)
# An OCSP answer without nextUpdate is fresh only this long after its thisUpdate.
OCSP_MAX_AGE = timedelta(hours=1)
_crl_cache: dict[str, x509.CertificateRevocationList] = {}
# URL → fingerprint of the CA certificate whose key the cached list's signature was checked with.
_crl_verified: dict[str, bytes] = {}
# One HTTP session per thread keeps the connection to the responder open between checks.
_local = threading.local()


def _http() -> requests.Session:
    """This thread's HTTP session."""
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session


def _urls_from(cert: x509.Certificate, ext_class, pick) -> list[str]:
    """URLs a certificate extension lists."""
    try:
        return pick(cert.extensions.get_extension_for_class(ext_class).value)
    except x509.ExtensionNotFound:
        return []


def _ocsp_urls(cert: x509.Certificate) -> list[str]:
    """The OCSP responders named in Authority Information Access."""
    return _urls_from(cert, x509.AuthorityInformationAccess, lambda aia: [
        d.access_location.value for d in aia
        if d.access_method == AuthorityInformationAccessOID.OCSP and isinstance(d.access_location, x509.UniformResourceIdentifier)
    ])


def _crl_urls(cert: x509.Certificate) -> list[str]:
    """The CRL distribution points' URLs."""
    return _urls_from(cert, x509.CRLDistributionPoints, lambda points: [
        name.value for point in points for name in (point.full_name or [])
        if isinstance(name, x509.UniformResourceIdentifier)
    ])


def _answer_signed_by(answer: ocsp.OCSPResponse, signer: x509.Certificate) -> bool:
    """Whether `signer`'s key (RSA or GOST) signed this OCSP answer."""
    return made_by(signer, answer.signature_algorithm_oid.dotted_string, answer.tbs_response_bytes, answer.signature)


def _responder_key(answer: ocsp.OCSPResponse, issuer: x509.Certificate, now: datetime):
    """The key that signed an OCSP answer: the issuer's, or a responder the issuer delegated to."""
    if _answer_signed_by(answer, issuer):
        return True
    for responder in answer.certificates:
        if responder.issuer != issuer.subject or not made_by(
                issuer, responder.signature_algorithm_oid.dotted_string, responder.tbs_certificate_bytes,
                responder.signature):
            continue
        try:
            usages = responder.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        except x509.ExtensionNotFound:
            continue
        if ExtendedKeyUsageOID.OCSP_SIGNING not in usages:
            continue
        check_dates(responder, now, "Сертификат OCSP-ответчика")
        if _answer_signed_by(answer, responder):
            return True
    return False


def _ask(url: str, body: bytes, timeout: float) -> bytes:
    """POST an OCSP request and return the answer's bytes."""
    try:
        response = _http().post(url, data=body, headers={"Content-Type": "application/ocsp-request"}, timeout=timeout)
    except requests.RequestException as exc:
        raise SignatureRefused(f"{UNCHECKED}: OCSP-сервер {url} недоступен ({type(exc).__name__}).") from None
    if response.status_code != 200:
        raise SignatureRefused(f"{UNCHECKED}: OCSP-сервер ответил {response.status_code}.")
    return response.content


def check_ocsp(cert: x509.Certificate, issuer: x509.Certificate, config, now: datetime) -> None:
    """Ask the OCSP responder about `cert`; refuse unless it answers, signed, «good»."""
    urls = [config["EDS_OCSP_URL"]] if config.get("EDS_OCSP_URL") else _ocsp_urls(cert)
    if not urls:
        raise SignatureRefused(f"{UNCHECKED}: в сертификате нет адреса OCSP.")
    nonce = os.urandom(16)
    request = (ocsp.OCSPRequestBuilder().add_certificate(cert, issuer, hashes.SHA1())
               .add_extension(x509.OCSPNonce(nonce), critical=False).build())
    raw = _ask(urls[0], request.public_bytes(serialization.Encoding.DER), float(config.get("EDS_TIMEOUT", 5)))
    try:
        answer = ocsp.load_der_ocsp_response(raw)
    except ValueError:
        raise SignatureRefused(f"{UNCHECKED}: ответ OCSP повреждён.") from None
    if answer.response_status != ocsp.OCSPResponseStatus.SUCCESSFUL:
        raise SignatureRefused(f"{UNCHECKED}: OCSP-сервер ответил {answer.response_status.name}.")
    if not _responder_key(answer, issuer, now):
        raise SignatureRefused(f"{UNCHECKED}: ответ OCSP подписан не удостоверяющим центром.")
    if answer.serial_number != cert.serial_number or answer.issuer_key_hash != request.issuer_key_hash:
        raise SignatureRefused(f"{UNCHECKED}: ответ OCSP о другом сертификате.")
    _check_nonce(answer, nonce)
    _check_fresh(answer.this_update_utc, answer.next_update_utc, now, OCSP_MAX_AGE, "ответ OCSP")
    if answer.certificate_status == ocsp.OCSPCertStatus.REVOKED:
        raise SignatureRefused(f"Сертификат отозван {to_almaty(answer.revocation_time_utc):%d.%m.%Y}.")
    if answer.certificate_status != ocsp.OCSPCertStatus.GOOD:
        raise SignatureRefused(f"{UNCHECKED}: OCSP-серверу сертификат неизвестен.")


def _check_nonce(answer: ocsp.OCSPResponse, nonce: bytes) -> None:
    """A responder that echoes the nonce must echo ours (a replayed answer would not)."""
    try:
        echoed = answer.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce
    except x509.ExtensionNotFound:
        return
    if echoed != nonce:
        raise SignatureRefused(f"{UNCHECKED}: ответ OCSP не на наш запрос.")


def _check_fresh(this_update: datetime, next_update: datetime | None, now: datetime, max_age: timedelta,
                 what: str) -> None:
    """Refuse revocation data from the future or past its time."""
    if this_update > now + SKEW:
        raise SignatureRefused(f"{UNCHECKED}: {what} датирован будущим временем.")
    expires = next_update or this_update + max_age
    if now > expires + SKEW:
        raise SignatureRefused(f"{UNCHECKED}: {what} устарел.")


def _download_crl(url: str, config, now: datetime) -> x509.CertificateRevocationList:
    """The CRL at `url`, from memory while it is current (whoever issued it)."""
    crl = _crl_cache.get(url)
    if crl is not None and (crl.next_update_utc or now) > now:
        return crl
    try:
        response = _http().get(url, timeout=float(config.get("EDS_TIMEOUT", 5)))
        response.raise_for_status()
    except requests.RequestException as exc:
        raise SignatureRefused(f"{UNCHECKED}: список отзыва {url} недоступен ({type(exc).__name__}).") from None
    data = response.content
    try:
        crl = x509.load_pem_x509_crl(data) if b"-----BEGIN" in data else x509.load_der_x509_crl(data)
    except ValueError:
        raise SignatureRefused(f"{UNCHECKED}: список отзыва повреждён.") from None
    _crl_cache[url] = crl
    _crl_verified.pop(url, None)
    return crl


def _fetch_crl(url: str, issuer: x509.Certificate, config, now: datetime) -> x509.CertificateRevocationList | None:
    """The CRL at `url` if `issuer` issued it (signature checked, current); None if another CA did.

    `EDS_CRL_URLS` lists the RSA and the GOST CA's lists alike; each certificate is looked up in
    its own issuer's. A list's signature is checked once per download (a GOST one over megabytes
    of Streebog in Python is slow), its dates at every use.
    """
    crl = _download_crl(url, config, now)
    if crl.issuer != issuer.subject:
        return None
    fingerprint = issuer.fingerprint(hashes.SHA256())
    if _crl_verified.get(url) != fingerprint:
        if not made_by(issuer, crl.signature_algorithm_oid.dotted_string, crl.tbs_certlist_bytes, crl.signature):
            raise SignatureRefused(f"{UNCHECKED}: список отзыва подписан не удостоверяющим центром.")
        _crl_verified[url] = fingerprint
    _check_fresh(crl.last_update_utc, crl.next_update_utc, now, timedelta(days=1), "список отзыва")
    return crl


def check_crl(cert: x509.Certificate, issuer: x509.Certificate, config, now: datetime) -> None:
    """Look `cert` up in every configured (or listed) CRL of its issuer; refuse when it has none."""
    configured = config.get("EDS_CRL_URLS") or []
    urls = configured.split() if isinstance(configured, str) else list(configured)
    urls = urls or _crl_urls(cert)
    if not urls:
        raise SignatureRefused(f"{UNCHECKED}: в сертификате нет адреса списка отзыва.")
    lists = [crl for crl in (_fetch_crl(url, issuer, config, now) for url in urls) if crl is not None]
    if not lists:
        raise SignatureRefused(f"{UNCHECKED}: нет списка отзыва, выпущенного удостоверяющим центром сертификата.")
    for crl in lists:
        entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
        if entry is not None:
            raise SignatureRefused(f"Сертификат отозван {to_almaty(entry.revocation_date_utc):%d.%m.%Y}.")


def check_revocation(cert: x509.Certificate, issuer: x509.Certificate, config, now: datetime) -> None:
    """The configured revocation check; an unknown method is a configuration error, refused."""
    method = (config.get("EDS_REVOCATION") or "ocsp").lower()
    if method == "ocsp":
        return check_ocsp(cert, issuer, config, now)
    if method == "crl":
        return check_crl(cert, issuer, config, now)
    raise SignatureRefused(f"{UNCHECKED}: неизвестный способ проверки EDS_REVOCATION={method!r}.")
