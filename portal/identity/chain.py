"""The signer's certificate chain, up to a configured root, and every link's validity dates."""
from datetime import datetime

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm

from portal.identity.algorithms import made_by
from portal.identity.certs import is_gost
from portal.identity.errors import SignatureRefused
from portal.identity.trust import TrustStore
from portal.timeutil import to_almaty

MAX_DEPTH = 6


def _date(value: datetime) -> str:
    """A certificate date as people read it."""
    return f"{to_almaty(value):%d.%m.%Y}"


def check_dates(cert: x509.Certificate, now: datetime, what: str = "Сертификат") -> None:
    """Refuse a certificate outside its validity period."""
    if now < cert.not_valid_before_utc:
        raise SignatureRefused(f"{what} ещё не действует: срок начинается {_date(cert.not_valid_before_utc)}.")
    if now > cert.not_valid_after_utc:
        raise SignatureRefused(f"{what} просрочен: срок действия истёк {_date(cert.not_valid_after_utc)}.")


def _is_ca(cert: x509.Certificate) -> bool:
    """Whether a certificate may issue others (basicConstraints CA and, if present, keyCertSign)."""
    try:
        if not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca:
            return False
    except x509.ExtensionNotFound:
        return False
    try:
        return cert.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    except x509.ExtensionNotFound:
        return True


def _signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Whether `issuer`'s key made `cert`'s signature (a GOST key only a GOST signature, so a GOST
    certificate chains to a GOST root and an RSA one to an RSA root)."""
    algorithm = cert.signature_algorithm_oid.dotted_string
    if is_gost(algorithm):
        return cert.issuer == issuer.subject and made_by(issuer, algorithm, cert.tbs_certificate_bytes, cert.signature)
    try:
        cert.verify_directly_issued_by(issuer)
    except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
        return False
    return True


def build_chain(leaf: x509.Certificate, trust: TrustStore, now: datetime) -> list[x509.Certificate]:
    """[leaf, issuer, …, root]: every link signed by the next, the last a configured root."""
    if _is_ca(leaf):
        raise SignatureRefused("Подписано сертификатом удостоверяющего центра, а не сертификатом человека.")
    check_dates(leaf, now)
    chain = [leaf]
    while not trust.is_root(chain[-1]):
        current = chain[-1]
        issuer = next((c for c in trust.issuers_of(current) if _is_ca(c) and _signed_by(current, c)), None)
        if issuer is None or len(chain) > MAX_DEPTH:
            raise SignatureRefused(
                "Сертификат выдан не НУЦ РК: цепочка не ведёт к доверенному корневому сертификату."
            )
        check_dates(issuer, now, "Сертификат удостоверяющего центра")
        chain.append(issuer)
    return chain
