"""Fixtures for the ЭЦП and company-proof tests: the test НУЦ, its responder, signing helpers (no tests here)."""
import tempfile
from pathlib import Path

import pytest

from portal.extensions import db
from portal.models import Staff, User
from tests import factories
from tests.eds_pki import Responder, make_pki

JSON = {"Accept": "application/json"}
IIN_HEAD = "880101300123"
IIN_SIGNER = "900202400456"
_TRUST_DIR = Path(tempfile.mkdtemp(prefix="portal-eds-"))


@pytest.fixture(scope="session")
def pki():
    """The test НУЦ with its OCSP responder and CRL served on 127.0.0.1 for the whole run."""
    authority = make_pki()
    responder = Responder(authority)
    authority.trust = authority.write_trust(_TRUST_DIR)
    yield authority
    responder.close()


@pytest.fixture(scope="session")
def gost_pki():
    """The test НУЦ's GOST branch (own root, intermediate, responder and CRL) for the whole run."""
    authority = make_pki(gost=True)
    responder = Responder(authority)
    authority.trust = authority.write_trust(_TRUST_DIR)
    yield authority
    responder.close()


def both_trusted(*authorities) -> dict:
    """Settings trusting every given НУЦ branch: their roots and intermediates in the same lists."""
    return {"EDS_ROOT_CERTS": [p for a in authorities for p in a.trust["EDS_ROOT_CERTS"]],
            "EDS_INTERMEDIATE_CERTS": [p for a in authorities for p in a.trust["EDS_INTERMEDIATE_CERTS"]],
            "EDS_TIMEOUT": 3}


@pytest.fixture
def app_config(pki, gost_pki):
    """The app trusts the test НУЦ, RSA and GOST roots alike, as production (OCSP by default)."""
    return both_trusted(pki, gost_pki)


@pytest.fixture
def unproven(app):
    """A directory company nobody has proven, with a listed e-mail address."""
    company = factories.make_company(name='ТОО "НЕПОДТВЕРЖДЁННАЯ"', proven=False)
    from portal.models import Email

    db.session.add(Email(email="buh@neproven.kz", company_id=company.id))
    db.session.commit()
    return company


@pytest.fixture
def claimant(app):
    """A registered user without a company."""
    return factories.make_user("claimant@test.kz", "claimant-pass", full_name="Заявитель Тестовый")


def seat(email: str) -> Staff | None:
    """The current position of an account."""
    db.session.expire_all()
    user = db.session.query(User).filter_by(email=email).one()
    return db.session.query(Staff).filter_by(user_id=user.id).one_or_none()


def open_claim(client, bin_value: str) -> str:
    """Claim a company by BIN through the real endpoint; the claim's id."""
    response = client.post("/staff/claim/", json={"bin": bin_value}, headers=JSON)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["claim"]["id"]


def challenge(client, path: str) -> str:
    """A fresh challenge from a `.../challenge/` endpoint."""
    response = client.post(path, headers=JSON)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["challenge"]


def prove_with(client, claim: str, issued, data: bytes | None = None):
    """Sign the claim's challenge (or other `data`) with a certificate and post it."""
    text = challenge(client, f"/identity/claims/{claim}/challenge/")
    signature = issued.sign(data if data is not None else text.encode())
    return client.post(f"/identity/claims/{claim}/eds/", json={"challenge": text, "signature": signature}, headers=JSON)


def link(client, issued):
    """Link the ИИН of `issued` to the logged-in account through the real endpoint."""
    text = challenge(client, "/identity/eds/challenge/")
    return client.post("/identity/eds/", json={"challenge": text, "signature": issued.sign(text.encode())}, headers=JSON)


def eds_login(client, issued, data: bytes | None = None):
    """Log in by signing the login challenge (or other `data`) with `issued`."""
    text = challenge(client, "/identity/login/challenge/")
    signature = issued.sign(data if data is not None else text.encode())
    return client.post("/identity/login/", json={"challenge": text, "signature": signature}, headers=JSON)
