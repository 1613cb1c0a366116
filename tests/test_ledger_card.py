"""The invoice's ledger card: JSON and page, recording through JSON, a form and htmx, the
overpayment confirmation, editing and deleting, annulment (director only) and the verify page."""
from datetime import date
from decimal import Decimal

from portal.extensions import db
from portal.models import Payment
from tests.test_documents_support import buyer, headers, issue_doc, sources  # noqa: F401

HTML = {"Accept": "text/html"}
HTMX = {"Accept": "text/html", "HX-Request": "true"}
TODAY = date.today().isoformat()


def card_url(issued) -> str:
    return f"/ledger/invoices/{issued['id']}/"


def _pay(client, headers, issued, amount, status=201, **extra):
    body = {"paid_on": TODAY, "amount": amount, "method": "transfer", **extra}
    response = client.post(card_url(issued) + "payments/", json=body, headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def test_card_json_follows_payments_to_paid(client, headers, sources):
    issued = issue_doc(client, headers, sources["ip"], "ip")
    card = client.get(card_url(issued), headers=headers).get_json()
    assert card["state"] == "unpaid" and card["state_text"] == "не оплачен"
    assert card["amount"] == issued["total_sum"] and card["remaining"] == issued["total_sum"]
    assert card["due_date"] == "2026-12-06" and card["payments"] == [] and card["annulled"] is None
    first = _pay(client, headers, issued, "1000.50", reference="ПП 17")
    assert first["amount"] == "1000.50" and first["method_text"] == "безналичный" and first["reference"] == "ПП 17"
    card = client.get(card_url(issued), headers=headers).get_json()
    assert card["paid"] == "1000.50" and card["state"] in ("partial", "overdue")
    rest = Decimal(issued["total_sum"]) - Decimal("1000.50")
    too_much = client.post(card_url(issued) + "payments/", json={"paid_on": TODAY, "amount": f"{rest + 1:.2f}",
                                                                 "method": "cash"}, headers=headers)
    assert too_much.status_code == 400 and "amount" in too_much.get_json()
    _pay(client, headers, issued, f"{rest:.2f}", method="kaspi")
    card = client.get(card_url(issued), headers=headers).get_json()
    assert card["state"] == "paid" and card["remaining"] == "0.00" and card["paid_at"]
    assert [h["action"] for h in card["history"]] == ["created", "created"]
    assert [p["method"] for p in card["payments"]] == ["transfer", "kaspi"]


def test_bad_json_names_the_fields(client, headers, sources):
    issued = issue_doc(client, headers, sources["ip"], "ip")
    response = client.post(card_url(issued) + "payments/", json={"paid_on": "завтра", "amount": "-1", "method": "x"},
                           headers=headers)
    assert response.status_code == 400
    assert {"paid_on", "amount"} <= set(response.get_json())
    response = client.post(card_url(issued) + "payments/", json={"paid_on": TODAY, "amount": "1", "method": "x"},
                           headers=headers)
    assert response.status_code == 400 and "method" in response.get_json()
    assert db.session.query(Payment).count() == 0


def test_form_refusal_reshows_values_and_overpayment_asks_to_confirm(client, director, login, headers, sources):
    issued = issue_doc(client, headers, sources["ip"], "ip")
    login("director@test.kz", "director-pass")
    page = client.get(card_url(issued), headers=HTML)
    assert page.status_code == 200 and "Записать платёж" in page.get_data(as_text=True)
    over = f"{Decimal(issued['total_sum']) + Decimal('10'):.2f}".replace(".", ",")
    form = {"paid_on": TODAY, "amount": over, "method": "card", "reference": "чек 5", "note": "наличными в офисе"}
    refused = client.post(card_url(issued) + "payments/", data=form, headers=HTMX)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert 'id="invoice-card"' in html and "<html" not in html  # the card's body alone
    assert "Подтвердите переплату" in html and 'name="confirm_overpayment"' in html
    assert f'value="{over}"' in html and 'value="чек 5"' in html and 'value="наличными в офисе"' in html
    assert '<option value="card" selected>' in html
    assert db.session.query(Payment).count() == 0
    confirmed = client.post(card_url(issued) + "payments/", data={**form, "confirm_overpayment": "1"}, headers=HTMX)
    html = confirmed.get_data(as_text=True)
    assert confirmed.status_code == 201 and "Платёж записан." in html
    assert "оплачен" in html and "Аванс контрагента" in html and "10,00 ₸" in html
    plain = client.post(card_url(issued) + "payments/", data={**form, "amount": "1", "confirm_overpayment": "1"},
                        headers=HTML)
    assert plain.status_code == 302 and plain.headers["Location"].endswith(card_url(issued))


def test_edit_and_delete_through_the_api_and_the_pages(client, director, login, headers, sources):
    issued = issue_doc(client, headers, sources["ip"], "ip")
    payment = _pay(client, headers, issued, "500.00")
    url = f"/ledger/payments/{payment['id']}/"
    changed = client.patch(url, json={"amount": "400.00", "note": "исправлено"}, headers=headers)
    assert changed.status_code == 200 and changed.get_json()["amount"] == "400.00"
    assert changed.get_json()["paid_on"] == TODAY  # what was not sent stays
    bad = client.patch(url, json={"amount": "0"}, headers=headers)
    assert bad.status_code == 400 and "amount" in bad.get_json()
    login("director@test.kz", "director-pass")
    page = client.get(url, headers=HTML)
    assert page.status_code == 200 and 'value="400.00"' in page.get_data(as_text=True)
    refused = client.post(url, data={"paid_on": "", "amount": "300", "method": "cash"}, headers=HTML)
    assert refused.status_code == 400 and "Укажите дату оплаты." in refused.get_data(as_text=True)
    assert 'value="300"' in refused.get_data(as_text=True)
    saved = client.post(url, data={"paid_on": TODAY, "amount": "300", "method": "cash", "reference": "", "note": ""},
                        headers=HTML)
    assert saved.status_code == 302
    deleted = client.post(url + "delete/", headers=HTMX)
    assert deleted.status_code == 200 and "Платёж удалён." in deleted.get_data(as_text=True)
    card = client.get(card_url(issued), headers=headers).get_json()
    assert card["payments"] == [] and card["paid"] == "0.00"
    assert [h["action"] for h in card["history"]] == ["created", "edited", "edited", "deleted"]
    assert card["history"][1]["old"]["amount"] == "500.00" and card["history"][1]["new"]["note"] == "исправлено"
    assert card["history"][2]["new"]["method"] == "cash"
    assert client.delete(url, headers=headers).status_code == 404  # already deleted
    assert client.get(url, headers=headers).get_json()["deleted"]


def test_only_a_director_annuls_with_a_reason_and_the_verify_page_says_so(client, director, worker, token_headers,
                                                                          headers, sources):
    issued = issue_doc(client, headers, sources["ip"], "ip")
    worker_headers = token_headers("worker@test.kz", "worker-pass")
    _pay(client, worker_headers, issued, "100.00")  # a worker records payments
    refused = client.post(card_url(issued) + "annul/", json={"reason": "ошибка в сумме"}, headers=worker_headers)
    assert refused.status_code == 403
    no_reason = client.post(card_url(issued) + "annul/", json={"reason": "  "}, headers=headers)
    assert no_reason.status_code == 400 and "reason" in no_reason.get_json()
    done = client.post(card_url(issued) + "annul/", json={"reason": "ошибка в сумме"}, headers=headers)
    assert done.status_code == 200
    body = done.get_json()
    assert body["state"] == "annulled" and body["annulled"]["reason"] == "ошибка в сумме"
    assert body["overpaid"] == "100.00"  # what was paid is the counterparty's credit now
    assert client.post(card_url(issued) + "annul/", json={"reason": "ещё раз"}, headers=headers).status_code == 409
    assert _pay(client, headers, issued, "1.00", status=400)["document"]
    verify = client.get(f"/verify/{issued['doc_id']}/", headers={"Accept": "application/json"}).get_json()
    assert verify["annulled"]["reason"] == "ошибка в сумме" and verify["annulled"]["at"]
    assert verify["number"] == issued["number"]  # existing keys stay
    html = client.get(f"/verify/{issued['doc_id']}/", headers=HTML).get_data(as_text=True)
    assert "аннулирован" in html and "ошибка в сумме" in html
    pdf = client.get(f"/smart_doc/documents/{issued['id']}/file/", headers=headers)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")  # the PDF stays


def test_a_not_annulled_invoice_says_nothing_of_annulment_on_verify(client, headers, sources):
    issued = issue_doc(client, headers, sources["ip"], "ip")
    verify = client.get(f"/verify/{issued['doc_id']}/", headers={"Accept": "application/json"}).get_json()
    assert "annulled" not in verify
    assert "аннулирован" not in client.get(f"/verify/{issued['doc_id']}/", headers=HTML).get_data(as_text=True)


def test_acts_and_waybills_close_an_invoice_and_both_cards_show_it(client, director, login, headers, sources):
    invoice = issue_doc(client, headers, sources["ip"], "ip")
    act = issue_doc(client, headers, sources["aw"], "aw")
    waybill = issue_doc(client, headers, sources["wb"], "wb")
    offer = issue_doc(client, headers, sources["co"], "co")
    linked = client.post(card_url(invoice) + "closings/", json={"document": act["id"]}, headers=headers)
    assert linked.status_code == 201 and linked.get_json()["number"] == act["number"]
    assert client.post(card_url(invoice) + "closings/", json={"document": waybill["id"]}, headers=headers).status_code == 201
    wrong = client.post(card_url(invoice) + "closings/", json={"document": offer["id"]}, headers=headers)
    assert wrong.status_code == 400 and "document" in wrong.get_json()
    card = client.get(card_url(invoice), headers=headers).get_json()
    assert sorted(c["type"] for c in card["closed_by"]) == ["aw", "wb"]
    login("director@test.kz", "director-pass")
    act_page = client.get(f"/smart_doc/documents/{act['id']}/", headers=HTML).get_data(as_text=True)
    assert f'Закрывает счёт №&nbsp;<span class="docnum">{invoice["number"]}</span>' in act_page
    invoice_page = client.get(f"/smart_doc/documents/{invoice['id']}/", headers=HTML).get_data(as_text=True)
    assert card_url(invoice) in invoice_page
    gone = client.delete(card_url(invoice) + f"closings/{act['id']}/", headers=headers)
    assert gone.status_code == 204
    assert [c["type"] for c in client.get(card_url(invoice), headers=headers).get_json()["closed_by"]] == ["wb"]
    assert client.delete(card_url(invoice) + f"closings/{act['id']}/", headers=headers).status_code == 404


def test_a_private_annulled_invoice_says_when_but_not_why(client, headers, sources):
    issued = issue_doc(client, headers, sources["ip"], "ip", form="pr")
    assert client.post(card_url(issued) + "annul/", json={"reason": "внутренняя причина"}, headers=headers).status_code == 200
    anonymous = {"Accept": "application/json"}
    verify = client.get(f"/verify/{issued['doc_id']}/", headers=anonymous).get_json()
    assert verify["annulled"]["at"] and verify["annulled"]["reason"] is None and "number" not in verify
    html = client.get(f"/verify/{issued['doc_id']}/", headers=HTML).get_data(as_text=True)
    assert "аннулирован" in html and "внутренняя причина" not in html
