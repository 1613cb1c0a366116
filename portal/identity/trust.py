"""The trusted НУЦ РК certificates: roots and intermediates from the files the settings name.

`EDS_ROOT_CERTS` and `EDS_INTERMEDIATE_CERTS` are lists of paths (or one string separated by
the OS path separator) of PEM or DER certificates, e.g. НУЦ's `root_rsa_2020.cer` and
`nca_rsa_2022.cer` from pki.gov.kz. Chains are built only from these: certificates a signer
puts into the CMS are never trusted as issuers. Files are read once per change of their mtime.
"""
import os
from dataclasses import dataclass

from cryptography import x509

from portal.identity.errors import SignatureRefused

_cache: dict[tuple, "TrustStore"] = {}


@dataclass(frozen=True)
class TrustStore:
    """Roots (trust anchors) and intermediates (possible issuers on the way up)."""

    roots: tuple[x509.Certificate, ...]
    intermediates: tuple[x509.Certificate, ...]

    def issuers_of(self, cert: x509.Certificate) -> list[x509.Certificate]:
        """Trusted certificates whose subject is this certificate's issuer."""
        return [c for c in self.roots + self.intermediates if c.subject == cert.issuer]

    def is_root(self, cert: x509.Certificate) -> bool:
        """Whether this exact certificate is a configured root."""
        return any(cert == root for root in self.roots)


def _paths(value) -> tuple[str, ...]:
    """A setting as a tuple of paths."""
    if not value:
        return ()
    if isinstance(value, str):
        value = value.split(os.pathsep)
    return tuple(p for p in (str(v).strip() for v in value) if p)


def _read(path: str) -> list[x509.Certificate]:
    """Every certificate in a PEM or DER file."""
    with open(path, "rb") as handle:
        data = handle.read()
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificates(data)
    return [x509.load_der_x509_certificate(data)]


def load_trust(root_paths, intermediate_paths) -> TrustStore:
    """The trust store the settings describe; a refusal when no root is configured or readable."""
    roots, intermediates = _paths(root_paths), _paths(intermediate_paths)
    if not roots:
        raise SignatureRefused("Проверка ЭЦП не настроена: не заданы корневые сертификаты НУЦ РК (EDS_ROOT_CERTS).")
    try:
        key = tuple((p, os.stat(p).st_mtime_ns) for p in roots + intermediates)
    except OSError as exc:
        raise SignatureRefused(f"Проверка ЭЦП не настроена: нет файла сертификата {exc.filename}.") from None
    store = _cache.get(key)
    if store is None:
        store = TrustStore(
            tuple(c for p in roots for c in _read(p)), tuple(c for p in intermediates for c in _read(p))
        )
        _cache.clear()
        _cache[key] = store
    return store
