"""Did this certificate's key make this signature? RSA through `cryptography`, GOST through `gost`.

Certificates, CRLs and OCSP answers name their signature algorithm by OID; the key to check it
with is the issuer's (or a delegated responder's). `cryptography` reads GOST certificates but
cannot use their keys, so a GOST signature is checked on the raw SubjectPublicKeyInfo.
"""
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from portal.identity import gost
from portal.identity.certs import is_gost

# sha{256,384,512}WithRSAEncryption: what НУЦ's RSA certificates and answers are signed with.
RSA_SIGNATURES = {
    "1.2.840.113549.1.1.11": hashes.SHA256,
    "1.2.840.113549.1.1.12": hashes.SHA384,
    "1.2.840.113549.1.1.13": hashes.SHA512,
}


def spki_of(cert: x509.Certificate) -> bytes:
    """The certificate's SubjectPublicKeyInfo, DER, whatever its algorithm."""
    tbs = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))["tbs_certificate"]
    return tbs["subject_public_key_info"].dump()


def holds_gost_key(cert: x509.Certificate) -> bool:
    """Whether the certificate's key is a GOST key."""
    return is_gost(cert.public_key_algorithm_oid.dotted_string)


def made_by(signer: x509.Certificate, algorithm_oid: str, data: bytes, signature: bytes) -> bool:
    """Whether `signer`'s key made `signature` over `data` with the named algorithm."""
    if is_gost(algorithm_oid):
        return holds_gost_key(signer) and gost.verify(spki_of(signer), algorithm_oid, data, signature)
    algorithm = RSA_SIGNATURES.get(algorithm_oid)
    if algorithm is None or holds_gost_key(signer):
        return False
    try:
        key = signer.public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            return False
        key.verify(signature, data, padding.PKCS1v15(), algorithm())
    except (InvalidSignature, UnsupportedAlgorithm, ValueError):
        return False
    return True
