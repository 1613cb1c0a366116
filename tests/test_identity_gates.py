"""Until a company is proven: read and draft, but no issuing, inviting or settings; then the authority is printed."""
from urllib.parse import urlsplit

import pytest
from sqlalchemy import update

from portal.extensions import db
from portal.identity.proofs import record_proof
from portal.models import JoinRequest, Staff
from portal.models.identity import METHOD_EDS_HEAD
from portal.models.issued import IssuedDocument
from tests import factories
from tests.eds_support import JSON
from tests.test_documents_support import BASE, issue_doc, make_buyer, make_sources

UNPROVEN = "пока компания не подтверждена"


@pytest.fixture
def shaky(app):
    """A company whose director was seated before proofs existed (a legacy, unproven seat), with a worker."""
    company = factories.make_company(name='ТОО "СТАРЫЙ ДИРЕКТОР"', proven=False)
    factories.make_user("legacy@test.kz", "legacy-pass", company=company, role="Директор")
    factories.make_user("helper@test.kz", "helper-pass", company=company, role="Работник")
    return company


@pytest.fixture
def legacy(shaky, token_headers):
    return token_headers("legacy@test.kz", "legacy-pass")


@pytest.fixture
def drafts(client, legacy):
    """Drafts are allowed before the proof: every source type is built through the API."""
    return make_sources(client, legacy, make_buyer())


def test_drafts_and_the_directory_are_open_before_the_proof(client, legacy, drafts):
    assert set(drafts) == {"ip", "aw", "wb", "co", "in"}
    assert client.get("/clients/clients/", headers=legacy).status_code == 200


def test_issuing_is_refused_until_the_company_is_proven(client, legacy, drafts, shaky):
    response = client.post(f"{BASE}/documents/", json={"type": "ip", "form": "pu", "content_id": drafts["ip"]["id"]},
                           headers=legacy)
    assert response.status_code == 403 and UNPROVEN in response.get_json()["detail"]
    bulk = client.post(f"{BASE}/documents/bulk/", json={"type": "ip", "form": "pu",
                                                         "content_ids": [drafts["ip"]["id"]]}, headers=legacy)
    assert bulk.status_code == 403
    assert db.session.query(IssuedDocument).count() == 0
    record_proof(shaky.id, METHOD_EDS_HEAD, None, "тест")
    db.session.commit()
    record = issue_doc(client, legacy, drafts["ip"], "ip")
    assert record["authority"]["method"] == "eds_head"
    assert record["authority"]["text"].startswith("Компания подтверждена ЭЦП первого руководителя ")


def test_the_batch_command_is_refused_too(app, shaky, legacy, drafts):
    from portal.documents.batch import issue_batch
    from portal.errors import ApiError

    staff = db.session.query(Staff).filter_by(company_id=shaky.id, role="Директор").one()
    with pytest.raises(ApiError) as refused:
        issue_batch(staff.id, "ip", "pu", [drafts["ip"]["id"]], "http://x", {}, workers=1)
    assert refused.value.status == 403


@pytest.mark.parametrize("method, path, body", [
    ("post", "/staff/invites/", {"role": "Работник"}),
    ("post", "/staff/accounts/", {"email": "new@test.kz", "full_name": "Новый", "role": "Работник"}),
    ("post", f"{BASE}/documents/numbering/", {"type": "ip", "year": 2026, "next_number": 10}),
])
def test_staff_and_settings_are_refused_until_proven(client, legacy, method, path, body):
    response = getattr(client, method)(path, json=body, headers=legacy)
    assert response.status_code == 403 and UNPROVEN in response.get_json()["detail"]


def test_role_changes_and_approvals_wait_for_the_proof(client, legacy, shaky, login):
    helper = db.session.query(Staff).filter_by(company_id=shaky.id, role="Работник").one()
    response = client.post(f"/staff/members/{helper.user.public_id}/role/", json={"role": "Директор"}, headers=legacy)
    assert response.status_code == 403 and UNPROVEN in response.get_json()["detail"]
    outsider = factories.make_user("outsider@test.kz", "outsider-pass")
    join = JoinRequest(user_id=outsider.id, company_id=shaky.id)
    db.session.add(join)
    db.session.commit()
    response = client.post(f"/staff/requests/{join.public_id}/approve/", headers=legacy)
    assert response.status_code == 403
    assert db.session.query(Staff).filter_by(user_id=outsider.id).count() == 0


def test_the_legacy_director_proves_the_company_from_the_claim_page(client, login, shaky):
    from portal.models import Email

    db.session.add(Email(email="office@stary.kz", company_id=shaky.id))
    db.session.commit()
    login("legacy@test.kz", "legacy-pass")
    response = client.post("/staff/claim/", json={"bin": shaky.bin}, headers=JSON)
    assert response.status_code == 201
    claim = client.get(response.get_json()["next"], headers=JSON).get_json()
    assert claim["status"] == "pending" and claim["emails"][0]["masked"] == "o*****@stary.kz"


def test_pages_say_how_the_authority_was_established(client, headers, sources, login, director, company):
    record = issue_doc(client, headers, sources["ip"], "ip")
    old = issue_doc(client, headers, sources["co"], "co")
    table = IssuedDocument.__table__  # as every document issued before this change (the ORM refuses edits)
    db.session.execute(update(table).where(table.c.public_id == old["id"]).values(authority_method=None,
                                                                                   authority_at=None))
    db.session.commit()
    html = {"Accept": "text/html"}
    text = client.get(urlsplit(record["verify_url"]).path, headers=html).get_data(as_text=True)
    assert "Компания подтверждена кодом, отправленным на адрес из справочника" in text
    old_verify = client.get(urlsplit(old["verify_url"]).path, headers=html).get_data(as_text=True)
    assert "способ подтверждения не записан" in old_verify
    as_json = client.get(urlsplit(old["verify_url"]).path, headers=JSON).get_json()
    assert as_json["authority"] == {"method": None, "proven_at": None, "text": "способ подтверждения не записан"}
    login("director@test.kz", "director-pass")
    page = client.get(f"{BASE}/documents/{record['id']}/", headers=html).get_data(as_text=True)
    assert "Полномочия" in page and "Компания подтверждена кодом" in page


@pytest.fixture
def headers(director, token_headers):
    return token_headers("director@test.kz", "director-pass")


@pytest.fixture
def sources(client, headers):
    return make_sources(client, headers, make_buyer())
