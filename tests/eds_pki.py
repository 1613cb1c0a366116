"""A test НУЦ: root CA, intermediate, an OCSP responder and a CRL, and certificates as НУЦ issues them.

Everything is made with `cryptography` at run time; the OCSP responder is a real HTTP server on
127.0.0.1 answering real OCSP (cryptography's builder), signed by the intermediate. Signing makes
an attached CMS exactly as NCALayer returns it (cryptography's PKCS#7 builder). `make_pki(gost=True)`
makes НУЦ's GOST branch: the same names, fields and OIDs, GOST R 34.10-2015 512-bit keys and
signatures throughout (tests/eds_gost.py).
"""
import base64
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from portal.identity.certs import OID_EMPLOYEE, OID_FIRST_HEAD, OID_INDIVIDUAL, OID_LEGAL_ENTITY, OID_RIGHT_TO_SIGN
from tests import eds_gost
from tests.eds_gost import GostKey

NOW = datetime.now(timezone.utc)
# Key generation is the slow part: one key per role is enough for every certificate of a run.
_KEYS: dict[str, rsa.RSAPrivateKey | GostKey] = {}


def key(name: str, gost: bool = False) -> rsa.RSAPrivateKey | GostKey:
    """A 2048-bit RSA key (or a GOST 512-bit one), made once per name per run."""
    name = f"gost:{name}" if gost else name
    if name not in _KEYS:
        _KEYS[name] = GostKey() if gost else rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return _KEYS[name]


def _finish(builder: x509.CertificateBuilder, own, signer) -> x509.Certificate:
    """The certificate with `own`'s public key, signed by `signer` (RSA with SHA-256, or GOST)."""
    if isinstance(signer, GostKey):
        return eds_gost.certificate(builder, own, signer)
    return builder.public_key(own.public_key()).sign(signer, hashes.SHA256())


def _name(**parts) -> x509.Name:
    """An X.509 name from НУЦ's attribute names."""
    oids = {"CN": NameOID.COMMON_NAME, "SURNAME": NameOID.SURNAME, "G": NameOID.GIVEN_NAME,
            "SERIALNUMBER": NameOID.SERIAL_NUMBER, "C": NameOID.COUNTRY_NAME, "O": NameOID.ORGANIZATION_NAME,
            "OU": NameOID.ORGANIZATIONAL_UNIT_NAME}
    return x509.Name([x509.NameAttribute(oids[k], v) for k, v in parts.items()])


@dataclass
class Issued:
    """A certificate and its private key."""

    cert: x509.Certificate
    key: rsa.RSAPrivateKey | GostKey

    def sign(self, data: bytes) -> str:
        """An attached CMS over `data`, Base64, as NCALayer's basics.sign returns it."""
        if isinstance(self.key, GostKey):
            return eds_gost.signed_cms(data, self.cert, self.key)
        der = (pkcs7.PKCS7SignatureBuilder().set_data(data).add_signer(self.cert, self.key, hashes.SHA256())
               .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary]))
        return base64.b64encode(der).decode("ascii")


def _ca(subject: x509.Name, signer_key, issuer: x509.Name, own_key, days=3650, path=None) -> x509.Certificate:
    """A CA certificate."""
    return _finish(x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
            .serial_number(x509.random_serial_number()).not_valid_before(NOW - timedelta(days=30))
            .not_valid_after(NOW + timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=True, path_length=path), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True),
            own_key, signer_key)


@dataclass
class Pki:
    """The test НУЦ and its OCSP responder's state."""

    root: Issued
    intermediate: Issued
    ocsp_url: str = ""
    crl_url: str = ""
    revoked: dict[int, datetime] = field(default_factory=dict)
    issued: dict[int, x509.Certificate] = field(default_factory=dict)
    directory: Path | None = None
    gost: bool = False

    def person(self, iin: str = "880101300123", bin_value: str | None = None, roles=(OID_FIRST_HEAD,),
               auth: bool = True, days_valid=(-10, 365), key_name: str = "person", issuer: Issued | None = None,
               name: str = "ИСАЕВА АСЕЛЬ") -> Issued:
        """A person's certificate; with `bin_value` a legal entity's (O, OU=BIN…, 1.2.398.3.3.4.1.2 + roles)."""
        surname, given = (name.split() + [""])[:2]
        parts = dict(CN=name, SURNAME=surname, G=given + "ОВНА" if given else "", SERIALNUMBER=f"IIN{iin}", C="KZ")
        usages = [ExtendedKeyUsageOID.CLIENT_AUTH if auth else ExtendedKeyUsageOID.EMAIL_PROTECTION]
        if bin_value:
            parts.update(O='ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"', OU=f"BIN{bin_value}")
            usages += [x509.ObjectIdentifier(OID_LEGAL_ENTITY)] + [x509.ObjectIdentifier(r) for r in roles]
        else:
            usages.append(x509.ObjectIdentifier(OID_INDIVIDUAL))
        issuer = issuer or self.intermediate
        own = key(key_name, self.gost)
        cert = _finish(x509.CertificateBuilder().subject_name(_name(**parts)).issuer_name(issuer.cert.subject)
                .serial_number(x509.random_serial_number())
                .not_valid_before(NOW + timedelta(days=days_valid[0])).not_valid_after(NOW + timedelta(days=days_valid[1]))
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=not auth, key_encipherment=auth,
                                             data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                             crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
                .add_extension(x509.ExtendedKeyUsage(usages), critical=False)
                .add_extension(x509.AuthorityInformationAccess([x509.AccessDescription(
                    x509.oid.AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(self.ocsp_url or "http://127.0.0.1:9/"))]),
                    critical=False)
                .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                    [x509.UniformResourceIdentifier(self.crl_url or "http://127.0.0.1:9/crl")], None, None, None)]),
                    critical=False), own, issuer.key)
        self.issued[cert.serial_number] = cert
        return Issued(cert, own)

    def employee(self, bin_value: str, **kw) -> Issued:
        """A company employee without the right to sign (…1.2.5)."""
        return self.person(bin_value=bin_value, roles=(OID_EMPLOYEE,), **kw)

    def signer(self, bin_value: str, **kw) -> Issued:
        """A person with the right to sign (…1.2.2)."""
        return self.person(bin_value=bin_value, roles=(OID_RIGHT_TO_SIGN,), **kw)

    def self_signed(self, bin_value: str) -> Issued:
        """What a fake-login tool makes: НУЦ's subject fields, no НУЦ behind them."""
        fake = self.person(bin_value=bin_value, key_name="fake")
        builder = (x509.CertificateBuilder().subject_name(fake.cert.subject).issuer_name(fake.cert.subject)
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(NOW - timedelta(days=1)).not_valid_after(NOW + timedelta(days=365)))
        for ext in fake.cert.extensions:
            builder = builder.add_extension(ext.value, ext.critical)
        return Issued(_finish(builder, fake.key, fake.key), fake.key)

    def revoke(self, issued: Issued) -> None:
        """Mark a certificate revoked (the responder and the CRL say so from now on)."""
        self.revoked[issued.cert.serial_number] = NOW - timedelta(days=1)

    def crl(self) -> bytes:
        """The intermediate's current CRL, DER."""
        builder = (x509.CertificateRevocationListBuilder().issuer_name(self.intermediate.cert.subject)
                   .last_update(datetime.now(timezone.utc) - timedelta(minutes=1))
                   .next_update(datetime.now(timezone.utc) + timedelta(hours=12)))
        for serial, when in self.revoked.items():
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(when).build())
        if self.gost:
            return eds_gost.crl(builder, self.intermediate.key)
        return builder.sign(self.intermediate.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    def ocsp_answer(self, body: bytes) -> bytes:
        """A real OCSP response to a real OCSP request, signed by the intermediate."""
        request = ocsp.load_der_ocsp_request(body)
        serial = request.serial_number
        now = datetime.now(timezone.utc)
        if serial in self.revoked:
            status, when, reason = ocsp.OCSPCertStatus.REVOKED, self.revoked[serial], x509.ReasonFlags.key_compromise
        else:
            status, when, reason = ocsp.OCSPCertStatus.GOOD, None, None
        subject = self.issued.get(serial)
        if subject is None:  # not a certificate of this CA
            return ocsp.OCSPResponseBuilder.build_unsuccessful(ocsp.OCSPResponseStatus.UNAUTHORIZED).public_bytes(
                serialization.Encoding.DER)
        builder = (ocsp.OCSPResponseBuilder()
                   .add_response(cert=subject, issuer=self.intermediate.cert, algorithm=hashes.SHA1(),
                                 cert_status=status, this_update=now - timedelta(seconds=5),
                                 next_update=now + timedelta(minutes=10), revocation_time=when, revocation_reason=reason)
                   .responder_id(*self._responder_id()))
        try:
            nonce = request.extensions.get_extension_for_class(x509.OCSPNonce).value
            builder = builder.add_extension(nonce, critical=False)
        except x509.ExtensionNotFound:
            pass
        if self.gost:
            return eds_gost.ocsp_response(builder, self.intermediate.key)
        return builder.sign(self.intermediate.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    def _responder_id(self) -> tuple:
        """By key hash, as НУЦ; for GOST by name, on a stand-in of the intermediate that `cryptography`
        can sign the draft with (the name is all the answer keeps of it)."""
        if self.gost:
            return ocsp.OCSPResponderEncoding.NAME, eds_gost.draft_twin(self.intermediate.cert)
        return ocsp.OCSPResponderEncoding.HASH, self.intermediate.cert

    def write_trust(self, directory: Path) -> dict:
        """Root and intermediate as files, and the settings that point at them."""
        directory.mkdir(parents=True, exist_ok=True)
        kind = "gost" if self.gost else "rsa"
        root, inter = directory / f"root_{kind}.cer", directory / f"nca_{kind}.pem"
        root.write_bytes(self.root.cert.public_bytes(serialization.Encoding.DER))
        inter.write_bytes(self.intermediate.cert.public_bytes(serialization.Encoding.PEM))
        return {"EDS_ROOT_CERTS": [str(root)], "EDS_INTERMEDIATE_CERTS": [str(inter)], "EDS_TIMEOUT": 3}


def make_pki(gost: bool = False) -> Pki:
    """Root → intermediate, named like НУЦ РК's (RSA, or with `gost` its GOST branch)."""
    kind = "GOST" if gost else "RSA"
    root_name = _name(CN=f"ТЕСТ КОРНЕВОЙ УЦ РК ({kind})", C="KZ")
    inter_name = _name(CN=f"ТЕСТ НУЦ РК ({kind})", C="KZ")
    root_key, inter_key = key("root", gost), key("intermediate", gost)
    root = Issued(_ca(root_name, root_key, root_name, root_key), root_key)
    inter = Issued(_ca(inter_name, root_key, root_name, inter_key, path=0), inter_key)
    return Pki(root, inter, gost=gost)


class Responder:
    """The OCSP responder and CRL publisher on 127.0.0.1 (real HTTP, real OCSP)."""

    def __init__(self, pki: Pki, port: int = 0):
        self.pki = pki
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as a production responder
            disable_nagle_algorithm = True  # headers and body leave at once (no 40 ms delayed-ACK stall)

            def do_POST(self):  # noqa: N802  (http.server's hook name)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.requests += 1
                self._answer(outer.pki.ocsp_answer(body), "application/ocsp-response")

            def do_GET(self):  # noqa: N802
                self._answer(outer.pki.crl(), "application/pkix-crl")

            def _answer(self, data: bytes, kind: str):
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        port = self.server.server_address[1]
        pki.ocsp_url = f"http://127.0.0.1:{port}/ocsp"
        pki.crl_url = f"http://127.0.0.1:{port}/nca_rsa.crl"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        """Stop serving."""
        self.server.shutdown()
        self.server.server_close()
