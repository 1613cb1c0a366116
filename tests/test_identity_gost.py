"""GOST R 34.10-2015 (512-bit) ЭЦП: KalkanCrypt's byte order, and every check RSA gets, on the GOST branch."""
import base64
from pathlib import Path

import pytest
from asn1crypto import cms as asn1_cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp

from portal.extensions import db
from portal.identity import gost, revocation
from portal.identity.algorithms import made_by, spki_of
from portal.identity.errors import SignatureRefused
from portal.models.identity import CompanyProof
from tests.eds_support import (  # noqa: F401  (fixtures)
    IIN_HEAD, app_config, challenge, claimant, eds_login, gost_pki, link, open_claim, pki, prove_with, seat,
    unproven,
)

KALKAN = Path(__file__).parent / "data" / "kalkan_gost512"


def kalkan_vectors() -> dict[str, str]:
    lines = (KALKAN / "test_gost512.vectors").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


def test_kalkan_output_verifies_in_its_own_byte_order_only():
    """KalkanCrypt's signature over a message and its certificate's self-signature verify as r‖s
    little-endian each; the Russian profile's s‖r big-endian (RFC 4491) does not."""
    v = kalkan_vectors()
    spki, sig, msg = bytes.fromhex(v["spki"]), bytes.fromhex(v["sig"]), v["msg"].encode()
    assert gost.streebog512(msg).hex() == v["digest"]
    assert gost.verify(spki, gost.SIGNATURE_512, msg, sig)
    assert not gost.verify(spki, gost.SIGNATURE_512, msg, sig[::-1])  # s‖r big-endian
    assert not gost.verify(spki, gost.SIGNATURE_512, msg + b".", sig)
    cert = x509.load_pem_x509_certificate((KALKAN / "test_gost512.cer.pem").read_bytes())
    assert cert.signature_algorithm_oid.dotted_string == gost.SIGNATURE_512 and spki_of(cert) == spki
    assert made_by(cert, gost.SIGNATURE_512, cert.tbs_certificate_bytes, cert.signature)
    assert not made_by(cert, gost.SIGNATURE_512, cert.tbs_certificate_bytes, cert.signature[::-1])


def test_other_gost_variants_are_refused_with_the_reason():
    spki = bytes.fromhex(kalkan_vectors()["spki"])
    with pytest.raises(SignatureRefused, match="ГОСТ Р 34.10-2015 512 бит"):
        gost.verify(spki, "1.2.398.3.10.1.1.2.3.1", b"x", bytes(64))  # GOST 2015 256-bit
    with pytest.raises(SignatureRefused, match="ГОСТ Р 34.10-2015 512 бит"):
        gost.verify(spki, "1.2.398.3.10.1.1.1.2", b"x", bytes(64))  # ГОСТ 34.310-2004


def test_gost_crl_and_ocsp_answers_are_checked_by_the_issuers_key(gost_pki, pki):
    inter, root = gost_pki.intermediate.cert, gost_pki.root.cert
    crl = x509.load_der_x509_crl(gost_pki.crl())
    assert made_by(inter, crl.signature_algorithm_oid.dotted_string, crl.tbs_certlist_bytes, crl.signature)
    assert not made_by(root, crl.signature_algorithm_oid.dotted_string, crl.tbs_certlist_bytes, crl.signature)
    assert not made_by(pki.intermediate.cert, crl.signature_algorithm_oid.dotted_string, crl.tbs_certlist_bytes,
                       crl.signature)  # an RSA key never «makes» a GOST signature
    holder = gost_pki.person(IIN_HEAD)
    request = ocsp.OCSPRequestBuilder().add_certificate(holder.cert, inter, hashes.SHA1()).build()
    answer = ocsp.load_der_ocsp_response(gost_pki.ocsp_answer(request.public_bytes(serialization.Encoding.DER)))
    assert answer.certificate_status == ocsp.OCSPCertStatus.GOOD
    args = (answer.signature_algorithm_oid.dotted_string, answer.tbs_response_bytes)
    assert made_by(inter, *args, answer.signature)
    assert not made_by(root, *args, answer.signature)
    assert not made_by(inter, *args, answer.signature[:-1] + bytes([answer.signature[-1] ^ 1]))


def test_a_gost_first_head_proves_the_company(client, login, gost_pki, unproven, claimant):
    login("claimant@test.kz", "claimant-pass")
    claim = open_claim(client, unproven.bin)
    response = prove_with(client, claim, gost_pki.person(IIN_HEAD, unproven.bin))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["outcome"] == "director" and seat("claimant@test.kz").role == "Директор"
    proof = db.session.query(CompanyProof).filter_by(company_id=unproven.id).one()
    assert proof.method == "eds_head" and IIN_HEAD in proof.detail


def test_link_and_log_in_with_a_gost_auth_key(client, login, gost_pki, director):
    login("director@test.kz", "director-pass")
    personal = gost_pki.person(IIN_HEAD, key_name="director-auth")
    assert link(client, personal).status_code == 200
    client.post("/auth/logout/")
    response = eds_login(client, personal)
    assert response.status_code == 200 and response.get_json()["email"] == "director@test.kz"
    client.post("/auth/logout/")
    response = eds_login(client, gost_pki.person(IIN_HEAD, auth=False))
    assert response.status_code == 400 and "нужен ключ аутентификации" in response.get_json()["signature"][0]


def tampered(issued, data: bytes) -> str:
    """A GOST CMS over `data` whose signature value has one bit flipped."""
    der = base64.b64decode(issued.sign(data))
    value = asn1_cms.ContentInfo.load(der)["content"]["signer_infos"][0]["signature"].native
    at = der.index(value) + 10
    return base64.b64encode(der[:at] + bytes([der[at] ^ 1]) + der[at + 1:]).decode()


class Forged:
    """A holder whose «CMS» has its signature value altered after signing."""

    def __init__(self, issued):
        self.issued = issued

    def sign(self, data: bytes) -> str:
        return tampered(self.issued, data)


WRONG = {
    "tampered": (lambda g, bin_: Forged(g.person(IIN_HEAD, bin_)), "Подпись недействительна"),
    "expired": (lambda g, bin_: g.person(IIN_HEAD, bin_, days_valid=(-400, -2)), "просрочен"),
    "self_signed": (lambda g, bin_: g.self_signed(bin_), "выдан не НУЦ РК"),
    "issued_by_another_ca": (lambda g, bin_: g.person(IIN_HEAD, bin_, issuer=g.self_signed(bin_)), "выдан не НУЦ РК"),
    "employee": (lambda g, bin_: g.employee(bin_), "сотрудник без права подписи"),
}


@pytest.mark.parametrize("case", sorted(WRONG))
def test_wrong_gost_signatures_are_refused(client, login, gost_pki, unproven, claimant, case):
    make, message = WRONG[case]
    login("claimant@test.kz", "claimant-pass")
    claim = open_claim(client, unproven.bin)
    response = prove_with(client, claim, make(gost_pki, unproven.bin))
    assert response.status_code == 400 and message in response.get_json()["signature"][0]
    assert seat("claimant@test.kz").role == "Работник" and db.session.query(CompanyProof).count() == 0


def test_a_gost_signature_over_another_challenge_is_refused(client, login, gost_pki, unproven, claimant):
    login("claimant@test.kz", "claimant-pass")
    claim = open_claim(client, unproven.bin)
    other = challenge(client, f"/identity/claims/{claim}/challenge/")
    response = prove_with(client, claim, gost_pki.person(IIN_HEAD, unproven.bin), data=other.encode())
    assert response.status_code == 400 and "Подписан не тот запрос" in response.get_json()["signature"][0]


def test_a_gost_certificate_needs_a_configured_gost_root(client, app, login, pki, gost_pki, unproven, claimant):
    app.config.update(pki.trust)  # RSA roots only
    login("claimant@test.kz", "claimant-pass")
    response = prove_with(client, open_claim(client, unproven.bin), gost_pki.person(IIN_HEAD, unproven.bin))
    assert response.status_code == 400 and "выдан не НУЦ РК" in response.get_json()["signature"][0]


def test_a_revoked_gost_certificate_is_refused_by_ocsp_and_by_crl(client, app, login, pki, gost_pki, unproven,
                                                                 claimant):
    revocation._crl_cache.clear()  # a list fetched by an earlier test would not know of this revocation
    login("claimant@test.kz", "claimant-pass")
    claim = open_claim(client, unproven.bin)
    revoked = gost_pki.person(IIN_HEAD, unproven.bin)
    gost_pki.revoke(revoked)
    response = prove_with(client, claim, revoked)
    assert response.status_code == 400 and "Сертификат отозван" in response.get_json()["signature"][0]
    app.config["EDS_REVOCATION"] = "crl"
    response = prove_with(client, claim, revoked)
    assert response.status_code == 400 and "Сертификат отозван" in response.get_json()["signature"][0]
    app.config["EDS_CRL_URLS"] = [pki.crl_url]  # the RSA CA's list says nothing of a GOST certificate
    response = prove_with(client, claim, gost_pki.person(IIN_HEAD, unproven.bin))
    assert response.status_code == 400 and "нет списка отзыва, выпущенного" in response.get_json()["signature"][0]
    app.config["EDS_CRL_URLS"] = [pki.crl_url, gost_pki.crl_url]  # both CAs' lists, as production lists them
    response = prove_with(client, claim, revoked)
    assert response.status_code == 400 and "Сертификат отозван" in response.get_json()["signature"][0]
    good = prove_with(client, claim, gost_pki.person(IIN_HEAD, unproven.bin))  # the GOST CRL accepts a good one
    assert good.status_code == 200, good.get_data(as_text=True)
