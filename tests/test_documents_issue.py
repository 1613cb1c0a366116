"""Issuing PDFs: the record, the printed content of every type, immutability, clean failure."""
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from portal.documents import render as render_module
from portal.extensions import db
from portal.models.issued import DocumentCounter, IssuedDocument
from portal.smart_docs.words import amount_in_words
from portal.web.templating import format_money
from tests.test_documents_support import (  # noqa: F401  (fixtures)
    BASE, BENEFICIARY, KAZAKH, PRODUCTS, WORKS, buyer, headers, issue_body, issue_doc, pdf_text, post, sources,
)

RECORD_KEYS = {"id", "doc_id", "type", "form", "content_id", "file", "qr_code", "user", "company_sender",
               "company_recipient", "email_recipients", "viewers", "number", "sha256"}


def money(value: str) -> str:
    """How the PDF prints an amount, with plain spaces (as pdf_text normalises them)."""
    return format_money(Decimal(value)).replace("\u202f", " ")


def fetch_pdf(client, headers, record) -> bytes:
    response = client.get(record["file"], headers=headers)
    assert response.status_code == 200
    return response.data


def test_issue_returns_the_record(client, headers, sources, buyer, company, director):
    record = issue_doc(client, headers, sources["ip"], "ip", company_sender=company.public_id,
                       company_recipient=buyer.public_id, email_recipients=[])
    assert RECORD_KEYS <= set(record)
    assert record["number"] == "2026-000001"
    assert len(record["doc_id"]) == 13 and record["doc_id"].isdigit() and record["doc_id"][0] != "0"
    assert (record["type"], record["form"], record["content_id"]) == ("ip", "pu", sources["ip"]["id"])
    assert (record["company_sender"], record["company_recipient"]) == (company.public_id, buyer.public_id)
    assert record["user"] == director.public_id and record["viewers"] == []
    assert record["file"].startswith("http://localhost/smart_doc/documents/")
    assert record["qr_code"].endswith("/qr_code/")
    pdf = fetch_pdf(client, headers, record)
    import hashlib
    assert hashlib.sha256(pdf).hexdigest() == record["sha256"]


@pytest.mark.parametrize("doc_type", ["ip", "aw", "wb", "co", "in"])
def test_every_type_prints_its_content(client, headers, sources, buyer, company, doc_type):
    source = sources[doc_type]
    record = issue_doc(client, headers, source, doc_type)
    pdf = fetch_pdf(client, headers, record)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    box = reader.pages[0].mediabox
    assert {round(float(box.width)), round(float(box.height))} == {595, 842}  # A4, either orientation
    fonts = {str(f) for page in reader.pages for f in _font_names(page)}
    assert any("DejaVu" in f for f in fonts), fonts
    text = pdf_text(pdf)
    for expected in (company.company_name, company.bin, buyer.company_name, buyer.bin, record["number"],
                     money(source["total_sum"]), amount_in_words(Decimal(source["total_sum"]))):
        assert expected in text, (expected, text[:3000])
    if doc_type not in ("wb", "co"):  # form З-2 has no contract field; an offer comes before any contract
        assert "Договор № 17 от 01.11.2026" in text
    names = [name for name, _, _ in (WORKS if doc_type == "aw" else PRODUCTS)]
    for name in names:
        assert name in text, (name, text[:3000])
    assert f"НДС (16%): {money(source['nds_sum'])}" in text or f"НДС (16%) {money(source['nds_sum'])}" in text
    assert all(letter in text.lower() for letter in KAZAKH)
    assert record["doc_id"] in text


def _font_names(page):
    resources = page.get("/Resources") or {}
    fonts = resources.get("/Font") or {}
    return [fonts[key].get_object().get("/BaseFont") for key in fonts]


def test_invoice_for_payment_has_its_payment_block_and_totals(client, headers, sources):
    record = issue_doc(client, headers, sources["ip"], "ip")
    text = pdf_text(fetch_pdf(client, headers, record))
    for expected in ("Бенефициар", BENEFICIARY["PIC"], "ИИК", "Кбе", BENEFICIARY["KBe"], "БИК", BENEFICIARY["BIC"],
                     "Код назначения платежа", BENEFICIARY["Knp"], "Счёт на оплату № 2026-000001 от 26 ноября 2026 г.",
                     "Поставщик:", "Покупатель:", "Итого:", "Всего наименований 3, на сумму "
                     + money(sources["ip"]["total_sum"]) + " KZT", "Исполнитель", "М.П.", "Боранбаев Азамат Кайратович"):
        assert expected in text, expected


def test_forms_carry_their_appendix_lines(client, headers, sources):
    act = pdf_text(fetch_pdf(client, headers, issue_doc(client, headers, sources["aw"], "aw")))
    assert "Приложение 50" in act and "от 20 декабря 2012 года № 562" in act and "Форма Р-1" in act
    assert "АКТ ВЫПОЛНЕННЫХ РАБОТ (ОКАЗАННЫХ УСЛУГ)" in act and "Сдал (Исполнитель)" in act and "Принял (Заказчик)" in act
    waybill = pdf_text(fetch_pdf(client, headers, issue_doc(client, headers, sources["wb"], "wb")))
    assert "Приложение 26" in waybill and "Форма З-2" in waybill and "НАКЛАДНАЯ НА ОТПУСК ЗАПАСОВ НА СТОРОНУ" in waybill
    assert "Отпуск разрешил" in waybill and "Запасы получил" in waybill and "КАРГО ЭКСПРЕСС" in waybill
    assert "ТТН № 4417 от 25.11.2026" in waybill
    assert "По доверенности № 15 от 20.11.2026" in waybill and "выданной Жақсыбеков Ерлан Асқарұлы" in waybill
    assert "полученных от заказчика Кабель UTP 305 м, 1 шт., 25 000,00 KZT" in act
    assert "Шесть" in waybill  # 2 + 3 + 1 released, in words


@pytest.mark.parametrize("doc_type", ["aw", "wb"])
def test_a_short_form_keeps_its_signatures_on_its_only_page(client, headers, sources, doc_type):
    # Three lines of a waybill, two of an act: the appendix and QR beside the party lines leave room for
    # the signature block (stacked above them, they pushed it alone onto a second page).
    pdf = fetch_pdf(client, headers, issue_doc(client, headers, sources[doc_type], doc_type))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Приложение" in text and "Код проверки" in text and "подпись" in text and "Документ выпущен" in text


def test_zero_vat_prints_without_vat(client, headers, buyer):
    line = post(client, headers, "product_count/", {
        "product": post(client, headers, "products/", {"name": "Услуга", "description": "", "measure": "шт",
                                                        "manufacturer": "", "image": None, "price": "100.00"})["id"],
        "count": 1})
    offer = post(client, headers, "commercial_offers/", {"buyer": buyer.public_id, "product_counts": [line["id"]],
                                                          "nds_percent": 0})
    text = pdf_text(fetch_pdf(client, headers, issue_doc(client, headers, offer, "co")))
    assert "Без НДС" in text and "В том числе НДС" not in text


def test_long_tables_repeat_their_header(client, headers, buyer):
    lines = []
    product = post(client, headers, "products/", {"name": "Болт М8", "description": "", "measure": "шт",
                                                  "manufacturer": "", "image": None, "price": "10.00"})
    for count in range(1, 61):
        lines.append(post(client, headers, "product_count/", {"product": product["id"], "count": count})["id"])
    beneficiary = post(client, headers, "beneficiaries/", BENEFICIARY)
    invoice = post(client, headers, "invoices_for_payment/", {"buyer": buyer.public_id, "product_counts": lines,
                                                               "beneficiary": beneficiary["id"]})
    pdf = fetch_pdf(client, headers, issue_doc(client, headers, invoice, "ip"))
    reader = PdfReader(io.BytesIO(pdf))
    with_rows = [page.extract_text() for page in reader.pages if "Болт М8" in page.extract_text()]
    assert len(with_rows) >= 2
    assert all("Наименование" in text and "Цена" in text for text in with_rows)


def test_numbers_are_consecutive_per_type_and_the_source_edit_does_not_change_the_file(client, headers, sources):
    first = issue_doc(client, headers, sources["ip"], "ip")
    second = issue_doc(client, headers, sources["ip"], "ip", reissue=True)  # unchanged: a new copy on purpose
    act = issue_doc(client, headers, sources["aw"], "aw")
    assert (first["number"], second["number"], act["number"]) == ("2026-000001", "2026-000002", "2026-000001")
    before = fetch_pdf(client, headers, first)
    changed = client.patch(f"{BASE}/invoices_for_payment/{sources['ip']['id']}/", json={"contract": "Новый договор"},
                           headers=headers)
    assert changed.status_code == 200
    assert fetch_pdf(client, headers, first) == before
    third = issue_doc(client, headers, sources["ip"], "ip")
    assert "Новый договор" in pdf_text(fetch_pdf(client, headers, third))
    assert third["sha256"] != first["sha256"]


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_issued_records_refuse_changes(client, headers, sources, method):
    record = issue_doc(client, headers, sources["ip"], "ip")
    response = getattr(client, method)(f"{BASE}/documents/{record['id']}/", json={"form": "pr"}, headers=headers)
    assert response.status_code == 405
    assert "нельзя изменить" in response.get_json()["detail"]
    for key in ("email_delivery", "already_issued", "reissued"):  # keys of the issuing answer only
        record.pop(key)
    assert client.get(f"{BASE}/documents/{record['id']}/", headers=headers).get_json() == record


def test_a_failed_render_consumes_no_number_and_leaves_nothing(client, headers, sources, monkeypatch):
    issue_doc(client, headers, sources["ip"], "ip")

    def broken(html):
        raise render_module.RenderError("simulated WeasyPrint failure")

    monkeypatch.setattr(render_module, "html_to_pdf", broken)
    response = client.post(f"{BASE}/documents/", json=issue_body(sources["ip"], "ip", reissue=True), headers=headers)
    assert response.status_code == 500
    assert "Номер не израсходован" in response.get_json()["detail"]
    assert db.session.execute(select(func.count()).select_from(IssuedDocument)).scalar_one() == 1
    assert db.session.execute(select(DocumentCounter.last_number)).scalar_one() == 1
    monkeypatch.undo()
    assert issue_doc(client, headers, sources["ip"], "ip", reissue=True)["number"] == "2026-000002"


@pytest.mark.parametrize("extra, field", [
    ({"type": "xx"}, "type"),
    ({"type": ["ip"]}, "type"),
    ({"form": "public"}, "form"),
    ({"content_id": ""}, "content_id"),
    ({"content_id": "ffffffff"}, "content_id"),
    ({"email_recipients": ["not-an-email"]}, "email_recipients"),
    ({"email_recipients": 5}, "email_recipients"),
    ({"company_recipient": "ffffffff"}, "company_recipient"),
])
def test_bad_requests_name_the_field(client, headers, sources, extra, field):
    response = client.post(f"{BASE}/documents/", json={**issue_body(sources["ip"], "ip"), **extra}, headers=headers)
    assert response.status_code == 400
    assert field in response.get_json()
    assert db.session.execute(select(func.count()).select_from(IssuedDocument)).scalar_one() == 0


def test_sender_must_be_the_callers_company_and_sources_are_tenant_checked(
    client, headers, sources, other_director, token_headers
):
    other = other_director.company
    response = client.post(f"{BASE}/documents/", json=issue_body(sources["ip"], "ip", company_sender=other.public_id),
                           headers=headers)
    assert response.status_code == 400 and "company_sender" in response.get_json()
    other_headers = token_headers("other@test.kz", "other-pass")
    stolen = client.post(f"{BASE}/documents/", json=issue_body(sources["ip"], "ip"), headers=other_headers)
    assert stolen.status_code == 400 and "content_id" in stolen.get_json()
    wrong_type = client.post(f"{BASE}/documents/", json=issue_body(sources["aw"], "ip"), headers=headers)
    assert wrong_type.status_code == 400 and "content_id" in wrong_type.get_json()


def test_anonymous_cannot_issue_or_list(client, sources):
    assert client.post(f"{BASE}/documents/", json={}, headers={"Accept": "application/json"}).status_code == 401
    assert client.get(f"{BASE}/documents/", headers={"Accept": "application/json"}).status_code == 401


def test_numbering_can_continue_from_a_number(client, headers, sources, worker, token_headers):
    issue_doc(client, headers, sources["ip"], "ip")
    url = f"{BASE}/documents/numbering/"
    worker_headers = token_headers("worker@test.kz", "worker-pass")
    assert client.post(url, json={"type": "ip", "next_number": 151}, headers=worker_headers).status_code == 403
    too_low = client.post(url, json={"type": "ip", "next_number": 1}, headers=headers)
    assert too_low.status_code == 400 and "next_number" in too_low.get_json()
    assert client.post(url, json={"type": "ip", "next_number": "abc"}, headers=headers).status_code == 400
    ok = client.post(url, json={"type": "ip", "year": 2026, "next_number": 151}, headers=headers)
    assert ok.status_code == 200
    row = next(r for r in ok.get_json()["results"] if r["type"] == "ip")
    assert row["next"] == "2026-000151"
    assert issue_doc(client, headers, sources["ip"], "ip", reissue=True)["number"] == "2026-000151"
    # Typo fixed downwards, but never onto a number already issued.
    assert client.post(url, json={"type": "ip", "next_number": 151}, headers=headers).status_code == 400
    assert client.post(url, json={"type": "ip", "next_number": 152}, headers=headers).status_code == 200


def test_issue_panel_on_the_document_page(client, login, director, sources):
    login("director@test.kz", "director-pass")
    page = client.get(f"{BASE}/invoices_for_payment/{sources['ip']['id']}/", headers={"Accept": "text/html"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Выпустить PDF" in html and "Документ ещё не выпускался" in html
    response = client.post(f"{BASE}/documents/", data={"doc_type": "ip", "content_id": sources["ip"]["id"],
                                                        "visibility": "pu", "email_recipients": ""},
                           headers={"HX-Request": "true", "Accept": "text/html"})
    assert response.status_code == 200
    panel = response.get_data(as_text=True)
    assert "2026-000001" in panel and 'id="issue-panel"' in panel and "<html" not in panel
    bad = client.post(f"{BASE}/documents/", data={"doc_type": "ip", "content_id": sources["ip"]["id"],
                                                   "visibility": "pu", "email_recipients": "nope"},
                      headers={"HX-Request": "true", "Accept": "text/html"})
    assert bad.status_code == 400 and "Неверный адрес электронной почты: nope" in bad.get_data(as_text=True)
    assert 'value="nope"' in bad.get_data(as_text=True)


def _at_depth(depth: int, fn):
    return fn() if depth == 0 else _at_depth(depth - 1, fn)


def test_a_render_runs_above_a_frame_of_more_than_128_kb(app, monkeypatch):
    import sys

    frames = []
    real = render_module._write_pdf
    monkeypatch.setattr(render_module, "_write_pdf", lambda html: frames.append(sys._getframe(1).f_code) or real(html))
    with app.test_request_context():
        render_module.html_to_pdf("<html><body><p>Счёт</p></body></html>")
    # Its own 256 kB frame-stack chunk: the render's recursion never crosses a chunk boundary.
    assert frames and frames[0].co_nlocals * 8 > 128 * 1024


def test_a_render_takes_few_page_faults_at_any_call_depth(app, client, headers, sources, monkeypatch):
    import resource

    seen = []
    real = render_module.html_to_pdf
    monkeypatch.setattr(render_module, "html_to_pdf", lambda html: seen.append(html) or real(html))
    issue_doc(client, headers, sources["ip"], "ip")
    monkeypatch.undo()
    faults = {}
    with app.test_request_context():
        for _ in range(2):
            render_module.html_to_pdf(seen[0])
        for depth in range(0, 64, 3):
            before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            _at_depth(depth, lambda: render_module.html_to_pdf(seen[0]))
            faults[depth] = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
    # CPython 3.11 unmaps a frame-stack chunk whenever the calls return below it: a render that
    # recursed across such a boundary took up to 4,000 page faults here at some depths (~40 to
    # ~560 above its own chunk, the rest being the heap's).
    assert max(faults.values()) < 1000, faults
