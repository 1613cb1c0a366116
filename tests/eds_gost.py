"""GOST R 34.10-2015 (512-bit) keys for the test НУЦ, encoded as KalkanCrypt encodes them.

`cryptography` cannot hold GOST keys, so a GOST certificate, CRL or OCSP answer is first built
by `cryptography` (every subject field and extension as for RSA) with a throw-away EC key, then
its public key and signature are replaced: the SubjectPublicKeyInfo with the GOST key
(1.2.398.3.10.1.1.2.2, curve …2.2.1, digest 1.2.398.3.10.1.3.3), the signature with a GOST one
(1.2.398.3.10.1.1.2.3.2) made by `gostcrypto` over the new to-be-signed bytes. CMS SignedData
is put together with `asn1crypto`. Byte order as in portal/identity/gost.py: r‖s and x‖y,
each half little-endian; the Streebog digest read as a little-endian number.
"""
import base64
import os
from datetime import datetime, timezone

from asn1crypto import algos, cms, core, crl as asn1_crl, ocsp as asn1_ocsp, x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from gostcrypto import gostsignature

from portal.identity import gost

_curve = gostsignature.CURVES_R_1323565_1_024_2019["id-tc26-gost-3410-12-512-paramSetA"]
_signer = gostsignature.new(gostsignature.MODE_512, _curve)
# q of paramSetA: private keys are drawn below it.
_Q = _signer._q  # noqa: SLF001  (gostcrypto keeps the group order private)
# The key `cryptography` signs the draft with before the GOST signature replaces it.
DRAFT_KEY = ec.generate_private_key(ec.SECP256R1())
DER = serialization.Encoding.DER


def _der(tag: int, content: bytes) -> bytes:
    """One DER TLV."""
    n = len(content)
    size = (n.bit_length() + 7) // 8
    length = bytes([n]) if n < 0x80 else bytes([0x80 | size]) + n.to_bytes(size, "big")
    return bytes([tag]) + length + content


def _oid(dotted: str) -> bytes:
    return core.ObjectIdentifier(dotted).dump()


class GostKey:
    """A GOST R 34.10-2015 512-bit key pair on paramSetA."""

    def __init__(self):
        while True:
            d = int.from_bytes(os.urandom(64), "big")
            if 0 < d < _Q:
                break
        self._d = d.to_bytes(64, "big")
        point = bytes(_signer.public_key_generate(bytearray(self._d)))  # x‖y big-endian
        self.point_le = point[:64][::-1] + point[64:][::-1]

    def spki(self) -> bytes:
        """The SubjectPublicKeyInfo as НУЦ writes it."""
        params = _der(0x30, _oid(gost.CURVE_512_A) + _oid(gost.DIGEST_512))
        algorithm = _der(0x30, _oid(gost.KEY_512) + params)
        return _der(0x30, algorithm + _der(0x03, b"\x00" + core.OctetString(self.point_le).dump()))

    def sign(self, data: bytes) -> bytes:
        """A signature over `data` in Kalkan's layout (r‖s, each little-endian)."""
        digest = bytearray(gost.streebog512(data)[::-1])
        rs = bytes(_signer.sign(bytearray(self._d), digest))  # r‖s big-endian
        return rs[:64][::-1] + rs[64:][::-1]


def signature_algorithm() -> algos.SignedDigestAlgorithm:
    """AlgorithmIdentifier of GOST 2015 512 with Streebog-512 (parameters NULL, as Kalkan)."""
    return algos.SignedDigestAlgorithm({"algorithm": gost.SIGNATURE_512, "parameters": core.Null()})


def certificate(builder: x509.CertificateBuilder, subject: GostKey, issuer: GostKey) -> x509.Certificate:
    """`builder`'s certificate with `subject`'s GOST key, signed by `issuer`'s."""
    draft = asn1_x509.Certificate.load(builder.public_key(DRAFT_KEY.public_key()).sign(DRAFT_KEY, hashes.SHA256())
                                       .public_bytes(DER))
    tbs = draft["tbs_certificate"]
    tbs["signature"] = signature_algorithm()
    tbs["subject_public_key_info"] = asn1_x509.PublicKeyInfo.load(subject.spki())
    tbs_der = tbs.dump()
    return x509.load_der_x509_certificate(_der(0x30, tbs_der + signature_algorithm().dump()
                                               + _der(0x03, b"\x00" + issuer.sign(tbs_der))))


def draft_twin(cert: x509.Certificate) -> x509.Certificate:
    """A certificate with `cert`'s subject and the draft key: what `cryptography` signs a draft OCSP
    answer «as» before the GOST signature replaces its own."""
    return (x509.CertificateBuilder().subject_name(cert.subject).issuer_name(cert.issuer)
            .public_key(DRAFT_KEY.public_key()).serial_number(cert.serial_number)
            .not_valid_before(cert.not_valid_before_utc).not_valid_after(cert.not_valid_after_utc)
            .sign(DRAFT_KEY, hashes.SHA256()))


def crl(builder: x509.CertificateRevocationListBuilder, issuer: GostKey) -> bytes:
    """`builder`'s CRL signed by a GOST key, DER."""
    draft = asn1_crl.CertificateList.load(builder.sign(DRAFT_KEY, hashes.SHA256()).public_bytes(DER))
    tbs = draft["tbs_cert_list"]
    tbs["signature"] = signature_algorithm()
    tbs_der = tbs.dump()
    return _der(0x30, tbs_der + signature_algorithm().dump() + _der(0x03, b"\x00" + issuer.sign(tbs_der)))


def ocsp_response(builder, issuer: GostKey) -> bytes:
    """`builder`'s OCSP answer signed by a GOST key, DER."""
    draft = asn1_ocsp.OCSPResponse.load(builder.sign(DRAFT_KEY, hashes.SHA256()).public_bytes(DER))
    basic = draft["response_bytes"]["response"].parsed
    tbs_der = basic["tbs_response_data"].dump()
    signed = asn1_ocsp.BasicOCSPResponse({
        "tbs_response_data": asn1_ocsp.ResponseData.load(tbs_der),
        "signature_algorithm": signature_algorithm(),
        "signature": issuer.sign(tbs_der),
    })
    return asn1_ocsp.OCSPResponse({
        "response_status": "successful",
        "response_bytes": {"response_type": "basic_ocsp_response", "response": signed},
    }).dump()


def signed_cms(data: bytes, cert: x509.Certificate, key: GostKey, when: datetime | None = None) -> str:
    """An attached CMS over `data` as NCALayer makes it with a GOST key, Base64."""
    holder = asn1_x509.Certificate.load(cert.public_bytes(DER))
    attrs = cms.CMSAttributes([
        {"type": "content_type", "values": ["data"]},
        {"type": "signing_time", "values": [cms.Time({"utc_time": when or datetime.now(timezone.utc)})]},
        {"type": "message_digest", "values": [gost.streebog512(data)]},
    ])
    info = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber({
            "issuer": holder.issuer, "serial_number": holder.serial_number})}),
        "digest_algorithm": {"algorithm": gost.DIGEST_512},
        "signed_attrs": attrs,
        "signature_algorithm": {"algorithm": gost.SIGNATURE_512},
        "signature": key.sign(attrs.dump()),
    })
    signed = cms.SignedData({
        "version": "v1",
        "digest_algorithms": [{"algorithm": gost.DIGEST_512}],
        "encap_content_info": {"content_type": "data", "content": data},
        "certificates": [holder],
        "signer_infos": [info],
    })
    der = cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump()
    return base64.b64encode(der).decode("ascii")
