"""The audit log: written where things happen, read by the company's director only, never changed."""
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from portal.audit.service import record_event
from portal.extensions import db
from portal.models import AuditEvent
from tests.conftest import IS_POSTGRES
from tests.test_sessions_logout import log_in

JSON = {"Accept": "application/json"}
HTML = {"Accept": "text/html"}


def events(client, query=""):
    response = client.get("/audit/" + query, headers=JSON)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_record_event_joins_the_callers_transaction(app, director):
    record_event(director.staff.company_id, director.id, "login", {"method": "password"})
    db.session.rollback()
    assert db.session.execute(select(AuditEvent)).first() is None
    record_event(director.staff.company_id, director.id, "login", {"method": "password"})
    db.session.commit()
    row = db.session.execute(select(AuditEvent)).scalar_one()
    assert (row.company_id, row.user_id, row.event, row.details) == (director.staff.company_id, director.id, "login",
                                                                     {"method": "password"})
    assert row.created is not None
    with pytest.raises(ValueError):
        record_event(None, None, "")


def test_director_reads_the_companys_log(app, client, director, worker, other_director):
    log_in(app.test_client(), email="worker@test.kz", password="worker-pass")
    app.test_client().post("/auth/login/", data={"email": "worker@test.kz", "password": "wrong"})
    app.test_client().post("/auth/login/", data={"email": "nobody@test.kz", "password": "wrong"})
    log_in(app.test_client(), email="other@test.kz", password="other-pass")
    log_in(client)
    body = events(client)
    assert set(body) == {"count", "next", "previous", "results"}
    kinds = [(e["event"], e["user"]["email"] if e["user"] else None) for e in body["results"]]
    assert kinds == [("login", "director@test.kz"), ("login_failed", "worker@test.kz"), ("login", "worker@test.kz")]
    failed = body["results"][1]
    assert failed["label"] == "Неудачная попытка входа" and failed["details"] == {"email": "worker@test.kz", "via": "form"}
    assert failed["ip"] == "127.0.0.1"
    # Other company, and attempts on addresses without an account, are not in this log.
    assert all("other@test.kz" != (e["user"] or {}).get("email") for e in body["results"])
    page = client.get("/audit/", headers=HTML).get_data(as_text=True)
    assert "Журнал событий компании" in page and "Неудачная попытка входа" in page


def test_filter_and_pages(app, client, director):
    for _ in range(3):
        app.test_client().post("/auth/login/", data={"email": "director@test.kz", "password": "wrong"})
    log_in(client)
    failed = events(client, "?event=login_failed")
    assert failed["count"] == 3 and {e["event"] for e in failed["results"]} == {"login_failed"}
    first = events(client, "?page_size=2")
    assert first["count"] == 4 and len(first["results"]) == 2 and first["next"].endswith("page=2")
    assert "page_size=2" in first["next"]
    bad = client.get("/audit/?event=nonsense", headers=JSON)
    assert bad.status_code == 400 and list(bad.get_json()) == ["event"]
    assert client.get("/audit/?page=9", headers=JSON).status_code == 404


def test_only_the_director_reads_it(app, client, director, worker):
    log_in(client, email="worker@test.kz", password="worker-pass")
    refused = client.get("/audit/", headers=JSON)
    assert refused.status_code == 403
    # The journal's own reason, not the staff rule's «Управлять сотрудниками…».
    assert "Журнал событий компании видит только её директор." in refused.get_data(as_text=True)
    assert "Журнал событий" in client.get("/audit/", headers=HTML).get_data(as_text=True)
    anonymous = app.test_client()
    assert anonymous.get("/audit/", headers=JSON).status_code == 401
    assert anonymous.get("/audit/", headers=HTML).status_code == 302


def test_a_user_without_company_has_no_log(app, client):
    from tests import factories

    factories.make_user("loner@test.kz", "loner-pass")
    log_in(client, email="loner@test.kz", password="loner-pass")
    assert client.get("/audit/", headers=JSON).status_code == 404


def test_other_companys_director_sees_only_their_own(app, client, director, other_director):
    log_in(app.test_client())
    log_in(client, email="other@test.kz", password="other-pass")
    body = events(client)
    assert {e["user"]["email"] for e in body["results"]} == {"other@test.kz"}


def test_staff_actions_are_logged(app, client, director, worker):
    log_in(client)
    client.post(f"/staff/members/{worker.public_id}/role/", json={"role": "Директор"}, headers=JSON)
    client.post("/staff/invites/", json={"role": "Работник", "email": "new@test.kz"}, headers=JSON)
    client.post("/staff/accounts/", json={"full_name": "Новый", "email": "acc@test.kz", "role": "Работник"}, headers=JSON)
    kinds = [e["event"] for e in events(client)["results"]]
    assert kinds[:3] == ["account_created", "invite_created", "role_changed"], kinds
    role = events(client, "?event=role_changed")["results"][0]
    assert role["details"] == {"member": "worker@test.kz", "old_role": "Работник", "role": "Директор"}


@pytest.mark.skipif(not IS_POSTGRES, reason="the append-only trigger is PostgreSQL's")
def test_postgresql_refuses_changing_or_deleting_events(app, director):
    record_event(director.staff.company_id, director.id, "login")
    db.session.commit()
    for statement in ("UPDATE audit_events SET event = 'logout'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert db.session.execute(select(AuditEvent.event)).scalar_one() == "login"
