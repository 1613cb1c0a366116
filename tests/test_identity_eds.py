"""Proving a company with ЭЦП: a real CMS over the server's challenge, chain to the test НУЦ, OCSP or CRL."""
import pytest

from portal.extensions import db
from portal.models import JoinRequest
from portal.models.identity import CompanyProof
from tests import factories
from tests.eds_support import (  # noqa: F401  (fixtures)
    IIN_HEAD, IIN_SIGNER, JSON, app_config, challenge, claimant, gost_pki, open_claim, pki, prove_with, seat,
    unproven,
)


def test_first_head_becomes_director_and_the_company_is_proven(client, login, pki, unproven, claimant):
    login("claimant@test.kz", "claimant-pass")
    claim = open_claim(client, unproven.bin)
    response = prove_with(client, claim, pki.person(IIN_HEAD, unproven.bin))
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["outcome"] == "director" and body["staff"]["role"] == "Директор"
    assert seat("claimant@test.kz").role == "Директор"
    proof = db.session.query(CompanyProof).filter_by(company_id=unproven.id).one()
    assert proof.method == "eds_head" and IIN_HEAD in proof.detail and proof.user_id == claimant.id
    page = client.get(f"/identity/claims/{claim}/", headers=JSON).get_json()
    assert page["status"] == "proven" and page["company_proof"]["text"].startswith(
        "Компания подтверждена ЭЦП первого руководителя ")


def test_signer_becomes_director_of_a_company_without_one(client, login, pki, unproven, claimant):
    login("claimant@test.kz", "claimant-pass")
    response = prove_with(client, open_claim(client, unproven.bin), pki.signer(unproven.bin, iin=IIN_SIGNER))
    assert response.status_code == 200 and response.get_json()["outcome"] == "director"
    assert db.session.query(CompanyProof).one().method == "eds_signer"


def test_signer_of_a_company_with_a_director_sends_a_request(client, login, pki, company, director, claimant):
    login("claimant@test.kz", "claimant-pass")
    response = prove_with(client, open_claim(client, company.bin), pki.signer(company.bin, iin=IIN_SIGNER))
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["outcome"] == "requested" and body["join_request"]["status"] == "pending"
    assert seat("claimant@test.kz") is None
    assert db.session.query(JoinRequest).filter_by(company_id=company.id).count() == 1


def test_a_first_head_outranks_an_unproven_seat(client, login, pki, unproven, claimant):
    """A squatter's early seat (and an unproven director) give way when the real head proves the company."""
    squatter = factories.make_user("squatter@test.kz", "squatter-pass")
    login("squatter@test.kz", "squatter-pass")
    open_claim(client, unproven.bin)
    assert seat("squatter@test.kz").role == "Работник"
    client.post("/auth/logout/")
    login("claimant@test.kz", "claimant-pass")
    response = prove_with(client, open_claim(client, unproven.bin), pki.person(IIN_HEAD, unproven.bin))
    assert response.get_json()["outcome"] == "director"
    assert seat("squatter@test.kz") is None
    assert db.session.query(JoinRequest).filter_by(user_id=squatter.id, status="pending").count() == 1


WRONG = {
    "individual": (lambda pki, bin_: pki.person("870101300999"), "сертификат физического лица"),
    "employee": (lambda pki, bin_: pki.employee(bin_), "сотрудник без права подписи"),
    "expired": (lambda pki, bin_: pki.person(IIN_HEAD, bin_, days_valid=(-400, -2)), "просрочен"),
    "not_yet_valid": (lambda pki, bin_: pki.person(IIN_HEAD, bin_, days_valid=(3, 300)), "ещё не действует"),
    "wrong_bin": (lambda pki, bin_: pki.person(IIN_HEAD, "120440099996"), "выдан для БИН 120440099996"),
    "self_signed": (lambda pki, bin_: pki.self_signed(bin_), "выдан не НУЦ РК"),
    "issued_by_another_ca": (lambda pki, bin_: pki.person(IIN_HEAD, bin_, issuer=pki.self_signed(bin_)),
                             "выдан не НУЦ РК"),
}


@pytest.mark.parametrize("case", sorted(WRONG))
def test_wrong_certificates_are_refused_and_seat_nobody(client, login, pki, unproven, claimant, case):
    make, message = WRONG[case]
    login("claimant@test.kz", "claimant-pass")
    claim = open_claim(client, unproven.bin)
    response = prove_with(client, claim, make(pki, unproven.bin))
    assert response.status_code == 400
    assert message in response.get_json()["signature"][0]
    assert seat("claimant@test.kz").role == "Работник"  # the draft seat only
    assert db.session.query(CompanyProof).count() == 0
    assert client.get(f"/identity/claims/{claim}/", headers=JSON).get_json()["status"] == "pending"


def test_a_revoked_certificate_is_refused_by_ocsp_and_by_crl(client, app, login, pki, unproven, claimant):
    login("claimant@test.kz", "claimant-pass")
    claim = open_claim(client, unproven.bin)
    revoked = pki.person(IIN_HEAD, unproven.bin)
    pki.revoke(revoked)
    response = prove_with(client, claim, revoked)
    assert response.status_code == 400 and "Сертификат отозван" in response.get_json()["signature"][0]
    app.config["EDS_REVOCATION"] = "crl"
    response = prove_with(client, claim, revoked)
    assert response.status_code == 400 and "Сертификат отозван" in response.get_json()["signature"][0]
    assert db.session.query(CompanyProof).count() == 0
    good = prove_with(client, claim, pki.person(IIN_HEAD, unproven.bin))  # the CRL path accepts a good one
    assert good.status_code == 200


def test_a_revocation_check_that_cannot_be_made_is_a_refusal(client, app, login, pki, unproven, claimant):
    app.config["EDS_OCSP_URL"] = "http://127.0.0.1:9/ocsp"  # nothing listens there
    login("claimant@test.kz", "claimant-pass")
    response = prove_with(client, open_claim(client, unproven.bin), pki.person(IIN_HEAD, unproven.bin))
    assert response.status_code == 400
    assert "Не удалось проверить, не отозван ли сертификат" in response.get_json()["signature"][0]
    assert db.session.query(CompanyProof).count() == 0


def test_a_signature_over_another_challenge_is_refused(client, login, pki, unproven, claimant):
    login("claimant@test.kz", "claimant-pass")
    claim = open_claim(client, unproven.bin)
    other = challenge(client, f"/identity/claims/{claim}/challenge/")
    response = prove_with(client, claim, pki.person(IIN_HEAD, unproven.bin), data=other.encode())
    assert response.status_code == 400 and "Подписан не тот запрос" in response.get_json()["signature"][0]
    assert db.session.query(CompanyProof).count() == 0


def test_a_replayed_signature_is_refused(client, login, pki, unproven, claimant, company, director):
    login("claimant@test.kz", "claimant-pass")
    claim = open_claim(client, company.bin)  # a company with a director: the proof becomes a request
    text = challenge(client, f"/identity/claims/{claim}/challenge/")
    body = {"challenge": text, "signature": pki.signer(company.bin, iin=IIN_SIGNER).sign(text.encode())}
    assert client.post(f"/identity/claims/{claim}/eds/", json=body, headers=JSON).status_code == 200
    client.post(f"/staff/claim/requests/{db.session.query(JoinRequest).one().public_id}/cancel/", headers=JSON)
    claim = open_claim(client, unproven.bin)
    replay = client.post(f"/identity/claims/{claim}/eds/", json=body, headers=JSON)
    assert replay.status_code == 400 and "не для этого действия" in replay.get_json()["signature"][0]
    again = client.post(f"/identity/claims/{claim}/eds/", json={
        "challenge": (text2 := challenge(client, f"/identity/claims/{claim}/challenge/")),
        "signature": pki.employee(unproven.bin).sign(text2.encode())}, headers=JSON)
    assert again.status_code == 400
    replayed = client.post(f"/identity/claims/{claim}/eds/", json={
        "challenge": text2, "signature": pki.person(IIN_HEAD, unproven.bin).sign(text2.encode())}, headers=JSON)
    assert replayed.status_code == 400 and "уже использован" in replayed.get_json()["signature"][0]
    assert db.session.query(CompanyProof).filter_by(company_id=unproven.id).count() == 0


@pytest.mark.parametrize("signature, message", [
    ("", "Нет подписи"), ("не base64!", "не Base64"), ("aGVsbG8=", "не CMS"),
])
def test_garbage_is_a_400_on_the_signature_field(client, login, pki, unproven, claimant, signature, message):
    login("claimant@test.kz", "claimant-pass")
    claim = open_claim(client, unproven.bin)
    text = challenge(client, f"/identity/claims/{claim}/challenge/")
    response = client.post(f"/identity/claims/{claim}/eds/", json={"challenge": text, "signature": signature},
                           headers=JSON)
    assert response.status_code == 400 and message in response.get_json()["signature"][0]


def test_without_configured_roots_nothing_is_accepted(client, app, login, pki, unproven, claimant):
    app.config["EDS_ROOT_CERTS"] = ()
    login("claimant@test.kz", "claimant-pass")
    response = prove_with(client, open_claim(client, unproven.bin), pki.person(IIN_HEAD, unproven.bin))
    assert response.status_code == 400 and "не заданы корневые сертификаты" in response.get_json()["signature"][0]
