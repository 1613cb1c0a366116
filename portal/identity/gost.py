"""GOST R 34.10-2015 (512-bit) signatures as НУЦ РК makes them, checked with `gostcrypto`.

НУЦ РК (KalkanCrypt) names everything under its own arc 1.2.398.3.10.1:
- public key 1.2.398.3.10.1.1.2.2, parameters SEQUENCE { curve 1.2.398.3.10.1.1.2.2.1, digest
  1.2.398.3.10.1.3.3 }; the curve is TC26's id-tc26-gost-3410-12-512-paramSetA (RFC 7836 A.1,
  Р 1323565.1.024-2019), which gostcrypto carries built in;
- signature 1.2.398.3.10.1.1.2.3.2 (GOST R 34.10-2015 512 with ГОСТ 34.11-2015 / Streebog-512),
  digest 1.2.398.3.10.1.3.3.

Byte order is not the Russian profile's (RFC 4491/9215: signature s‖r big-endian). Kalkan
writes the signature as r‖s, each half little-endian; the public key is x‖y little-endian (as
RFC 4491), and the digest is read as a little-endian number. Checked against KalkanCrypt's own
certificate and signature (tests/data/kalkan_gost512/); CRLs and OCSP answers, signed by the same
Kalkan at НУЦ, are taken to use the same order (see the README).
"""
from functools import lru_cache

from asn1crypto import core
from gostcrypto import gosthash, gostsignature

from portal.identity.errors import SignatureRefused

KEY_512 = "1.2.398.3.10.1.1.2.2"
CURVE_512_A = "1.2.398.3.10.1.1.2.2.1"
SIGNATURE_512 = "1.2.398.3.10.1.1.2.3.2"
DIGEST_512 = "1.2.398.3.10.1.3.3"
SIZE = 64
REMEMBER_UP_TO = 16 * 1024
# GOST variants НУЦ has used but this module does not check, and why (shown to the user).
NOT_CHECKED = (
    "Ключи ГОСТ этого вида не принимаются: проверяются ГОСТ Р 34.10-2015 512 бит (ключи НУЦ РК с 2024 года) "
    "и RSA. Получите новый ключ ГОСТ в НУЦ РК или подпишите ключом RSA."
)
_curve = gostsignature.CURVES_R_1323565_1_024_2019["id-tc26-gost-3410-12-512-paramSetA"]
_verifier = gostsignature.new(gostsignature.MODE_512, _curve)


def streebog512(data: bytes) -> bytes:
    """ГОСТ 34.11-2015 (Streebog) 512-bit digest, bytes as the hash function emits them."""
    return bytes(gosthash.new("streebog512", data=data).digest())


def _coordinates_big_endian(blob: bytes) -> bytearray:
    """Two little-endian halves (Kalkan's order) → the big-endian halves gostcrypto reads."""
    return bytearray(blob[:SIZE][::-1] + blob[SIZE:][::-1])


class _Algorithm(core.Sequence):
    """AlgorithmIdentifier read without asn1crypto's key-type tables (which lack НУЦ's OIDs)."""

    _fields = [("algorithm", core.ObjectIdentifier), ("parameters", core.Any, {"optional": True})]


class _Parameters(core.Sequence):
    """GOST key parameters: the curve and the digest (RFC 4491 §2.3.1, НУЦ's OIDs)."""

    _fields = [("curve", core.ObjectIdentifier), ("digest", core.ObjectIdentifier, {"optional": True})]


class _PublicKeyInfo(core.Sequence):
    """SubjectPublicKeyInfo with the key left as bytes (an OCTET STRING inside the BIT STRING)."""

    _fields = [("algorithm", _Algorithm), ("public_key", core.OctetBitString)]


def public_key(spki_der: bytes) -> bytearray:
    """The point of a 512-bit НУЦ GOST SubjectPublicKeyInfo, as gostcrypto takes it (x‖y big-endian)."""
    try:
        info = _PublicKeyInfo.load(spki_der)
        algorithm = info["algorithm"]["algorithm"].dotted
        params = info["algorithm"]["parameters"]
        curve = _Parameters.load(params.dump())["curve"].dotted if params.native is not None else None
        point = core.OctetString.load(info["public_key"].native).native
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        raise SignatureRefused("Сертификат повреждён: открытый ключ ГОСТ не читается.") from None
    if algorithm != KEY_512 or curve != CURVE_512_A:
        raise SignatureRefused(NOT_CHECKED)
    if not isinstance(point, bytes) or len(point) != 2 * SIZE:
        raise SignatureRefused("Сертификат повреждён: открытый ключ ГОСТ не той длины.")
    return _coordinates_big_endian(point)


def verify(spki_der: bytes, algorithm_oid: str, data: bytes, signature: bytes) -> bool:
    """Whether the key in `spki_der` made `signature` (Kalkan's layout) over `data`.

    A pure function of its arguments, and 0.1–0.3 s of Python arithmetic: remembered, so the
    intermediate's signature by the root (the same bytes at every login) is checked once. Large
    data (a CRL) is not kept as a key; its caller keeps the verified list instead.
    """
    if algorithm_oid != SIGNATURE_512:
        raise SignatureRefused(NOT_CHECKED)
    if len(data) > REMEMBER_UP_TO:
        return _verify.__wrapped__(spki_der, data, signature)
    return _verify(spki_der, data, signature)


@lru_cache(maxsize=256)
def _verify(spki_der: bytes, data: bytes, signature: bytes) -> bool:
    """`verify` once its algorithm is known to be GOST 2015 512."""
    key = public_key(spki_der)
    if len(signature) != 2 * SIZE:
        return False
    digest = bytearray(streebog512(data)[::-1])
    try:
        return bool(_verifier.verify(key, digest, _coordinates_big_endian(signature)))
    except gostsignature.GOSTSignatureError:
        return False
