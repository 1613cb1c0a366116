"""Tenant walls of every new ledger endpoint × method × {owner, other company, anonymous}.

Another company's invoice, payment or link answers 404 and changes nothing; its own lists show
none of ours; without credentials every endpoint is a 401.
"""
from datetime import date
from decimal import Decimal

import pytest

from portal.extensions import db
from portal.ledger import payments as ledger
from portal.ledger.invoices import link_closing
from portal.models import InvoiceClosing, LedgerInvoice, Payment, PaymentChange
from tests import factories
from tests.ledger_support import make_invoice
from tests.test_documents_support import staff_of_user

PAID_ON = date(2026, 11, 20).isoformat()


@pytest.fixture
def book(company, director):
    buyer = factories.make_company(name='ТОО "ПОКУПАТЕЛЬ"')
    invoice = make_invoice(company, buyer, "1000.00", date(2026, 11, 1), date(2099, 12, 1))
    act = make_invoice(company, buyer, "1000.00", date(2026, 11, 2), doc_type="aw")
    spare = make_invoice(company, buyer, "500.00", date(2026, 11, 3), doc_type="wb")
    payment = ledger.record_payment(company.id, invoice.document_id, paid_on=date(2026, 11, 10),
                                    amount=Decimal("100.00"), method="cash")
    link_closing(staff_of_user(director), invoice, act.public_id)
    db.session.commit()
    return {"inv": invoice.document.public_id, "act": act.public_id, "spare": spare.public_id,
            "pay": payment.public_id}


PAYMENT_BODY = {"paid_on": PAID_ON, "amount": "10.00", "method": "card", "reference": "", "note": ""}
# (method, path, body, the owner's status)
CASES = [
    ("GET", "/ledger/invoices/{inv}/", None, 200),
    ("POST", "/ledger/invoices/{inv}/payments/", PAYMENT_BODY, 201),
    ("POST", "/ledger/invoices/{inv}/annul/", {"reason": "ошибка"}, 200),
    ("POST", "/ledger/invoices/{inv}/closings/", {"document": "{spare}"}, 201),
    ("DELETE", "/ledger/invoices/{inv}/closings/{act}/", None, 204),
    ("POST", "/ledger/invoices/{inv}/closings/{act}/delete/", None, 204),
    ("GET", "/ledger/payments/{pay}/", None, 200),
    ("PATCH", "/ledger/payments/{pay}/", {"amount": "90.00"}, 200),
    ("POST", "/ledger/payments/{pay}/", PAYMENT_BODY, 200),
    ("DELETE", "/ledger/payments/{pay}/", None, 204),
    ("POST", "/ledger/payments/{pay}/delete/", None, 204),
]
LISTS = ["/ledger/payments/", "/ledger/receivables/", "/ledger/?status=partial"]


def _state():
    """Everything a refused request must leave as it was."""
    db.session.expire_all()
    invoice = db.session.execute(db.select(LedgerInvoice)).scalar_one()
    return (invoice.paid, invoice.annulled_at, db.session.query(Payment).filter(Payment.deleted_at.is_(None)).count(),
            db.session.query(PaymentChange).count(), db.session.query(InvoiceClosing).count())


def _send(client, method, path, body, headers, book):
    path = path.format(**book)
    if body is not None:
        body = {k: (v.format(**book) if isinstance(v, str) else v) for k, v in body.items()}
    return client.open(path, method=method, json=body, headers=headers)


@pytest.mark.parametrize("method, path, body, status", CASES, ids=[f"{m} {p}" for m, p, _, _ in CASES])
def test_owner_may(client, token_headers, book, method, path, body, status):
    response = _send(client, method, path, body, token_headers("director@test.kz", "director-pass"), book)
    assert response.status_code == status, response.get_data(as_text=True)


@pytest.mark.parametrize("method, path, body, status", CASES, ids=[f"{m} {p}" for m, p, _, _ in CASES])
def test_other_company_gets_404_and_changes_nothing(client, token_headers, other_director, book, method, path, body,
                                                    status):
    before = _state()
    response = _send(client, method, path, body, token_headers("other@test.kz", "other-pass"), book)
    assert response.status_code == 404, response.get_data(as_text=True)
    assert _state() == before


@pytest.mark.parametrize("method, path, body, status", CASES, ids=[f"{m} {p}" for m, p, _, _ in CASES])
def test_anonymous_gets_401_and_changes_nothing(client, book, method, path, body, status):
    before = _state()
    response = _send(client, method, path, body, {"Accept": "application/json"}, book)
    assert response.status_code == 401, response.get_data(as_text=True)
    assert _state() == before


@pytest.mark.parametrize("path", LISTS)
def test_lists_show_only_the_callers_company(client, token_headers, other_director, book, path):
    own = client.get(path, headers=token_headers("director@test.kz", "director-pass")).get_json()
    other = client.get(path, headers=token_headers("other@test.kz", "other-pass")).get_json()
    anonymous = client.get(path, headers={"Accept": "application/json"})
    assert anonymous.status_code == 401
    if "count" in own:
        assert own["count"] == 1 and other["count"] == 0
    else:
        assert own["owed"] == "900.00" and other["owed"] == "0.00" and other["counterparties"]["results"] == []
        assert own["counterparties"]["count"] == 1


def test_another_companys_act_cannot_be_linked(client, token_headers, other_director, book):
    other_company = staff_of_user(other_director).company
    foreign_act = make_invoice(other_company, None, "5.00", date(2026, 11, 1), doc_type="aw")
    response = client.post(f"/ledger/invoices/{book['inv']}/closings/", json={"document": foreign_act.public_id},
                           headers=token_headers("director@test.kz", "director-pass"))
    assert response.status_code == 400 and "document" in response.get_json()


def test_a_worker_records_and_edits_but_does_not_annul(client, token_headers, worker, book):
    headers = token_headers("worker@test.kz", "worker-pass")
    assert client.post(f"/ledger/invoices/{book['inv']}/payments/", json=PAYMENT_BODY, headers=headers).status_code == 201
    assert client.patch(f"/ledger/payments/{book['pay']}/", json={"note": "работник"}, headers=headers).status_code == 200
    refused = client.post(f"/ledger/invoices/{book['inv']}/annul/", json={"reason": "ошибка"}, headers=headers)
    assert refused.status_code == 403
    assert _state()[1] is None
