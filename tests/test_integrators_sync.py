"""Integrators: conditional requests (ETag, Last-Modified, 304), incremental sync with
`updated_after`, tombstones of deleted smart-doc objects, anonymous writes and empty PATCHes."""
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

import pytest

from portal.extensions import db
from portal.models import Email, PhoneNumber
from tests.api_data import build_directory
from tests.test_smart_docs_support import BASE, SEED_ACTOR, SEED_WORK, invoice_setup, make_buyer, post

JSON = {"Accept": "application/json"}


def _stamp() -> str:
    """Now, as an ISO time an integrator would send (Almaty offset, URL-encoded)."""
    time.sleep(0.01)
    value = datetime.now(timezone(timedelta(hours=5))).isoformat()
    time.sleep(0.01)
    return quote(value)


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [row["id"] for row in response.get_json()["results"]]


@pytest.fixture
def directory(app):
    return build_directory(3)


@pytest.fixture
def a(client, director, token_headers):
    return token_headers("director@test.kz", "director-pass")


@pytest.fixture
def b(client, other_director, token_headers):
    return token_headers("other@test.kz", "other-pass")


# --- conditional requests -----------------------------------------------------------------

@pytest.mark.parametrize("path", ["/clients/sections/", "/clients/emails/", "/clients/rubrics/"])
def test_public_lists_round_trip_their_etag(client, directory, path):
    first = client.get(path, headers=JSON)
    etag = first.headers["ETag"]
    assert etag.startswith('W/"') and first.headers["Cache-Control"] == "public, max-age=3600"
    again = client.get(path, headers={**JSON, "If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == etag
    other = client.get(path, headers={**JSON, "If-None-Match": 'W/"something-else"'})
    assert other.status_code == 200 and other.get_json() == first.get_json()


def test_public_retrieve_round_trips_and_changes_with_the_data(client, directory):
    email = directory.companies[0].emails[0]
    path = f"/clients/emails/{email.public_id}/"
    first = client.get(path, headers=JSON)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert client.get(path, headers={**JSON, "If-None-Match": etag}).status_code == 304
    assert client.get(path, headers={**JSON, "If-Modified-Since": modified}).status_code == 304
    time.sleep(1.1)  # Last-Modified has whole seconds
    email.email = "new@example.kz"
    db.session.commit()
    changed = client.get(path, headers={**JSON, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.get_json()["email"] == "new@example.kz"
    assert client.get(path, headers={**JSON, "If-Modified-Since": modified}).status_code == 200


def test_private_lists_and_objects_are_private_and_round_trip(client, directory, a):
    for path in ("/clients/clients/", f"/clients/clients/{directory.companies[0].public_id}/",
                 "/clients/phone_numbers/", f"{BASE}/works/"):
        first = client.get(path, headers=a)
        assert first.status_code == 200, path
        assert first.headers["Cache-Control"] == "private, no-cache", path
        assert "Authorization" in first.headers["Vary"]
        again = client.get(path, headers={**a, "If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.get_data() == b"", path


def test_smart_doc_list_and_document_etags_follow_edits(client, a):
    work = post(client, a, "works/", SEED_WORK)
    detail = f"{BASE}/works/{work['id']}/"
    first = client.get(detail, headers=a)
    list_first = client.get(f"{BASE}/works/", headers=a)
    assert "Last-Modified" in first.headers and "Last-Modified" in list_first.headers
    assert client.get(detail, headers={**a, "If-None-Match": first.headers["ETag"]}).status_code == 304
    assert client.patch(detail, json={"price": "25.00"}, headers=a).status_code == 200
    assert client.get(detail, headers={**a, "If-None-Match": first.headers["ETag"]}).status_code == 200
    assert client.get(f"{BASE}/works/", headers={**a, "If-None-Match": list_first.headers["ETag"]}).status_code == 200


def test_html_pages_and_errors_get_no_etag(client, directory):
    assert "ETag" not in client.get("/clients/sections/", headers={"Accept": "text/html"}).headers
    assert "ETag" not in client.get("/clients/sections/?page=99", headers=JSON).headers


# --- anonymous writes and empty PATCH ---------------------------------------------------------

@pytest.fixture
def csrf_app_config():
    return {"WTF_CSRF_ENABLED": True}


class TestWithCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_anonymous_writes_are_401_not_a_csrf_400(self, client):
        for method, path in [("POST", f"{BASE}/works/"), ("PUT", f"{BASE}/works/0000abcd/"),
                             ("PATCH", f"{BASE}/works/0000abcd/"), ("DELETE", f"{BASE}/works/0000abcd/"),
                             ("POST", "/smart_doc/documents/")]:
            response = client.open(path, method=method, json={"name": "x"}, headers=JSON)
            assert response.status_code == 401, (method, path, response.status_code)
            assert response.get_json() == {"detail": "Учётные данные не были предоставлены."}

    def test_a_logged_in_browser_still_needs_the_csrf_token(self, client, director):
        page = client.get("/auth/login/")
        assert page.status_code == 200
        # Without the form's token the login itself is refused (CSRF still guards cookie writes).
        refused = client.post("/auth/login/", data={"email": "director@test.kz", "password": "director-pass"})
        assert refused.status_code == 400


def test_empty_patch_is_a_400_and_changes_nothing(client, a):
    work = post(client, a, "works/", SEED_WORK)
    for body in ({}, None):
        response = client.patch(f"{BASE}/works/{work['id']}/", json=body if body is not None else {}, headers=a)
        assert response.status_code == 400 and "non_field_errors" in response.get_json()
    assert client.get(f"{BASE}/works/{work['id']}/", headers=a).get_json() == client.get(
        f"{BASE}/works/{work['id']}/", headers=a).get_json()


# --- incremental sync ---------------------------------------------------------------------------

def test_clients_emails_phones_updated_after(client, directory, a):
    companies = directory.companies
    since = _stamp()
    for path in ("/clients/clients/", "/clients/emails/", "/clients/phone_numbers/"):
        assert _ids(client.get(f"{path}?updated_after={since}", headers=a)) == [], path
    companies[1].company_name = 'ТОО "ИЗМЕНЁННАЯ"'
    companies[2].emails[0].email = "changed@example.kz"
    companies[0].phone_numbers[1].phone_number = "+7(727)000-00-00"
    db.session.commit()
    assert _ids(client.get(f"/clients/clients/?updated_after={since}", headers=a)) == [companies[1].public_id]
    assert _ids(client.get(f"/clients/emails/?updated_after={since}", headers=JSON)) == [companies[2].emails[0].public_id]
    assert _ids(client.get(f"/clients/phone_numbers/?updated_after={since}", headers=a)) == [
        companies[0].phone_numbers[1].public_id]
    # ordering=updated: the last changed comes last; filters still apply.
    ordered = _ids(client.get("/clients/clients/?ordering=updated", headers=a))
    assert ordered[-1] == companies[1].public_id and len(ordered) == len(companies) + 1  # + the director's company
    assert _ids(client.get(f"/clients/clients/?updated_after={since}&bin={companies[0].bin}", headers=a)) == []


def test_updated_after_refuses_what_it_cannot_read(client, directory, a):
    for query in ("updated_after=yesterday", "updated_after=2026-13-01T00:00:00Z", "ordering=name",
                  "updated_after=", "updated_after=2026-03-01", "updated_after=2026-03-01T00:00:00"):
        response = client.get(f"/clients/emails/?{query}", headers=JSON)
        assert response.status_code == 400, query
        assert set(response.get_json()) <= {"updated_after", "ordering"}
    response = client.get("/clients/clients/?updated_after=2026-01-01T00:00:00Z&search=сауда", headers=a)
    assert response.status_code == 400 and "search" in response.get_json()
    # An unencoded "+" (a space once decoded) is read as "+"; a leap second as :59.
    for value in ("2020-01-01T00:00:00+05:00", "2020-01-01T00:00:00Z", "2016-12-31T23:59:60.5z"):
        assert _ids(client.get(f"/clients/emails/?updated_after={value}", headers=JSON)), value
    assert _ids(client.get("/clients/emails/?updated_after=2999-01-01T00:00:00%2B05:00", headers=JSON)) == []
    # Sections have no time of change: the parameter is unknown there.
    assert client.get("/clients/sections/?updated_after=2020-01-01T00:00:00Z", headers=JSON).status_code == 400


def test_smart_doc_lists_sync_edits_and_deletes(client, a, b):
    buyer = make_buyer()
    body = invoice_setup(client, a, buyer)
    invoice = post(client, a, "invoices_for_payment/", body)
    work = post(client, a, "works/", SEED_WORK)
    actor = post(client, a, "actors/", SEED_ACTOR)
    since = _stamp()
    for name in ("works", "actors", "products", "product_count", "invoices_for_payment"):
        assert _ids(client.get(f"{BASE}/{name}/?updated_after={since}", headers=a)) == [], name
    assert client.patch(f"{BASE}/works/{work['id']}/", json={"price": "30.00"}, headers=a).status_code == 200
    assert client.patch(f"{BASE}/invoices_for_payment/{invoice['id']}/", json={"contract": "Договор 77"}, headers=a).status_code == 200
    assert _ids(client.get(f"{BASE}/works/?updated_after={since}", headers=a)) == [work["id"]]
    assert _ids(client.get(f"{BASE}/invoices_for_payment/?updated_after={since}", headers=a)) == [invoice["id"]]
    assert _ids(client.get(f"{BASE}/actors/?updated_after={since}", headers=a)) == []
    # Deletes: the document (and the lines only it used) and a catalogue entry leave tombstones.
    assert _ids(client.get(f"{BASE}/deleted/?updated_after={since}", headers=a)) == []
    assert client.delete(f"{BASE}/invoices_for_payment/{invoice['id']}/", headers=a).status_code == 204
    assert client.delete(f"{BASE}/actors/{actor['id']}/", headers=a).status_code == 204
    deleted = client.get(f"{BASE}/deleted/?updated_after={since}", headers=a).get_json()["results"]
    kinds = {(row["kind"], row["id"]) for row in deleted}
    assert ("invoices_for_payment", invoice["id"]) in kinds and ("actors", actor["id"]) in kinds
    assert {("product_count", line) for line in body["product_counts"]} <= kinds
    assert all(row["deleted"].endswith("+05:00") for row in deleted)
    assert _ids(client.get(f"{BASE}/deleted/?kind=actors", headers=a)) == [actor["id"]]
    # The tenant wall: another company sees none of it, anonymous callers nothing at all.
    assert _ids(client.get(f"{BASE}/deleted/", headers=b)) == []
    assert client.get(f"{BASE}/deleted/", headers=JSON).status_code == 401
    assert client.get(f"{BASE}/deleted/?colour=red", headers=a).status_code == 400


def test_a_refused_delete_leaves_no_tombstone(client, a):
    buyer = make_buyer()
    body = invoice_setup(client, a, buyer)
    post(client, a, "invoices_for_payment/", body)
    product_line = client.get(f"{BASE}/product_count/{body['product_counts'][0]}/", headers=a).get_json()
    response = client.delete(f"{BASE}/products/{product_line['product']['id']}/", headers=a)
    assert response.status_code == 409
    assert _ids(client.get(f"{BASE}/deleted/", headers=a)) == []


def test_email_rows_written_by_the_orm_keep_updated(app, directory):
    email = db.session.query(Email).first()
    before = email.updated
    time.sleep(0.01)
    email.email = "again@example.kz"
    db.session.commit()
    assert email.updated > before
    assert db.session.query(PhoneNumber).filter(PhoneNumber.updated.is_(None)).count() == 0
