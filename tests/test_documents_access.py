"""Who may download an issued PDF, its QR and a ZIP; sharing with viewers."""
import io
import zipfile
from urllib.parse import quote

from tests import factories
from tests.test_documents_support import (  # noqa: F401  (fixtures)
    BASE, buyer, headers, issue_doc, sources,
)


def test_download_headers_name_the_file_for_every_browser(client, headers, sources):
    record = issue_doc(client, headers, sources["ip"], "ip")
    response = client.get(record["file"], headers=headers)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    name = f"Счёт_на_оплату_{record['number']}.pdf"
    assert disposition.startswith("attachment; ")
    assert f'filename="Schet_na_oplatu_{record["number"]}.pdf"' in disposition
    assert f"filename*=UTF-8''{quote(name, safe='')}" in disposition
    assert response.data.startswith(b"%PDF-")
    again = client.get(record["file"], headers={**headers, "If-None-Match": f'"{record["sha256"]}"'})
    assert again.status_code == 304
    qr = client.get(record["qr_code"], headers=headers)
    assert qr.status_code == 200 and qr.headers["Content-Type"] == "image/png" and qr.data[:8] == b"\x89PNG\r\n\x1a\n"


def test_outsiders_get_404_and_anonymous_401(client, headers, sources, other_director, token_headers):
    record = issue_doc(client, headers, sources["ip"], "ip")
    other = token_headers("other@test.kz", "other-pass")
    for url in (record["file"], record["qr_code"], f"{BASE}/documents/{record['id']}/",
                f"{BASE}/documents/zip/?id={record['id']}"):
        assert client.get(url, headers=other).status_code == 404, url
        assert client.get(url, headers={"Accept": "application/json"}).status_code == 401, url
    assert client.get(f"{BASE}/documents/", headers=other).get_json()["count"] == 0
    assert client.patch(f"{BASE}/documents/{record['id']}/", json={}, headers=other).status_code == 404


def test_viewers_of_the_recipient_company_may_download(client, headers, sources, buyer, token_headers):
    record = issue_doc(client, headers, sources["ip"], "ip")
    colleague = factories.make_user("colleague@test.kz", "colleague-pass", company=buyer, role="Работник")
    outsider_company = factories.make_company(name='ТОО "ПОСТОРОННИЙ"')
    outsider = factories.make_user("outsider@test.kz", "outsider-pass", company=outsider_company)
    colleague_headers = token_headers("colleague@test.kz", "colleague-pass")
    assert client.get(record["file"], headers=colleague_headers).status_code == 404

    refused = client.post(f"{BASE}/viewers/", json={"document_id": record["id"], "staff": [outsider.public_id]},
                          headers=headers)
    assert refused.status_code == 400 and "staff" in refused.get_json()
    assert client.post(f"{BASE}/viewers/", json={"document_id": record["id"], "staff": []},
                       headers=headers).status_code == 400
    shared = client.post(f"{BASE}/viewers/", json={"document_id": record["doc_id"], "staff": [colleague.public_id]},
                         headers=headers)
    assert shared.status_code == 200, shared.get_data(as_text=True)
    assert shared.get_json()["viewers"] == [colleague.public_id]
    download = client.get(record["file"], headers=colleague_headers)
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    listed = client.get(f"{BASE}/documents/", headers=colleague_headers).get_json()
    assert [r["id"] for r in listed["results"]] == [record["id"]]
    # A viewer can read but not share further.
    again = client.post(f"{BASE}/viewers/", json={"document_id": record["id"], "staff": [colleague.public_id]},
                        headers=colleague_headers)
    assert again.status_code == 404


def test_zip_of_chosen_documents_is_tenant_checked(client, headers, sources, other_director, token_headers):
    first = issue_doc(client, headers, sources["ip"], "ip")
    second = issue_doc(client, headers, sources["aw"], "aw")
    response = client.get(f"{BASE}/documents/zip/?id={first['id']}&id={second['doc_id']}", headers=headers)
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = sorted(archive.namelist())
    assert names == sorted([f"Счёт_на_оплату_{first['number']}.pdf", f"Акт_выполненных_работ_{second['number']}.pdf"])
    pdf = client.get(first["file"], headers=headers).data
    assert archive.read(f"Счёт_на_оплату_{first['number']}.pdf") == pdf
    assert client.get(f"{BASE}/documents/zip/", headers=headers).status_code == 400
    other = token_headers("other@test.kz", "other-pass")
    assert client.get(f"{BASE}/documents/zip/?id={first['id']}", headers=other).status_code == 404


def test_zip_with_nothing_ticked_keeps_the_person_on_the_list(client, headers, sources, login):
    issue_doc(client, headers, sources["ip"], "ip")
    login("director@test.kz", "director-pass")
    answer = client.get(f"{BASE}/documents/zip/?type=ip", headers={"Accept": "text/html"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"{BASE}/documents/?type=ip")
    page = client.get(answer.headers["Location"], headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Выберите хотя бы один документ." in page and "Скачать выбранные (ZIP)" in page


def test_list_filters_by_type_and_pages_open(client, headers, sources, login):
    issue_doc(client, headers, sources["ip"], "ip")
    record = issue_doc(client, headers, sources["aw"], "aw")
    only_acts = client.get(f"{BASE}/documents/?type=aw", headers=headers).get_json()
    assert [r["id"] for r in only_acts["results"]] == [record["id"]]
    assert client.get(f"{BASE}/documents/?type=zz", headers=headers).status_code == 400
    assert client.get(f"/smart_docs/documents/{record['id']}/", headers=headers).get_json()["id"] == record["id"]
    login("director@test.kz", "director-pass")
    for url in (f"{BASE}/documents/", f"{BASE}/documents/{record['id']}/", f"{BASE}/documents/numbering/"):
        page = client.get(url, headers={"Accept": "text/html"})
        assert page.status_code == 200, url
        assert record["number"] in page.get_data(as_text=True) or "Нумерация" in page.get_data(as_text=True)


def test_a_download_reads_the_record_and_its_pdf_in_one_query_without_the_parties(app, client, headers, sources):
    from sqlalchemy import event

    from portal.extensions import db

    record = issue_doc(client, headers, sources["ip"], "ip")
    statements = []

    def remember(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        response = client.get(record["file"], headers=headers)
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    reads = [s for s in statements if "FROM issued_documents" in s]
    assert len(reads) == 1, reads
    assert "issued_document_files" in reads[0] and "companies" not in reads[0] and "users" not in reads[0]
    assert not any("issued_document_viewers" in s for s in statements)  # the sender needs no viewer check
