"""Акт сверки (#19): balances against figures computed by hand, the PDF, issue and verification, walls."""
import subprocess
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.ledger.payments import delete_payment, record_payment
from portal.models import IssuedDocument, LedgerInvoice
from tests.test_documents_support import headers, pdf_text  # noqa: F401
from tests.test_ledger_statements import B1, invoices  # noqa: F401

URL = "/ledger/reconciliation/"
PERIOD = {"counterparty": B1, "date_from": "2026-11-01", "date_to": "2026-11-30"}


def _pay(inv, on, amount, **extra):
    payment = record_payment(inv.company_id, inv.document_id, paid_on=on, amount=Decimal(amount), method="transfer",
                             **extra)
    db.session.commit()
    return payment


@pytest.fixture
def history(invoices):
    """By hand, for the first buyer and November 2026:
    before: invoice 1 of 15.10 (93 742,49) − payment of 20.10 (50 000,00) → opening 43 742,49 in our favour;
    05.11 payment 43 742,49 (credit); 26.11 invoice 2 (debit 93 742,49); 30.11 payment 100 000,00 (credit);
    turnover: debit 93 742,49, credit 143 742,49; closing 43 742,49 + 93 742,49 − 143 742,49 = −6 257,51,
    a debt in the buyer's favour. Not counted: the second buyer's invoice 3, a payment of 02.12 (after the
    period), a deleted payment, and an annulled invoice of 10.11 (its 1 000,00 payment stays a credit: 26.11
    would then be −7 257,51 — checked in its own test)."""
    first, second = invoices["2026-000001"], invoices["2026-000002"]
    first.doc_date = date(2026, 10, 15)
    db.session.commit()
    _pay(first, date(2026, 10, 20), "50000.00")
    _pay(first, date(2026, 11, 5), "43742.49", reference="1187")
    _pay(second, date(2026, 11, 30), "100000.00", confirm_overpayment=True)
    _pay(second, date(2026, 12, 2), "10.00", confirm_overpayment=True)
    gone = _pay(second, date(2026, 11, 20), "5.00", confirm_overpayment=True)
    delete_payment(second.company_id, gone.id)
    db.session.commit()
    return invoices


def test_balances_match_the_hand_computed_figures(client, headers, history):
    response = client.get(URL, query_string=PERIOD, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    act = response.get_json()
    assert act["opening"] == "43742.49"
    assert [(e["date"], e["debit"], e["credit"]) for e in act["entries"]] == [
        ("2026-11-05", "0.00", "43742.49"), ("2026-11-26", "93742.49", "0.00"), ("2026-11-30", "0.00", "100000.00")]
    assert act["debit"] == "93742.49" and act["credit"] == "143742.49" and act["closing"] == "-6257.51"
    assert act["balance_text"] == ('На 30.11.2026 задолженность в пользу ТОО "ҚАЙРАТ ӨРКЕН ЖҰЛДЫЗ": 6 257,51 тенге '
                                   "(Шесть тысяч двести пятьдесят семь тенге 51 тиын).")
    assert "п/п № 1187" in act["entries"][0]["document"] and "2026-000002" in act["entries"][1]["document"]
    # December alone: opening −6 257,51 (the buyer's credit), then the 10,00 payment.
    december = client.get(URL, query_string={**PERIOD, "date_from": "2026-12-01", "date_to": "2026-12-31"},
                          headers=headers).get_json()
    assert december["opening"] == "-6257.51" and december["closing"] == "-6267.51"


def test_an_annulled_invoice_is_no_debt_but_its_payment_stays_a_credit(client, headers, history):
    third = history["2026-000003"]  # re-pointed at the first buyer to stand for an invoice of 10.11 later annulled
    third.counterparty_bin, third.doc_date = B1, date(2026, 11, 10)
    db.session.commit()
    _pay(third, date(2026, 11, 12), "1000.00")
    third.annulled_at = datetime(2026, 11, 15, tzinfo=timezone.utc)
    db.session.commit()
    act = client.get(URL, query_string=PERIOD, headers=headers).get_json()
    assert act["debit"] == "93742.49" and act["credit"] == "144742.49" and act["closing"] == "-7257.51"


def test_issue_as_pdf_with_number_qr_and_verification(client, headers, history):
    response = client.post(URL, json={**PERIOD, "form": "pu"}, headers=headers)
    assert response.status_code == 201, response.get_data(as_text=True)
    record_json = response.get_json()
    assert record_json["number"] == "2026-000001" and record_json["type"] == "rc"
    record = db.session.execute(select(IssuedDocument).where(IssuedDocument.public_id == record_json["id"])).unique().scalar_one()
    assert record.total_sum == Decimal("6257.51") and record.recipient_bin == B1 and record.title == "Акт сверки взаиморасчетов"
    text = pdf_text(record.file.pdf)
    for fragment in ("Акт сверки № 2026-000001", "01.11.2026 – 30.11.2026", "Сальдо начальное", "43 742,49",
                     "Обороты за период", "143 742,49", "Сальдо конечное", "6 257,51", "в пользу ТОО \"ҚАЙРАТ ӨРКЕН ЖҰЛДЫЗ\"",
                     "Шесть тысяч двести пятьдесят семь тенге 51 тиын", "Руководитель", "М.П.", record.doc_id,
                     "(Омарова Дана"):  # our «Главный бухгалтер», from the signer catalogue (the name wraps)
        assert fragment in text, fragment
    # The buyer's accountant is not known: a line to sign and write the name by hand, as 1C leaves it.
    assert text.count("Главный бухгалтер") == 2 and "(____________________)" in text
    again = client.post(URL, json=PERIOD, headers=headers).get_json()
    assert again["number"] == "2026-000002"  # a new act is a new document with the next number
    verify = client.get(f"/verify/{record.doc_id}/", headers={"Accept": "application/json"})
    assert verify.status_code == 200 and "2026-000001" in verify.get_data(as_text=True)
    download = client.get(f"/smart_doc/documents/{record.public_id}/download/", headers=headers)
    assert download.status_code in (200, 404)
    Path = __import__("pathlib").Path
    out = Path(__file__).parent / "artifacts" / "reconciliation"
    out.mkdir(parents=True, exist_ok=True)
    (out / "akt_sverki.pdf").write_bytes(record.file.pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(out / "akt_sverki.pdf"), str(out / "akt_sverki")], check=True)
    registry = client.get("/ledger/", query_string={"kind": "issued"}, headers=headers).get_json()
    assert any(r["number"] == "2026-000001" and r["type"] == "rc" for r in registry["results"]) or registry["count"] >= 3
    # The registry filters by every issued type, the акт сверки's too, in JSON, on the page and in exports.
    acts = client.get("/ledger/", query_string={"type": "rc"}, headers=headers)
    assert acts.status_code == 200 and acts.get_json()["count"] == 2
    assert {r["number"] for r in acts.get_json()["results"]} == {"2026-000001", "2026-000002"}
    exported = client.get("/ledger/export.csv", query_string={"type": "rc"}, headers=headers)
    assert exported.status_code == 200 and exported.get_data(as_text=True).count("Акт сверки") == 2
    # And the issued documents list: a «Акты сверки» filter, in JSON and on the page.
    listed = client.get("/smart_doc/documents/", query_string={"type": "rc"}, headers=headers).get_json()
    assert {r["type"] for r in listed["results"]} == {"rc"} and listed["count"] == 2
    page = client.get("/smart_doc/documents/?type=rc", headers={**headers, "Accept": "text/html"}).get_data(as_text=True)
    assert 'href="/smart_doc/documents/?type=rc" class="is-active">Акты сверки' in page


def test_bad_requests_are_named_and_the_form_is_reshown(client, headers, director, login, history):
    for args, field in (({**PERIOD, "counterparty": "123"}, "counterparty"), ({**PERIOD, "date_from": "x"}, "date_from"),
                        ({**PERIOD, "date_to": "2026-10-01"}, "date_to"), ({**PERIOD, "counterparty": "999999999999"},
                                                                            "counterparty")):
        assert field in client.get(URL, query_string=args, headers=headers).get_json()
        assert field in client.post(URL, json=args, headers=headers).get_json()
    assert db.session.execute(select(IssuedDocument).where(IssuedDocument.type == "rc")).first() is None
    login("director@test.kz", "director-pass")
    page = client.get(URL, query_string={**PERIOD, "date_from": "x"}, headers={"Accept": "text/html"})
    assert page.status_code == 400 and "ГГГГ-ММ-ДД" in page.get_data(as_text=True)
    preview = client.get(URL, query_string=PERIOD, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Сальдо конечное" in preview and "Выпустить акт сверки" in preview and "<html" not in preview
    issued = client.post(URL, data=PERIOD, headers={"HX-Request": "true"})
    assert issued.status_code == 201 and issued.headers["HX-Redirect"].startswith("/smart_doc/documents/")


def test_walls(client, headers, history, other_director, worker, token_headers):
    other = token_headers("other@test.kz", "other-pass")
    assert "counterparty" in client.get(URL, query_string=PERIOD, headers=other).get_json()  # not their counterparty
    assert client.post(URL, json=PERIOD, headers=other).status_code == 400
    anonymous = {"Accept": "application/json"}
    assert client.get(URL, query_string=PERIOD, headers=anonymous).status_code == 401
    assert client.post(URL, json=PERIOD, headers=anonymous).status_code == 401
    staff = token_headers("worker@test.kz", "worker-pass")
    assert client.get(URL, query_string=PERIOD, headers=staff).get_json()["closing"] == "-6257.51"
