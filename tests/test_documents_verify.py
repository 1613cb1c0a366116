"""Verification: file checks (genuine, altered, empty, huge) and the page a QR code opens."""
import io

import pytest

from portal.documents.qr import qr_png
from tests.test_documents_support import (  # noqa: F401  (fixtures)
    BASE, buyer, headers, issue_doc, sources,
)

ANON = {"Accept": "application/json"}


def check(client, document_id, data: bytes | None, headers=ANON):
    form = {"document_id": document_id}
    if data is not None:
        form["document"] = (io.BytesIO(data), "file.pdf", "application/pdf")
    return client.post(f"{BASE}/check_file/", data=form, headers=headers, content_type="multipart/form-data")


@pytest.fixture
def issued(client, headers, sources):
    record = issue_doc(client, headers, sources["ip"], "ip")
    return record, client.get(record["file"], headers=headers).data


def test_the_genuine_file_answers_the_record(client, issued, headers):
    record, pdf = issued
    response = check(client, record["doc_id"], pdf)
    assert response.status_code == 200
    body = response.get_json()
    assert (body["id"], body["number"], body["sha256"]) == (record["id"], record["number"], record["sha256"])
    assert body["email_recipients"] is None and body["viewers"] is None  # an outsider learns no recipients
    assert check(client, record["id"], pdf, headers=headers).get_json()["email_recipients"] == []


def test_a_one_byte_change_is_not_valid(client, issued):
    record, pdf = issued
    altered = bytearray(pdf)
    altered[len(altered) // 2] ^= 0x01
    response = check(client, record["doc_id"], bytes(altered))
    assert response.status_code == 200 and response.get_json() == "Not valid"
    assert check(client, "9999999999999", pdf).get_json() == "Not valid"
    assert check(client, "nonsense", pdf).get_json() == "Not valid"


def test_empty_missing_and_huge_uploads(client, app, issued):
    record, _ = issued
    empty = check(client, record["doc_id"], b"")
    assert empty.status_code == 400 and "document" in empty.get_json()
    missing = check(client, record["doc_id"], None)
    assert missing.status_code == 400 and "document" in missing.get_json()
    no_id = check(client, "", b"%PDF-1.7")  # no code typed and none in the file
    assert no_id.status_code == 400 and "document_id" in no_id.get_json()
    huge = check(client, record["doc_id"], b"0" * (app.config["CHECK_FILE_MAX_BYTES"] + 1))
    assert huge.status_code == 413
    assert "10 МБ" in huge.get_json()["detail"]


def test_check_page_works_for_anyone(client, issued):
    record, pdf = issued
    page = client.get(f"{BASE}/check_file/", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Проверить документ" in page.get_data(as_text=True)
    good = client.post(f"{BASE}/check_file/", data={"document_id": record["doc_id"],
                                                    "document": (io.BytesIO(pdf), "x.pdf")},
                       headers={"Accept": "text/html"}, content_type="multipart/form-data")
    assert good.status_code == 200 and "Файл подлинный" in good.get_data(as_text=True)
    bad = client.post(f"{BASE}/check_file/", data={"document_id": record["doc_id"],
                                                   "document": (io.BytesIO(pdf + b"x"), "x.pdf")},
                      headers={"Accept": "text/html"}, content_type="multipart/form-data")
    assert "Файл не совпадает с выпущенным документом" in bad.get_data(as_text=True)
    assert "Not valid" not in bad.get_data(as_text=True)  # the JSON contract's words, never the page's
    empty = client.post(f"{BASE}/check_file/", data={"document_id": record["doc_id"],
                                                     "document": (io.BytesIO(b""), "x.pdf")},
                        headers={"Accept": "text/html"}, content_type="multipart/form-data")
    assert empty.status_code == 400 and "Файл пуст." in empty.get_data(as_text=True)
    assert record["doc_id"] in empty.get_data(as_text=True)  # what was typed stays


def _page_check(client, document_id, data: bytes, name="x.pdf"):
    return client.post(f"{BASE}/check_file/", data={"document_id": document_id, "document": (io.BytesIO(data), name)},
                       headers={"Accept": "text/html"}, content_type="multipart/form-data")


def test_the_code_is_read_from_the_pdf_when_left_empty(client, issued):
    record, pdf = issued
    assert check(client, "", pdf).get_json()["id"] == record["id"]
    page = _page_check(client, "", pdf)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Файл подлинный" in html
    assert f'value="{record["doc_id"]}"' in html  # the page shows which code it compared with
    altered = pdf + b"%"  # still carries the code, no longer the issued bytes
    assert check(client, "", altered).get_json() == "Not valid"
    assert "Файл не совпадает с выпущенным документом" in _page_check(client, "", altered).get_data(as_text=True)


def test_a_pdf_without_a_code_asks_for_it(client, issued):
    foreign = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"
    answer = check(client, "", foreign)
    assert answer.status_code == 400 and answer.get_json()["document_id"] == ["В файле нет кода проверки: укажите 13 цифр под QR-кодом."]
    page = _page_check(client, "", foreign)
    assert page.status_code == 400 and "В файле нет кода проверки" in page.get_data(as_text=True)


def test_a_file_that_is_not_a_pdf_says_so(client, issued):
    record, _ = issued
    page = _page_check(client, record["doc_id"], b"\x89PNG\r\n\x1a\n" + b"0" * 100, name="photo.png")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Это не PDF-файл" in html and "не совпадает" not in html
    assert check(client, record["doc_id"], b"hello").get_json() == "Not valid"  # the JSON contract stays
    assert "Это не PDF-файл" in _page_check(client, "", b"plain text").get_data(as_text=True)


def test_qr_encodes_the_public_verification_url(client, issued, headers):
    record, _ = issued
    assert record["verify_url"] == f"http://localhost/verify/{record['doc_id']}/"
    png = client.get(record["qr_code"], headers=headers).data
    assert png == qr_png(record["verify_url"])


@pytest.mark.parametrize("app_config", [{"PUBLIC_URL": "https://portal.example.kz"}])
def test_public_url_setting_is_used_for_the_qr(client, headers, sources, app_config):
    record = issue_doc(client, headers, sources["co"], "co")
    assert record["verify_url"] == f"https://portal.example.kz/verify/{record['doc_id']}/"


def test_verification_page_public_and_private(client, headers, sources, buyer, company, login, other_director):
    public = issue_doc(client, headers, sources["ip"], "ip", form="pu")
    private = issue_doc(client, headers, sources["aw"], "aw", form="pr")
    shown = client.get(f"/verify/{public['doc_id']}/", headers=ANON).get_json()
    assert shown["number"] == public["number"] and shown["company_sender"]["bin"] == company.bin
    assert shown["company_recipient"]["name"] == buyer.company_name and shown["total_sum"] == sources["ip"]["total_sum"]
    hidden = client.get(f"/verify/{private['doc_id']}/", headers=ANON).get_json()
    # A private record shows only that it exists, when it was issued and how the issuer's authority was proven.
    assert hidden == {"doc_id": private["doc_id"], "exists": True, "form": "pr", "issued": hidden["issued"],
                      "authority": hidden["authority"]}
    assert hidden["authority"]["method"] == "email" and "адрес из справочника" in hidden["authority"]["text"]
    page = client.get(f"/verify/{private['doc_id']}/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "закрытый документ" in page and private["number"] not in page
    assert client.get("/verify/1234567890123/", headers=ANON).status_code == 404
    login("other@test.kz", "other-pass")
    assert "number" not in client.get(f"/verify/{private['doc_id']}/", headers=ANON).get_json()
    client.post("/auth/logout/")
    login("director@test.kz", "director-pass")
    allowed = client.get(f"/verify/{private['doc_id']}/", headers=ANON).get_json()
    assert allowed["number"] == private["number"]
    html = client.get(f"/verify/{public['doc_id']}/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert public["number"] in html and buyer.company_name.replace('"', "&#34;") in html
