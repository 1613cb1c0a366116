"""`/tasks/`: the director's page of runs and given-up e-mails, retries by hand, and the e-mail
list a document page polls; each for the owner, another company and anonymous."""
from sqlalchemy import select

from portal.extensions import db
from portal.models.issued import MailDelivery
from tests.test_documents_support import (  # noqa: F401  (fixtures)
    BASE, buyer, headers, issue_doc, sources,
)

ANON = {"Accept": "application/json"}


def _given_up(client, headers, sources, app, tmp_path) -> tuple[dict, MailDelivery]:
    """An issued document whose e-mail was given up (the server refused it for good)."""
    app.instance_path = str(tmp_path)
    record = issue_doc(client, headers, sources["ip"], "ip", email_recipients="buh@buyer.kz")
    mail = db.session.execute(select(MailDelivery)).scalar_one()
    mail.status, mail.last_error, mail.next_attempt_at = "failed", "почтовый сервер ответил 550: no such user", None
    db.session.commit()
    return record, mail


def test_the_director_sees_given_up_mails_and_sends_them_again(app, client, headers, sources, tmp_path,
                                                             login, other_director, token_headers, worker):
    record, mail = _given_up(client, headers, sources, app, tmp_path)
    board = client.get("/tasks/", headers=headers).get_json()
    assert [(m["id"], m["number"], m["last_error"]) for m in board["failed_mails"]] == [
        (mail.id, record["number"], "почтовый сервер ответил 550: no such user")]
    other = token_headers("other@test.kz", "other-pass")
    colleague = token_headers("worker@test.kz", "worker-pass")
    assert client.get("/tasks/", headers=other).get_json() == {"runs": [], "failed_mails": []}
    assert client.post(f"/tasks/mail/{mail.id}/retry/", headers=other).status_code == 404
    assert client.post(f"/tasks/mail/{mail.id}/retry/", headers=colleague).status_code == 403
    assert client.post(f"/tasks/mail/{mail.id}/retry/", headers=ANON).status_code == 401
    assert client.get("/tasks/", headers=ANON).status_code == 401
    again = client.post(f"/tasks/mail/{mail.id}/retry/", headers=headers)
    assert again.status_code == 202 and again.get_json()["status"] == "outbox"  # no MAIL_SERVER here
    assert client.post(f"/tasks/mail/{mail.id}/retry/", headers=headers).status_code == 202  # still failed: a new copy
    assert client.get("/tasks/", headers=headers).get_json()["failed_mails"][0]["id"] == mail.id
    login("director@test.kz", "director-pass")
    page = client.get("/tasks/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Недоставленные письма" in page and "no such user" in page and "Отправить снова" in page


def test_a_document_s_mails_are_listed_for_its_company_only(app, client, headers, sources, tmp_path,
                                                           other_director, token_headers):
    record, mail = _given_up(client, headers, sources, app, tmp_path)
    url = f"{BASE}/documents/{record['id']}/mail/"
    mails = client.get(url, headers=headers).get_json()["results"]
    assert [(m["id"], m["status"]) for m in mails] == [(mail.id, "failed")]
    assert client.get(url, headers=token_headers("other@test.kz", "other-pass")).status_code == 404
    assert client.get(url, headers=ANON).status_code == 401
    partial = client.get(url, headers={"Authorization": headers["Authorization"], "HX-Request": "true"})
    html = partial.get_data(as_text=True)
    assert partial.status_code == 200 and 'id="doc-mails"' in html and "не доставлено" in html
    assert "hx-trigger" not in html  # final: the partial stops polling


def test_a_finished_run_cannot_be_retried(client, headers, sources):
    run = client.post(f"{BASE}/documents/bulk/", json={"type": "ip", "content_ids": [sources["ip"]["id"]]},
                      headers=headers).get_json()
    assert run["state"] == "done"
    assert client.post(f"/tasks/{run['id']}/retry/", headers=headers).status_code == 409
    assert client.get(f"/tasks/{run['id']}/", headers=ANON).status_code == 401
