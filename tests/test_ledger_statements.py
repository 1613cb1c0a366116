"""Bank statement import (#19): 1C (Windows-1251 and UTF-8), CSV and XLSX with a remembered
column mapping, matching to open invoices, confirming on one page, re-import, broken files, walls."""
import io
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.ledger.payments import invoice_state
from portal.ledger.statements.matching import Matcher, OpenInvoice, numbers_in
from portal.models import IssuedDocument, LedgerInvoice, Payment
from portal.models.statements import BankStatement, StatementLine, StatementMapping
from tests import factories
from tests.test_documents_support import headers, issue_doc, make_sources  # noqa: F401

DATA = Path(__file__).parent / "data" / "ledger"
URL = "/ledger/statements/"
B1, B2, NOBODY = "120440900015", "120440900025", "120440900035"
TOTAL = Decimal("93742.49")
CSV_COLUMNS = {"col_date": "Дата операции", "col_credit": "Кредит", "col_debit": "Дебет",
               "col_payer_name": "Наименование контрагента", "col_payer_bin": "ИИН/БИН контрагента",
               "col_purpose": "Назначение платежа", "col_reference": "№ документа"}


@pytest.fixture
def invoices(client, headers):
    """2026-000001 and …02 to the first buyer, …03 to the second, each 93 742,49 ₸."""
    first = factories.make_company(name='ТОО "ҚАЙРАТ ӨРКЕН ЖҰЛДЫЗ"', bin=B1)
    second = factories.make_company(name='ТОО "СТЕПНОЙ ВЕТЕР"', bin=B2)
    db.session.commit()
    numbers = []
    for buyer in (first, first, second):
        sources = make_sources(client, headers, buyer)
        numbers.append(issue_doc(client, headers, sources["ip"], "ip")["number"])
    assert numbers == ["2026-000001", "2026-000002", "2026-000003"]
    return {n: db.session.execute(select(LedgerInvoice).where(LedgerInvoice.number == n)).unique().scalar_one()
            for n in numbers}


def upload(client, headers, name, data=None, status=201, **form):
    body = {"file": (io.BytesIO(data if data is not None else (DATA / name).read_bytes()), name), **form}
    response = client.post(URL, data=body, headers=headers, content_type="multipart/form-data")
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json() if "json" in (response.mimetype or "") else response


def lines_of(client, headers, statement_id):
    response = client.get(f"{URL}{statement_id}/", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["lines"]


def test_kaspi_1c_in_windows_1251_is_matched_and_a_second_import_records_nothing(client, headers, invoices):
    made = upload(client, headers, "kaspi_1c_cp1251.txt")
    assert made["format"] == "1c" and made["lines_new"] == 5 and made["account"] == "KZ417812870193980012"
    assert made["bank"] == 'АО "Kaspi Bank"' and made["period_start"] == "2026-12-01"
    lines = lines_of(client, headers, made["id"])
    assert [ln["direction"] for ln in lines] == ["in", "in", "in", "in", "out"]
    first, partial, by_bin, unknown, outgoing = lines
    assert first["proposal"]["invoice"]["number"] == "2026-000001" and first["proposal"]["confidence"] == 100
    assert first["proposal"]["preselected"] and first["doc_number"] == "1187" and first["knp"] == "710"
    assert partial["proposal"]["invoice"]["number"] == "2026-000002"  # «сч. № 2» + BIN, less than owed
    assert partial["proposal"]["confidence"] == 75
    assert by_bin["proposal"]["invoice"]["number"] == "2026-000003"  # BIN and the exact amount, no number
    assert by_bin["proposal"]["confidence"] == 55 and by_bin["proposal"]["preselected"]
    assert unknown["proposal"] is None and unknown["state"] == "open"
    assert outgoing["state"] == "outgoing" and outgoing["amount"] == "4000.00"

    again = upload(client, headers, "kaspi_1c_cp1251.txt", status=200)
    assert again["lines_new"] == 0 and again["statement"] is None and again["seen_in"][0]["id"] == made["id"]
    assert db.session.execute(select(func.count(StatementLine.id))).scalar_one() == 5
    assert db.session.execute(select(func.count(BankStatement.id))).scalar_one() == 1


def test_confirming_records_payments_all_or_none(client, headers, invoices):
    made = upload(client, headers, "kaspi_1c_cp1251.txt")
    first, partial, by_bin, unknown, outgoing = lines_of(client, headers, made["id"])
    confirm = f"{URL}{made['id']}/confirm/"
    body = {"matches": [{"line": ln["id"], "invoice": ln["proposal"]["invoice"]["number"]}
                        for ln in (first, partial, by_bin)]}
    done = client.post(confirm, json=body, headers=headers)
    assert done.status_code == 200, done.get_data(as_text=True)
    assert done.get_json()["recorded"] == 3 and done.get_json()["counts"]["paid"] == 3
    db.session.expire_all()
    today = first_day = __import__("datetime").date(2026, 12, 3)
    assert invoice_state(invoices["2026-000001"], today) == "paid"
    assert invoices["2026-000002"].paid == Decimal("40000.00")
    assert invoice_state(invoices["2026-000002"], first_day) in ("partial", "overdue")
    assert invoices["2026-000003"].paid == TOTAL
    payment = db.session.execute(select(Payment).where(Payment.reference == "1187")).scalar_one()
    line = db.session.execute(select(StatementLine).where(StatementLine.public_id == first["id"])).scalar_one()
    assert payment.method == "transfer" and payment.statement_line_id == line.id and line.payment_id == payment.id
    assert payment.amount == TOTAL and payment.paid_on.isoformat() == "2026-12-01"

    # One bad line refuses the whole submission: the good one is not written either.
    count = db.session.execute(select(func.count(Payment.id))).scalar_one()
    mixed = client.post(confirm, json={"matches": [{"line": first["id"], "invoice": "2026-000001"},
                                                   {"line": unknown["id"], "invoice": "2026-000002"}]}, headers=headers)
    assert mixed.status_code == 400 and "уже разнесена" in mixed.get_json()[f"line_{first['id']}"][0]
    assert db.session.execute(select(func.count(Payment.id))).scalar_one() == count
    # The accountant changes the invoice of the unmatched line: it pays more than is left, so it must be confirmed.
    over = client.post(confirm, json={"matches": [{"line": unknown["id"], "invoice": "2026-000002"}]}, headers=headers)
    assert over.status_code == 400 and "переплат" in over.get_json()[f"line_{unknown['id']}"][0].lower()
    ok = client.post(confirm, json={"matches": [{"line": unknown["id"], "invoice": "2026-000002",
                                                 "confirm_overpayment": True}]}, headers=headers)
    assert ok.status_code == 200 and ok.get_json()["counts"]["open"] == 0
    assert client.post(confirm, json={"matches": [{"line": outgoing["id"], "invoice": "2026-000002"}]},
                       headers=headers).status_code == 400
    assert client.post(confirm, json={"matches": "x"}, headers=headers).status_code == 400
    assert client.post(confirm, json={"matches": [{"line": "zz", "invoice": "1"}]}, headers=headers).status_code == 400


def test_halyk_1c_in_utf8_keeps_kazakh_letters_and_reads_the_1c_standard_fields(client, headers, invoices):
    made = upload(client, headers, "halyk_1c_utf8.txt")
    incoming, outgoing = lines_of(client, headers, made["id"])
    assert incoming["payer"]["name"] == 'ТОО "ҚАЙРАТ ӨРКЕН ЖҰЛДЫЗ"' and incoming["payer"]["bin"] == B1
    assert incoming["proposal"]["invoice"]["number"] == "2026-000002" and incoming["proposal"]["confidence"] == 100
    assert outgoing["direction"] == "out" and outgoing["amount"] == "15000.00"


def test_csv_asks_for_columns_once_per_bank_then_remembers_them(client, headers, invoices):
    need = upload(client, headers, "halyk_statement.csv", status=400, bank="HSBKKZKX")
    assert "columns" in need and "Дата операции" in need["headers"] and "Кредит" in need["headers"]
    assert "bank" in upload(client, headers, "halyk_statement.csv", status=400)  # no bank: nothing to remember by
    made = upload(client, headers, "halyk_statement.csv", bank="HSBKKZKX", **CSV_COLUMNS)
    assert made["format"] == "csv" and made["lines_new"] == 3
    first, outgoing, third = lines_of(client, headers, made["id"])
    assert first["amount"] == "93742.49" and first["payer"]["name"] == 'ТОО "ҚАЙРАТ ӨРКЕН ЖҰЛДЫЗ"'
    assert first["proposal"]["invoice"]["number"] == "2026-000001" and outgoing["direction"] == "out"
    assert third["proposal"]["invoice"]["number"] == "2026-000003"  # «счету № 3» and the BIN
    saved = db.session.execute(select(StatementMapping)).scalar_one()
    assert saved.bank_key == "HSBKKZKX" and saved.columns["credit"] == "Кредит"
    # The next month's file of the same bank needs no columns (the BIC written in lower case, too).
    later = (DATA / "halyk_statement.csv").read_bytes().replace("03.12.2026;98;".encode(), b"04.12.2026;99;")
    again = upload(client, headers, "next.csv", data=later, bank="hsbkkzkx")
    assert again["lines_new"] == 1 and again["seen_in"]


def test_xlsx_with_a_direction_column(client, headers, invoices):
    columns = {"col_date": "Дата", "col_amount": "Сумма", "col_direction": "Вид операции",
               "col_payer_name": "Плательщик / получатель", "col_payer_bin": "БИН/ИИН", "col_purpose": "Назначение",
               "col_reference": "Номер п/п"}
    made = upload(client, headers, "forte_statement.xlsx", bank="IRTYKZKA", **columns)
    first, outgoing, small = lines_of(client, headers, made["id"])
    assert made["format"] == "xlsx" and first["date"] == "2026-12-01" and first["amount"] == "93742.49"
    assert first["proposal"]["invoice"]["number"] == "2026-000001" and first["doc_number"] == "4410"
    assert outgoing["direction"] == "out" and small["amount"] == "1000.50" and small["proposal"] is None
    both = dict(columns, col_credit="Сумма")
    assert "credit" in upload(client, headers, "forte_statement.xlsx", status=400, bank="IRTYKZKA", **both)


@pytest.mark.parametrize("name, where", [("broken_unclosed.txt", "Строка 10"), ("broken_amount.txt", "Строка 8")])
def test_broken_files_are_refused_naming_the_line_and_write_nothing(client, headers, invoices, name, where):
    refused = upload(client, headers, name, status=400)
    assert refused["file"][0].startswith(where)
    assert db.session.execute(select(func.count(BankStatement.id))).scalar_one() == 0
    html = client.post(URL, data={"file": (io.BytesIO((DATA / name).read_bytes()), name)},
                       headers={"Authorization": headers["Authorization"], "Accept": "text/html"},
                       content_type="multipart/form-data")
    assert html.status_code == 400 and where in html.get_data(as_text=True) and "Загрузить" in html.get_data(as_text=True)
    for data, message in ((b"", "Выберите"), (b"PK\x03\x04garbage", "XLSX"), ("Дата;Сумма\n1;2".encode(), "Строка 2: дата «1»")):
        bad = upload(client, headers, "x.xlsx" if data.startswith(b"PK") else "x.csv", data=data, status=400,
                     bank="HSBKKZKX", col_date="Дата", col_amount="Сумма")
        assert message in str(bad), bad


def test_the_confirm_page_ticks_proposals_and_confirms_through_htmx(client, director, login, invoices):
    login("director@test.kz", "director-pass")
    page = client.post(URL, data={"file": (io.BytesIO((DATA / "kaspi_1c_cp1251.txt").read_bytes()), "kaspi.txt")},
                       headers={"Accept": "text/html"}, content_type="multipart/form-data")
    assert page.status_code == 302
    statement = db.session.execute(select(BankStatement)).scalar_one()
    html = client.get(page.headers["Location"], headers={"Accept": "text/html"}).get_data(as_text=True)
    lines = db.session.execute(select(StatementLine).order_by(StatementLine.position)).scalars().all()
    assert f'name="take" value="{lines[0].public_id}" id="take-{lines[0].public_id}" aria-label="Разнести строку 18"\n' \
           f'                   checked' in html
    assert "Подтвердить отмеченные" in html
    # The bank's free text keeps «№ 2026-000001» on one line, as the payment order's «п/п № 1187».
    assert 'на оплату <span class="docnum">№\u00a02026-000001</span> от' in html
    assert 'п/п <span class="docnum">№\u00a01187</span>' in html
    assert f'<input type="text" name="invoice_{lines[3].public_id}"' in html  # no invoice of that payer: typed in
    assert f'value="{lines[3].public_id}" id="take-{lines[3].public_id}" aria-label="Разнести строку 65"\n' \
           f'                   >' in html  # offered, not ticked
    form = {"take": [lines[0].public_id, lines[2].public_id], f"invoice_{lines[0].public_id}": "2026-000001",
            f"invoice_{lines[2].public_id}": "2026-000003"}
    done = client.post(f"{URL}{statement.public_id}/confirm/", data=form, headers={"HX-Request": "true"})
    text = done.get_data(as_text=True)
    assert done.status_code == 200 and "Записано платежей: 2." in text and "<html" not in text
    refused = client.post(f"{URL}{statement.public_id}/confirm/", data={"take": [lines[0].public_id]},
                          headers={"HX-Request": "true"})
    assert refused.status_code == 400 and "Ничего не записано" in refused.get_data(as_text=True)
    typed = client.post(f"{URL}{statement.public_id}/confirm/", headers={"HX-Request": "true"}, data={
        "take": [lines[3].public_id], f"invoice_{lines[3].public_id}": "2026-000002", f"over_{lines[3].public_id}": "on"})
    assert typed.status_code == 200 and "Записано платежей: 1." in typed.get_data(as_text=True)
    assert db.session.execute(select(Payment).where(Payment.reference == "5521")).scalar_one().amount == Decimal("84087.16")


def test_walls_every_endpoint_owner_other_company_anonymous(client, headers, invoices, other_director, worker,
                                                            token_headers):
    made = upload(client, headers, "kaspi_1c_cp1251.txt")
    line = lines_of(client, headers, made["id"])[0]
    other = token_headers("other@test.kz", "other-pass")
    detail, confirm = f"{URL}{made['id']}/", f"{URL}{made['id']}/confirm/"
    body = {"matches": [{"line": line["id"], "invoice": "2026-000001"}]}
    # The other company: its list is empty, our statement is a 404 to read and to confirm; its own upload matches nothing of ours.
    assert client.get(URL, headers=other).get_json()["count"] == 0
    assert client.get(detail, headers=other).status_code == 404
    assert client.post(confirm, json=body, headers=other).status_code == 404
    theirs = upload(client, other, "kaspi_1c_cp1251.txt")  # the same file is new to them
    assert all(ln["proposal"] is None for ln in lines_of(client, other, theirs["id"]))
    assert client.post(f"{URL}{theirs['id']}/confirm/", json=body, headers=other).status_code == 400  # our invoice: not found
    # Anonymous: 401 on every endpoint and method.
    anonymous = {"Accept": "application/json"}
    assert client.get(URL, headers=anonymous).status_code == 401
    assert client.post(URL, data={}, headers=anonymous).status_code == 401
    assert client.get(detail, headers=anonymous).status_code == 401
    assert client.post(confirm, json=body, headers=anonymous).status_code == 401
    assert client.get("/ledger/statements/ffffffff/", headers=headers).status_code == 404
    # A worker imports and confirms.
    staff = token_headers("worker@test.kz", "worker-pass")
    assert client.get(URL, headers=staff).get_json()["count"] == 1
    assert client.post(confirm, json=body, headers=staff).status_code == 200
    assert upload(client, staff, "halyk_1c_utf8.txt")["lines_new"] == 2


def test_matching_reads_numbers_and_spreads_one_invoice_over_two_payments():
    assert numbers_in("Оплата по счету на оплату № 2026-000001 от 26.11.2026") == ({(2026, 1)}, set())
    assert numbers_in("оплата сч.№12 НДС") == (set(), {12})
    assert numbers_in("счет 1")[1] == {1} and numbers_in("По счёту № 000045")[1] == {45}
    from datetime import date
    invoices = [OpenInvoice(1, "2026-000001", B1, Decimal("100.00"), date(2026, 11, 1)),
                OpenInvoice(2, "2026-000002", B1, Decimal("100.00"), date(2026, 11, 2))]
    matcher = Matcher(invoices)
    first = matcher.propose(B1, Decimal("100.00"), "оплата")
    second = matcher.propose(B1, Decimal("100.00"), "оплата")
    assert (first.document_id, second.document_id) == (1, 2)  # oldest first, then the next one
    assert Matcher(invoices).propose(NOBODY, Decimal("55.00"), "").document_id is None
    only = Matcher([invoices[0]]).propose(NOBODY, Decimal("100.00"), "")
    assert only.document_id == 1 and only.confidence == 20


def test_the_same_payment_from_another_format_is_not_preselected_twice(client, headers, invoices):
    """The CSV and the 1C file of one bank hold the same operation in other words (other hash):
    once the CSV's line is confirmed, the 1C file's is proposed below the tick."""
    made = upload(client, headers, "halyk_statement.csv", bank="HSBKKZKX", **CSV_COLUMNS)
    first = lines_of(client, headers, made["id"])[0]
    assert client.post(f"{URL}{made['id']}/confirm/", json={"matches": [{"line": first["id"], "invoice": "2026-000001"}]},
                       headers=headers).status_code == 200
    again = upload(client, headers, "kaspi_1c_cp1251.txt")
    same = lines_of(client, headers, again["id"])[0]  # 01.12, 93 742,49 from the first buyer
    assert same["proposal"]["confidence"] == 30 and not same["proposal"]["preselected"]
    assert same["proposal"]["reason"].startswith("похожий платёж уже записан")


def test_one_payment_from_the_1c_file_and_the_csv_of_the_same_bank_is_recorded_once(client, headers, invoices):
    """Kaspi's 1C file and Kaspi's CSV of the same days: the CSV words the purpose its own way, has
    no payer account and writes the order's number with leading zeros; its first operation is the
    1C file's first (01.12, № 1187, 93 742,49 from 120440900015), already recorded."""
    made = upload(client, headers, "kaspi_1c_cp1251.txt")
    first = lines_of(client, headers, made["id"])[0]
    assert client.post(f"{URL}{made['id']}/confirm/", json={"matches": [{"line": first["id"], "invoice": "2026-000001"}]},
                       headers=headers).status_code == 200
    csv = ("\ufeffДата операции;№ документа;Дебет;Кредит;Наименование контрагента;ИИН/БИН контрагента;Назначение платежа\n"
           f"01.12.2026;001187;;93 742,49;ТОО «Қайрат Өркен Жұлдыз»;{B1};Оплата сч. 2026-000001\n"
           f"03.12.2026;5511;;1 000,00;ТОО «Қайрат Өркен Жұлдыз»;{B1};Аванс\n").encode("utf-8")
    again = upload(client, headers, "kaspi.csv", csv, bank="CASPKZKA", **CSV_COLUMNS)
    assert again["lines_in_file"] == 2 and again["lines_new"] == 1
    assert again["seen_in"][0]["id"] == made["id"]
    assert [ln["amount"] for ln in lines_of(client, headers, again["id"])] == ["1000.00"]
    assert db.session.execute(select(func.count(Payment.id))).scalar_one() == 1
    # The same file again: nothing new at all.
    assert upload(client, headers, "kaspi.csv", csv, bank="CASPKZKA", status=200)["lines_new"] == 0
