"""Issuing once: a repeated or concurrent identical issue answers the record already issued;
`"reissue": true` takes a new number; `Idempotency-Key` answers the first answer for 24 hours."""
import threading
from datetime import timedelta

from sqlalchemy import func, select, update

from portal.extensions import db
from portal.models import IdempotencyKey, IssuedDocument, MailDelivery
from tests.test_documents_support import (  # noqa: F401  (fixtures)
    BASE,
    buyer,
    headers,
    issue_body,
    post,
    sources,
)

THREADS = 5


def issued_count() -> int:
    return db.session.scalar(select(func.count(IssuedDocument.id)))


def test_an_unchanged_source_issued_again_answers_the_same_record(client, headers, sources):
    first = post(client, headers, "documents/", issue_body(sources["ip"], "ip"))
    again = client.post(f"{BASE}/documents/", json=issue_body(sources["ip"], "ip"), headers=headers)
    assert again.status_code == 200
    body = again.get_json()
    assert (body["id"], body["number"], body["already_issued"]) == (first["id"], first["number"], True)
    copy = post(client, headers, "documents/", issue_body(sources["ip"], "ip", reissue=True))
    assert copy["number"] != first["number"] and copy["reissued"] is True
    # The same source issued privately prints differently (no public details): its own record.
    private = post(client, headers, "documents/", {**issue_body(sources["ip"], "ip"), "form": "pr"})
    assert private["number"] not in (first["number"], copy["number"])
    # A changed source is a new document.
    client.patch(f"{BASE}/invoices_for_payment/{sources['ip']['id']}/", json={"delivery_time": "3 дня"}, headers=headers)
    changed = post(client, headers, "documents/", issue_body(sources["ip"], "ip"))
    assert changed["number"] not in (first["number"], copy["number"], private["number"])
    assert issued_count() == 4
    bad = client.post(f"{BASE}/documents/", json=issue_body(sources["ip"], "ip", reissue="может быть"), headers=headers)
    assert bad.status_code == 400 and "reissue" in bad.get_json() and issued_count() == 4


def test_a_repeat_naming_new_addresses_sends_the_same_document_there(client, headers, sources):
    first = post(client, headers, "documents/", issue_body(sources["ip"], "ip", email_recipients="a@buyer.kz"))
    again = client.post(f"{BASE}/documents/", headers=headers,
                        json=issue_body(sources["ip"], "ip", email_recipients="a@buyer.kz, b@buyer.kz"))
    body = again.get_json()
    assert again.status_code == 200 and body["number"] == first["number"] and body["email_delivery"] is not None
    mails = db.session.scalars(select(MailDelivery).order_by(MailDelivery.id)).all()
    assert [mail.recipients for mail in mails] == [["a@buyer.kz"], ["b@buyer.kz"]]
    # The same addresses once more (a double click) send nothing twice.
    twice = client.post(f"{BASE}/documents/", headers=headers,
                        json=issue_body(sources["ip"], "ip", email_recipients="b@buyer.kz"))
    assert twice.status_code == 200 and twice.get_json()["email_delivery"] is None
    assert db.session.scalar(select(func.count(MailDelivery.id))) == 2 and issued_count() == 1


def test_the_panel_answers_the_issued_record_and_offers_a_new_copy(client, director, sources):
    client.post("/auth/login/", data={"email": "director@test.kz", "password": "director-pass"})
    form = {"doc_type": "aw", "visibility": "pu", "content_id": sources["aw"]["id"]}
    hx = {"HX-Request": "true"}
    first = client.post(f"{BASE}/documents/", data=form, headers=hx).get_data(as_text=True)
    assert "Выпущен документ № 2026-000001" in first and "Выпустить новую копию" in first
    second = client.post(f"{BASE}/documents/", data=form, headers=hx).get_data(as_text=True)
    assert "Документ не изменился с выпуска № 2026-000001" in second
    third = client.post(f"{BASE}/documents/", data={**form, "reissue": "1"}, headers=hx).get_data(as_text=True)
    assert "Выпущен документ № 2026-000002" in third


def test_idempotency_key_answers_the_first_answer_for_24_hours(client, headers, sources, other_director, token_headers):
    keyed = {**headers, "Idempotency-Key": "7d3c1e0a-1111-4c1b-9a43-000000000001"}
    first = client.post(f"{BASE}/documents/", json=issue_body(sources["wb"], "wb"), headers=keyed)
    assert first.status_code == 201
    # The same request again answers the first answer, and issues nothing.
    second = client.post(f"{BASE}/documents/", json=issue_body(sources["wb"], "wb"), headers=keyed)
    assert second.status_code == 201 and second.get_json() == first.get_json()
    assert second.headers["Location"] == first.headers["Location"] and issued_count() == 1
    assert second.headers["Idempotent-Replayed"] == "true"
    # Another request under the same key (one asking for a new copy) is a client's mistake: 422.
    conflict = client.post(f"{BASE}/documents/", json=issue_body(sources["wb"], "wb", reissue=True), headers=keyed)
    assert conflict.status_code == 422 and issued_count() == 1
    # Another company's same key is its own.
    other = {**token_headers("other@test.kz", "other-pass"), "Idempotency-Key": keyed["Idempotency-Key"]}
    refused = client.post(f"{BASE}/documents/", json=issue_body(sources["wb"], "wb"), headers=other)
    assert refused.status_code == 400 and "content_id" in refused.get_json()
    # After 24 hours the key is free again.
    db.session.execute(update(IdempotencyKey).values(created=IdempotencyKey.created - timedelta(hours=25)))
    db.session.commit()
    later = client.post(f"{BASE}/documents/", json=issue_body(sources["wb"], "wb", reissue=True), headers=keyed)
    assert later.status_code == 201, later.get_json() and later.get_json()["number"] != first.get_json()["number"]
    bad = client.post(f"{BASE}/documents/", json=issue_body(sources["wb"], "wb"), headers={**headers, "Idempotency-Key": "ключ"})
    assert bad.status_code == 400 and "Idempotency-Key" in bad.get_json() and issued_count() == 2


def _concurrently(app, headers, body, extra_headers=None) -> tuple[list, list]:
    """POST the same issue from THREADS threads at once, each with its own test client."""
    barrier = threading.Barrier(THREADS)
    answers, errors = [], []
    db.session.remove()

    def worker():
        try:
            client = app.test_client()
            barrier.wait(timeout=60)
            response = client.post(f"{BASE}/documents/", json=body, headers={**headers, **(extra_headers or {})})
            answers.append((response.status_code, response.get_json()))
        except Exception as exc:  # collected and reported below
            errors.append(repr(exc))

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return answers, errors


def test_five_concurrent_identical_issues_give_one_number(app, headers, sources):
    answers, errors = _concurrently(app, headers, issue_body(sources["co"], "co"))
    assert not errors, errors
    assert sorted(status for status, _ in answers) == [200, 200, 200, 200, 201], answers
    assert len({body["number"] for _, body in answers}) == 1
    assert issued_count() == 1


def test_five_concurrent_requests_with_one_key_give_one_answer(app, headers, sources):
    answers, errors = _concurrently(app, headers, issue_body(sources["in"], "in", reissue=True),
                                    {"Idempotency-Key": "same-key-5"})
    assert not errors, errors
    # Even asking for new copies: the first request holds the key, the others wait for its answer.
    bodies = {body["id"] for _, body in answers}
    assert len(bodies) == 1 and {status for status, _ in answers} == {201}
    assert issued_count() == 1
