"""The signature inside an attached CMS (PKCS#7 SignedData), checked by hand.

`cryptography` cannot verify CMS, so `asn1crypto` parses it; `cryptography` checks an RSA
signature and `gost` a GOST R 34.10-2015 one: over the DER of the signed attributes (re-tagged
as a SET, RFC 5652 §5.4), whose messageDigest must be the hash of the signed content (SHA-2 for
RSA, Streebog-512 for GOST) and whose contentType must be the content's type. The signer's
certificate is the one in the CMS matching the SignerInfo.
"""
import hashlib
from dataclasses import dataclass

from asn1crypto import cms as asn1_cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from portal.identity import gost
from portal.identity.algorithms import holds_gost_key, made_by
from portal.identity.certs import is_gost
from portal.identity.errors import SignatureRefused

HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}
# A GOST SignerInfo names the signature (Kalkan) or, as RSA's rsaEncryption, the key algorithm.
GOST_SIGNATURES = {gost.SIGNATURE_512: gost.SIGNATURE_512, gost.KEY_512: gost.SIGNATURE_512}


@dataclass
class SignedContent:
    """The content a CMS carries and the certificate whose key signed it."""

    content: bytes
    signer: x509.Certificate


def _load(data: bytes) -> asn1_cms.SignedData:
    """The SignedData of a CMS, or a refusal when it is something else."""
    try:
        info = asn1_cms.ContentInfo.load(data, strict=True)
        if info["content_type"].native != "signed_data":
            raise SignatureRefused("Это не подпись CMS (ожидается SignedData).")
        signed = info["content"]
    except SignatureRefused:
        raise
    except (ValueError, TypeError, KeyError):
        raise SignatureRefused("Подпись повреждена: это не CMS (PKCS#7).") from None
    return signed


def _signer_certificate(signed: asn1_cms.SignedData, signer_info) -> x509.Certificate:
    """The certificate named by the SignerInfo (issuer and serial, or subject key id)."""
    sid = signer_info["sid"]
    for choice in signed["certificates"] or []:
        if choice.name != "certificate":
            continue
        cert = choice.chosen
        if sid.name == "issuer_and_serial_number":
            # Byte equality: the SignerInfo copies the certificate's issuer as encoded (asn1crypto's
            # normalising Name comparison costs milliseconds and buys nothing here).
            wanted = sid.chosen
            match = (cert["tbs_certificate"]["serial_number"].native == wanted["serial_number"].native
                     and cert["tbs_certificate"]["issuer"].dump() == wanted["issuer"].dump())
        else:
            match = cert.key_identifier == sid.chosen.native
        if match:
            return x509.load_der_x509_certificate(cert.dump())
    raise SignatureRefused("В подписи нет сертификата подписавшего.")


def _attribute(attrs, name: str):
    """The single value of a signed attribute, or None."""
    for attr in attrs:
        if attr["type"].native == name:
            values = attr["values"]
            if len(values) != 1:
                raise SignatureRefused(f"Подпись повреждена: атрибут {name} задан {len(values)} раз.")
            return values[0].native
    return None


def _digest(digest_name: str, content: bytes) -> bytes:
    """The content's hash by the SignerInfo's digest algorithm (already known to be accepted)."""
    if digest_name == gost.DIGEST_512:
        return gost.streebog512(content)
    return hashlib.new(digest_name, content).digest()


def _signed_bytes(signer_info, content: bytes, content_type: str, digest_name: str) -> bytes:
    """What the key signed: the signed attributes as a SET, after checking their digest."""
    attrs = signer_info["signed_attrs"]
    if not attrs:
        # Without signed attributes the signature is over the content itself (RFC 5652 §5.4).
        return content
    digest = _digest(digest_name, content)
    if _attribute(attrs, "message_digest") != digest:
        raise SignatureRefused("Подпись не сходится с подписанными данными (messageDigest).")
    if _attribute(attrs, "content_type") != content_type:
        raise SignatureRefused("Подпись повреждена: тип содержимого не совпадает.")
    return b"\x31" + attrs.dump()[1:]


def open_signed(data: bytes) -> SignedContent:
    """Check the signature of an attached CMS and return its content and signer's certificate.

    asn1crypto parses lazily, so a malformed part shows up when it is first read: anywhere below.
    """
    try:
        return _open(_load(data))
    except SignatureRefused:
        raise
    except (ValueError, TypeError, KeyError, AttributeError):
        raise SignatureRefused("Подпись повреждена: это не CMS (PKCS#7).") from None


INVALID = "Подпись недействительна: она не сделана ключом этого сертификата."
WRONG_ALGORITHM = "Подпись повреждена: алгоритм подписи не соответствует ключу сертификата."


def _open_gost(signed, info, content: bytes, content_type: str, algorithm: str, digest_oid: str) -> SignedContent:
    """The checks of a GOST R 34.10-2015 SignerInfo: Streebog-512 digest, the signer's GOST key."""
    if algorithm not in GOST_SIGNATURES or digest_oid != gost.DIGEST_512:
        raise SignatureRefused(gost.NOT_CHECKED)
    cert = _signer_certificate(signed, info)
    if not holds_gost_key(cert):
        raise SignatureRefused(WRONG_ALGORITHM)
    signed_bytes = _signed_bytes(info, content, content_type, digest_oid)
    if not made_by(cert, GOST_SIGNATURES[algorithm], signed_bytes, info["signature"].native):
        raise SignatureRefused(INVALID)
    return SignedContent(content, cert)


def _open(signed: asn1_cms.SignedData) -> SignedContent:
    """The checks of `open_signed` on a loaded SignedData."""
    infos = signed["signer_infos"]
    if len(infos) != 1:
        raise SignatureRefused("Ожидается ровно одна подпись.")
    info = infos[0]
    encap = signed["encap_content_info"]
    content = encap["content"].native if encap["content"] is not None else None
    if not isinstance(content, bytes):
        raise SignatureRefused("Подпись не содержит подписанных данных: подпишите с вложением данных.")
    algorithm = info["signature_algorithm"]["algorithm"].dotted
    digest_oid = info["digest_algorithm"]["algorithm"].dotted
    if is_gost(algorithm) or is_gost(digest_oid):
        return _open_gost(signed, info, content, encap["content_type"].native, algorithm, digest_oid)
    digest_name = info["digest_algorithm"]["algorithm"].native
    if digest_name not in HASHES:
        raise SignatureRefused(f"Алгоритм хэширования {digest_name} не принимается: нужен SHA-256 или выше.")
    cert = _signer_certificate(signed, info)
    signed_bytes = _signed_bytes(info, content, encap["content_type"].native, digest_name)
    if holds_gost_key(cert):
        raise SignatureRefused(WRONG_ALGORITHM)
    try:
        key = cert.public_key()
    except (UnsupportedAlgorithm, ValueError):
        raise SignatureRefused("Ключ сертификата не RSA и не ГОСТ: такие подписи не принимаются.") from None
    if not isinstance(key, rsa.RSAPublicKey) or info["signature_algorithm"].signature_algo != "rsassa_pkcs1v15":
        raise SignatureRefused("Поддерживаются только подписи RSA (PKCS#1 v1.5) и ГОСТ Р 34.10-2015.")
    try:
        key.verify(info["signature"].native, signed_bytes, padding.PKCS1v15(), HASHES[digest_name]())
    except InvalidSignature:
        raise SignatureRefused(INVALID) from None
    return SignedContent(content, cert)
