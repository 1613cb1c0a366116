"""Exports of the registry (`/ledger/export.xlsx`, `.csv`): types kept, formulas neutralised, walls."""
import csv
import io
from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from portal.ledger.export import Table, neutralise, to_csv, to_xlsx
from tests.test_documents_support import buyer, headers, issue_doc, make_buyer, make_sources, sources  # noqa: F401

XLSX = "/ledger/export.xlsx"
CSV = "/ledger/export.csv"
TRICKY = ["=1+2", "+7 701", "-5", "@SUM(A1)", "\tTAB", "\rCR", "обычный текст әғқ"]


def _sheet(body: bytes):
    return load_workbook(io.BytesIO(body)).active


def test_xlsx_keeps_numbers_dates_kazakh_letters_and_neutralises_formulas():
    table = Table("Т", ["Текст", "Сумма", "Дата"],
                  [[text, Decimal("1234.5"), date(2026, 11, 26)] for text in TRICKY])
    sheet = _sheet(to_xlsx(table))
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Текст", "Сумма", "Дата")
    assert [r[0] for r in rows[1:]] == ["'=1+2", "'+7 701", "'-5", "'@SUM(A1)", "'\tTAB", "'_x000D_CR", "обычный текст әғқ"]  # OOXML's escape of CR, which Excel reads back as CR
    cell = sheet["B2"]
    assert cell.data_type == "n" and cell.value == 1234.5 and cell.number_format == "#,##0.00"
    assert sheet["C2"].is_date and sheet["C2"].value == datetime(2026, 11, 26) and sheet["C2"].number_format == "DD.MM.YYYY"
    assert all(sheet.cell(row=i, column=1).data_type == "s" for i in range(2, 9))  # no formula cell anywhere


def test_csv_is_utf8_with_bom_semicolons_and_comma_decimals():
    body = to_csv(Table("Т", ["Текст", "Сумма", "Дата"], [[t, Decimal("1234.5"), date(2026, 11, 26)] for t in TRICKY]))
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["Текст", "Сумма", "Дата"]
    assert rows[1] == ["'=1+2", "1234,50", "26.11.2026"]
    assert [r[0] for r in rows[1:]] == [neutralise(t) for t in TRICKY]
    assert rows[-1][0] == "обычный текст әғқ"


def test_registry_export_follows_the_filters(client, headers, sources, buyer):
    issued = issue_doc(client, headers, sources["ip"], "ip")
    response = client.get(XLSX, headers=headers)
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="reestr_')
    sheet = _sheet(response.data)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("Документ", "Номер", "Дата", "Контрагент", "БИН контрагента", "Сумма, ₸")
    assert len(rows) == 1 + 6  # five drafts and one issued document, as the page counts them
    row = next(r for r in rows[1:] if r[1] == issued["number"])
    assert row[2] == datetime(2026, 11, 26) and row[3] == buyer.company_name and row[4] == buyer.bin
    assert Decimal(str(row[5])) == Decimal(issued["total_sum"])
    assert "ҚАЙРАТ ӨРКЕН" in row[3]
    assert row[8] == "не оплачен"  # the invoice's payment state
    unpaid = list(_sheet(client.get(XLSX, query_string={"status": "unpaid"}, headers=headers).data).iter_rows(values_only=True))
    assert len(unpaid) == 2 and unpaid[1][1] == issued["number"]
    paid = list(_sheet(client.get(XLSX, query_string={"status": "paid"}, headers=headers).data).iter_rows(values_only=True))
    assert len(paid) == 1  # the header alone: the state filter applies, as on the page
    drafts = list(_sheet(client.get(XLSX, query_string={"kind": "drafts", "type": "ip"}, headers=headers).data)
                  .iter_rows(values_only=True))
    assert len(drafts) == 2 and drafts[1][7] == issued["number"]  # «Выпущен как»

    text = client.get(CSV, query_string={"kind": "issued"}, headers=headers)
    assert text.status_code == 200 and text.mimetype == "text/csv"
    lines = list(csv.reader(io.StringIO(text.data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(lines) == 2 and lines[1][1] == issued["number"] and lines[1][2] == "26.11.2026"
    assert lines[1][5] == issued["total_sum"].replace(".", ",")

    bad = client.get(XLSX, query_string={"date_from": "вчера"}, headers=headers)
    assert bad.status_code == 400 and "date_from" in bad.get_json()


def test_a_counterparty_named_like_a_formula_is_text(client, headers):
    evil = make_buyer('=HYPERLINK("http://x","ТОО")')
    make_sources(client, headers, evil)
    sheet = _sheet(client.get(XLSX, query_string={"kind": "drafts", "type": "ip"}, headers=headers).data)
    assert sheet["D2"].value == "'" + evil.company_name and sheet["D2"].data_type == "s"


def test_page_has_export_buttons_with_the_filters(client, director, login, sources):
    login("director@test.kz", "director-pass")
    html = client.get("/ledger/?kind=drafts&type=ip", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'href="/ledger/export.xlsx?kind=drafts&amp;type=ip"' in html
    assert 'href="/ledger/export.csv?kind=drafts&amp;type=ip"' in html


def test_walls_other_company_exports_nothing_and_anonymous_is_refused(client, headers, sources, other_director,
                                                                      token_headers, worker):
    issue_doc(client, headers, sources["ip"], "ip")
    other = token_headers("other@test.kz", "other-pass")
    for path in (XLSX, CSV):
        response = client.get(path, headers=other)
        assert response.status_code == 200
        if path == XLSX:
            assert len(list(_sheet(response.data).iter_rows())) == 1  # the header alone
        else:
            assert response.data.decode("utf-8-sig").count("\r\n") == 1
        assert client.get(path, headers=token_headers("worker@test.kz", "worker-pass")).status_code == 200
        anonymous = client.get(path, headers={"Accept": "application/json"})
        assert anonymous.status_code == 401
        assert client.get(path).status_code in (302, 401)


def test_payments_export_with_filters_and_walls(client, headers, sources, other_director, token_headers):
    from portal.ledger.payments import record_payment
    from portal.models import IssuedDocument, LedgerInvoice
    from portal.extensions import db
    from sqlalchemy import select

    issued = issue_doc(client, headers, sources["ip"], "ip")
    record = db.session.execute(select(IssuedDocument).where(IssuedDocument.public_id == issued["id"])).unique().scalar_one()
    inv = db.session.get(LedgerInvoice, record.id)
    record_payment(inv.company_id, inv.document_id, paid_on=date(2026, 11, 28), amount=Decimal("1000.50"),
                   method="kaspi", reference="=cmd|' /C calc'!A0")
    record_payment(inv.company_id, inv.document_id, paid_on=date(2026, 12, 1), amount=Decimal("2000.00"),
                   method="transfer", reference="1187")
    db.session.commit()
    rows = list(_sheet(client.get("/ledger/payments/export.xlsx", headers=headers).data).iter_rows(values_only=True))
    assert rows[0][:4] == ("Дата оплаты", "Сумма, ₸", "Способ", "Счёт №") and len(rows) == 3
    assert rows[1][0] == datetime(2026, 12, 1) and rows[1][1] == 2000 and rows[1][3] == issued["number"]
    assert rows[2][2] == "Kaspi" and rows[2][7] == "'=cmd|' /C calc'!A0" and rows[2][1] == 1000.5
    only = client.get("/ledger/payments/export.csv", query_string={"method": "kaspi"}, headers=headers)
    lines = list(csv.reader(io.StringIO(only.data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(lines) == 2 and lines[1][1] == "1000,50" and lines[1][0] == "28.11.2026"
    assert client.get("/ledger/payments/export.csv", query_string={"method": "x"}, headers=headers).status_code == 400
    other = token_headers("other@test.kz", "other-pass")
    assert len(list(_sheet(client.get("/ledger/payments/export.xlsx", headers=other).data).iter_rows())) == 1
    assert client.get("/ledger/payments/export.xlsx", headers={"Accept": "application/json"}).status_code == 401
