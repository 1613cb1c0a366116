"""Tenant walls and roles of every chores endpoint × method × {owner, other company, anonymous},
plus worker vs director: workers see schedules and rules, only directors change them."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.chores import reminders, schedules
from portal.extensions import db
from portal.models import (Email, InvoiceReminder, IssuedFile, RecurringSchedule, ReminderExclusion, ReminderRule,
                           ScheduleVersion)
from portal.timeutil import today_almaty
from tests import factories
from tests.chores_support import schedule_body, template_invoice
from tests.ledger_support import make_invoice
from tests.test_documents_support import headers, staff_of_user  # noqa: F401  (fixture)


@pytest.fixture
def book(client, headers, director, company):
    buyer = factories.make_company(name='ТОО "ПОКУПАТЕЛЬ"')
    db.session.add(Email(email="buh@buyer.kz", company_id=buyer.id))
    db.session.commit()
    source = template_invoice(client, headers, buyer)
    staff = staff_of_user(director)
    schedule = schedules.create_schedule(staff, schedule_body(source, today_almaty() + timedelta(days=5),
                                                              action="draft"), "http://portal.test/")
    rule = reminders.create_rule(staff, {"days": 3})
    db.session.commit()
    invoice = make_invoice(company, buyer, "1000.00", date(2026, 11, 1), date(2099, 12, 1))
    db.session.add(IssuedFile(document_id=invoice.document_id, pdf=b"%PDF-1.4"))
    db.session.commit()
    return {"s": schedule.public_id, "r": rule.public_id, "inv": invoice.document.public_id, "src": source["id"]}


# (method, path, body, the owner's status)
CASES = [
    ("GET", "/recurring/", None, 200),
    ("GET", "/recurring/{s}/", None, 200),
    ("PATCH", "/recurring/{s}/", {"day": 7}, 200),
    ("POST", "/recurring/{s}/", {"name": "Аренда"}, 200),
    ("POST", "/recurring/{s}/pause/", None, 200),
    ("POST", "/recurring/{s}/template/", None, 200),
    ("GET", "/reminders/", None, 200),
    ("GET", "/reminders/{r}/", None, 200),
    ("PATCH", "/reminders/{r}/", {"text": "Оплатите счёт № {номер}"}, 200),
    ("POST", "/reminders/{r}/", {"subject": "Счёт {номер}"}, 200),
    ("DELETE", "/reminders/{r}/", None, 204),
    ("POST", "/reminders/{r}/delete/", None, 204),
    ("GET", "/ledger/invoices/{inv}/reminders/", None, 200),
    ("POST", "/ledger/invoices/{inv}/reminders/", None, 201),
    ("POST", "/ledger/invoices/{inv}/reminders/exclusion/", {"excluded": True}, 200),
]
HTML = {"Accept": "text/html"}
ID_CASES = [case for case in CASES if "{" in case[1]]


def _state():
    db.session.expire_all()
    s = db.session.execute(select(RecurringSchedule)).scalar_one()
    count = lambda model: db.session.execute(select(func.count()).select_from(model)).scalar()  # noqa: E731
    rules = db.session.execute(select(ReminderRule.days, ReminderRule.subject, ReminderRule.text)).all()
    return (s.day, s.name, s.paused, s.version, count(ScheduleVersion), rules, count(InvoiceReminder),
            count(ReminderExclusion))


def _call(client, method, path, body, headers):
    return client.open(path, method=method, json=body, headers=headers)


@pytest.mark.parametrize("method,path,body,status", CASES)
def test_owner_director(client, book, headers, method, path, body, status):
    response = _call(client, method, path.format(**book), body, headers)
    assert response.status_code == status, response.get_data(as_text=True)


@pytest.mark.parametrize("method,path,body,status", ID_CASES)
def test_other_company_gets_404_and_changes_nothing(client, book, other_director, token_headers, method, path, body,
                                                    status):
    before = _state()
    other = token_headers("other@test.kz", "other-pass")
    response = _call(client, method, path.format(**book), body, other)
    assert response.status_code == 404, response.get_data(as_text=True)
    assert _state() == before


def test_other_company_lists_show_none_of_ours(client, book, other_director, token_headers):
    other = token_headers("other@test.kz", "other-pass")
    assert client.get("/recurring/", headers=other).get_json()["count"] == 0
    assert client.get("/reminders/", headers=other).get_json()["count"] == 0


@pytest.mark.parametrize("method,path,body,status", CASES)
def test_anonymous_is_401(client, book, method, path, body, status):
    before = _state()
    response = _call(client, method, path.format(**book), body, {"Accept": "application/json"})
    assert response.status_code == 401
    assert _state() == before


@pytest.mark.parametrize("method,path,body,status", [c for c in CASES if c[0] != "GET"])
def test_worker_sees_but_does_not_manage(client, book, worker, token_headers, method, path, body, status):
    work = token_headers("worker@test.kz", "worker-pass")
    before = _state()
    response = _call(client, method, path.format(**book), body, work)
    if path == "/ledger/invoices/{inv}/reminders/":
        assert response.status_code == 201  # anyone on the staff may remind by hand
        return
    assert response.status_code == 403, response.get_data(as_text=True)
    assert _state() == before


def test_worker_reads(client, book, worker, token_headers):
    work = token_headers("worker@test.kz", "worker-pass")
    for path in ("/recurring/", f"/recurring/{book['s']}/", "/reminders/", f"/ledger/invoices/{book['inv']}/reminders/"):
        assert client.get(path, headers=work).status_code == 200


def test_create_through_the_api_and_bad_input_is_400_with_fields(client, book, headers):
    body = schedule_body({"id": book["src"]}, today_almaty() + timedelta(days=1))
    response = client.post("/recurring/", json=body, headers=headers)
    assert response.status_code == 201, response.get_data(as_text=True)
    created = response.get_json()
    assert created["next_runs"][0] == (today_almaty() + timedelta(days=1)).isoformat()
    response = client.post("/recurring/", json={**body, "day": "x", "start_date": "31.02.2026"}, headers=headers)
    assert response.status_code == 400
    assert {"day", "start_date"} <= set(response.get_json())
    response = client.post("/reminders/", json={"days": "soon"}, headers=headers)
    assert response.status_code == 400 and "days" in response.get_json()
    response = client.post("/recurring/", data={"doc_type": "ip", "source": "", "day": "40"}, headers={"Accept": "text/html"})
    assert response.status_code in (302, 401, 400)


def test_pages_render_for_the_director(client, book, login, director):
    login("director@test.kz", "director-pass")
    for path in ("/recurring/", f"/recurring/{book['s']}/", "/reminders/", f"/reminders/{book['r']}/",
                 f"/ledger/invoices/{book['inv']}/", f"/ledger/invoices/{book['inv']}/reminders/"):
        response = client.get(path, headers=HTML)
        assert response.status_code == 200, (path, response.get_data(as_text=True)[:2000])
    page = client.get(f"/ledger/invoices/{book['inv']}/", headers=HTML).get_data(as_text=True)
    assert "Напомнить сейчас" in page and "buh@buyer.kz" in page
    # A plain form with bad values comes back with its values and messages, not a 500.
    response = client.post("/recurring/", data={"doc_type": "ip", "source": book["src"], "day": "40", "name": "Аренда Ә"},
                           headers=HTML)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Целое число от 1 до 31." in text and "Аренда Ә" in text
    response = client.post("/reminders/", data={"days": "x", "subject": "Тема ғ", "text": ""}, headers=HTML)
    assert response.status_code == 400 and "Тема ғ" in response.get_data(as_text=True)
