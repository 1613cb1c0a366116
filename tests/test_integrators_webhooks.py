"""Webhooks: registration (directors, tenant walls, SSRF), signed deliveries of issued documents
through the task queue against a real local receiver that fails then succeeds, backoff, the
delivery log, re-sending by hand, and an endpoint disabled after failures with an e-mail."""
import json
import os
from datetime import timedelta

import pytest
from sqlalchemy import update
from werkzeug import Response

from portal.extensions import db
from portal.models import WebhookDelivery, WebhookEndpoint
from portal.timeutil import now_utc
from portal.webhooks import emit
from portal.webhooks.delivery import retry_due
from portal.webhooks.signing import VERIFY_SNIPPET
from tests.test_documents_support import BASE, buyer, headers, issue_body, post, sources  # noqa: F401

JSON = {"Accept": "application/json"}


@pytest.fixture
def app_config():
    return {"WEBHOOKS_ALLOW_PRIVATE": True, "WEBHOOKS_DISABLE_AFTER": 4, "WEBHOOKS_TIMEOUT": 5}


@pytest.fixture
def receiver(httpserver):
    """A real HTTP server that answers the statuses queued in `plan` (then 200), keeping every request."""
    seen, plan = [], []

    def handle(request):
        seen.append({"headers": dict(request.headers), "body": request.get_data()})
        status = plan.pop(0) if plan else 200
        if status == 302:
            return Response("", status=302, headers={"Location": "http://127.0.0.1:1/elsewhere"})
        return Response("ok", status=status)

    httpserver.expect_request("/hook", method="POST").respond_with_handler(handle)
    return {"url": httpserver.url_for("/hook"), "seen": seen, "plan": plan}


def verify(secret: str, header: str, body: bytes) -> bool:
    """The documentation's snippet, run exactly as printed."""
    scope: dict = {}
    exec(VERIFY_SNIPPET, scope)  # noqa: S102  (our own documented code)
    return scope["verify"](secret, header, body)


def backoff_passes() -> None:
    """Let the waits of the pending deliveries run out (as if their time had come)."""
    db.session.execute(update(WebhookDelivery).where(WebhookDelivery.state == "pending")
                       .values(next_attempt=now_utc() - timedelta(seconds=1)))
    db.session.commit()


def register(client, headers, url, events=("document.issued",)):
    response = client.post("/webhooks/", json={"url": url, "events": list(events)}, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_an_issued_document_is_delivered_signed_after_a_failure(client, headers, sources, receiver):
    endpoint = register(client, headers, receiver["url"])
    assert endpoint["secret"].startswith("whsec_") and endpoint["active"] is True
    assert "secret" not in client.get(f"/webhooks/{endpoint['id']}/", headers=headers).get_json()
    receiver["plan"].append(503)
    issued = post(client, headers, "documents/", issue_body(sources["ip"], "ip"))
    # The first attempt ran after the issue's commit (the queue runs tasks at once in tests): 503.
    assert len(receiver["seen"]) == 1
    delivery = db.session.query(WebhookDelivery).one()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("pending", 1, 503)
    assert delivery.next_attempt.replace(tzinfo=None) > now_utc().replace(tzinfo=None)
    # Not due yet: the clock sends nothing; after the backoff it sends, and the receiver takes it.
    assert retry_due() == 0
    backoff_passes()
    assert retry_due() == 1
    assert len(receiver["seen"]) == 2
    db.session.expire_all()
    assert db.session.get(WebhookDelivery, delivery.id).state == "delivered"
    got = receiver["seen"][-1]
    body = json.loads(got["body"])
    assert body["event"] == "document.issued" and body["id"].startswith("evt_")
    assert body["created"].endswith("+05:00")
    # `data` is the issued document's JSON twin, exactly.
    assert body["data"] == client.get(f"{BASE}/documents/{issued['id']}/", headers=headers).get_json()
    assert body["data"]["number"] == issued["number"]
    signature = got["headers"]["X-Portal-Signature"]
    assert got["headers"]["X-Portal-Event"] == "document.issued"
    assert verify(endpoint["secret"], signature, got["body"])
    assert not verify(endpoint["secret"], signature, got["body"] + b" ")
    assert not verify("whsec_other", signature, got["body"])
    # The log: two attempts with status and time.
    log = client.get(f"/webhooks/{endpoint['id']}/deliveries/", headers=headers).get_json()["results"][0]["log"]
    assert [a["status_code"] for a in log] == [503, 200] and all(a["response_ms"] >= 0 for a in log)


def test_resend_by_hand_and_redirects_are_not_followed(client, headers, receiver, director):
    endpoint = register(client, headers, receiver["url"], events=["invoice.paid"])
    receiver["plan"].append(302)
    emit(director.staff.company_id, "invoice.paid", {"id": "abc"})
    db.session.commit()
    delivery = db.session.query(WebhookDelivery).one()
    assert delivery.state == "pending" and "перенаправления" in delivery.last_error
    response = client.post(f"/webhooks/deliveries/{delivery.public_id}/resend/", headers=headers)
    assert response.status_code == 202
    db.session.expire_all()
    delivery = db.session.get(WebhookDelivery, delivery.id)
    assert delivery.state == "delivered" and [a.manual for a in delivery.log] == [False, True]
    # Unsubscribed events and rolled-back changes send nothing.
    emit(director.staff.company_id, "document.annulled", {"id": "x"})
    emit(director.staff.company_id, "invoice.paid", {"id": "rolled back"})
    db.session.rollback()
    assert len(receiver["seen"]) == 2 and db.session.query(WebhookDelivery).count() == 1
    assert endpoint["events"] == ["invoice.paid"]


def test_an_endpoint_that_keeps_failing_is_disabled_with_an_e_mail(app, client, headers, receiver, director):
    endpoint = register(client, headers, receiver["url"], events=["payment.recorded"])
    receiver["plan"].extend([500] * 10)
    company_id = director.staff.company_id
    for number in range(2):
        emit(company_id, "payment.recorded", {"n": number})
        db.session.commit()
    while db.session.get(WebhookEndpoint, db.session.query(WebhookEndpoint.id).scalar()).active:
        backoff_passes()
        assert retry_due() > 0
        db.session.expire_all()
    disabled = db.session.query(WebhookEndpoint).one()
    assert disabled.failures_in_row == 4 and "неудачных попыток" in disabled.disabled_reason
    assert len(receiver["seen"]) == 4
    outbox = os.path.join(app.instance_path, "outbox")
    mails = [name for name in os.listdir(outbox) if name.startswith(f"webhook-{endpoint['id']}")]
    assert mails, "the director gets an e-mail"
    with open(os.path.join(outbox, mails[0]), "rb") as handle:
        text = handle.read()
    assert b"director@test.kz" in text
    # Disabled: nothing more is sent, nor can be re-sent, until a director switches it on.
    backoff_passes()
    retry_due()
    assert len(receiver["seen"]) == 4
    pending = db.session.query(WebhookDelivery).filter(WebhookDelivery.state != "failed").count()
    assert pending == 0
    first = db.session.query(WebhookDelivery).first()
    assert client.post(f"/webhooks/deliveries/{first.public_id}/resend/", headers=headers).status_code == 409
    assert client.post(f"/webhooks/{endpoint['id']}/enable/", headers=headers).get_json()["active"] is True
    assert client.post(f"/webhooks/deliveries/{first.public_id}/resend/", headers=headers).status_code == 202
    assert len(receiver["seen"]) == 5


class TestSsrf:
    @pytest.fixture
    def app_config(self):
        return {"WEBHOOKS_ALLOW_PRIVATE": False}

    @pytest.mark.parametrize("url", [
        "http://127.0.0.1/hook", "http://localhost:8080/", "http://10.1.2.3/", "http://192.168.0.10/",
        "http://172.16.5.4/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[fe80::1]/",
        "http://224.0.0.1/", "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/", "ftp://example.com/",
        "http://user:pw@example.com/", "not a url",
    ])
    def test_internal_targets_are_refused_at_registration(self, client, headers, url):
        response = client.post("/webhooks/", json={"url": url, "events": ["document.issued"]}, headers=headers)
        assert response.status_code == 400 and "url" in response.get_json(), url
        assert db.session.query(WebhookEndpoint).count() == 0

    def test_and_again_at_delivery_time(self, app, client, headers, director):
        # Registered while allowed (an intranet), then the rule applies again: nothing is sent.
        app.config["WEBHOOKS_ALLOW_PRIVATE"] = True
        register(client, headers, "http://127.0.0.1:9/hook", events=["invoice.overdue"])
        app.config["WEBHOOKS_ALLOW_PRIVATE"] = False
        emit(director.staff.company_id, "invoice.overdue", {"id": "x"})
        db.session.commit()
        delivery = db.session.query(WebhookDelivery).one()
        assert delivery.last_status is None and "внутреннюю сеть" in delivery.last_error


def test_only_the_companys_director_manages_webhooks(client, headers, worker, other_director, token_headers, receiver):
    endpoint = register(client, headers, receiver["url"])
    w = token_headers("worker@test.kz", "worker-pass")
    b = token_headers("other@test.kz", "other-pass")
    emit(other_director.staff.company_id, "document.issued", {"id": "other"})  # B has no endpoint
    db.session.commit()
    emit(worker.staff.company_id, "document.issued", {"id": "mine"})
    db.session.commit()
    delivery = db.session.query(WebhookDelivery).one()
    paths = [("GET", "/webhooks/"), ("POST", "/webhooks/"), ("GET", f"/webhooks/{endpoint['id']}/"),
             ("DELETE", f"/webhooks/{endpoint['id']}/"), ("POST", f"/webhooks/{endpoint['id']}/enable/"),
             ("GET", f"/webhooks/{endpoint['id']}/deliveries/"), ("POST", f"/webhooks/deliveries/{delivery.public_id}/resend/")]
    for method, path in paths:
        assert client.open(path, method=method, json={}, headers=JSON).status_code == 401, (method, path)
        assert client.open(path, method=method, json={}, headers=w).status_code == 403, (method, path)
        other = client.open(path, method=method, json={"url": receiver["url"], "events": ["invoice.paid"]}, headers=b)
        expected = {"/webhooks/": (200, 201)}.get(path, (404,))
        assert other.status_code in expected, (method, path, other.status_code)
    assert [e["id"] for e in client.get("/webhooks/", headers=headers).get_json()["results"]] == [endpoint["id"]]
    assert client.delete(f"/webhooks/{endpoint['id']}/", headers=headers).status_code == 204


def test_bad_registrations_name_their_fields(client, headers):
    for body, field in [({"url": "https://example.com/h", "events": []}, "events"),
                        ({"url": "https://example.com/h", "events": ["nope"]}, "events"),
                        ({"events": ["document.issued"]}, "url"),
                        ({"url": "https://example.com/h", "events": ["document.issued"], "description": "x" * 201},
                         "description")]:
        response = client.post("/webhooks/", json=body, headers=headers)
        assert response.status_code == 400 and field in response.get_json(), body


def test_the_page_explains_a_refused_connection_and_the_json_keeps_the_raw_error(client, headers, sources):
    endpoint = register(client, headers, "http://127.0.0.1:9/hook")  # the discard port: nobody listens
    post(client, headers, "documents/", issue_body(sources["ip"], "ip"))
    url = f"/webhooks/{endpoint['id']}/deliveries/"
    error = client.get(url, headers=headers).get_json()["results"][0]["log"][0]["error"]
    assert error.startswith("ConnectionRefusedError")
    page = client.get(url, headers={**headers, "Accept": "text/html"}).get_data(as_text=True)
    assert "соединение отклонено" in page and f'title="{error}"' in page


def test_attempt_errors_in_words():
    from portal.webhooks.explain import explain
    assert explain("") == ""
    assert explain("HTTP 503 Service Unavailable", 503) == "HTTP 503: получатель временно недоступен"
    assert explain("HTTP 418 I'm a teapot", 418) == "HTTP 418: получатель отказал"
    assert explain("HTTP 302: перенаправления не выполняются", 302).startswith("HTTP 302: получатель перенаправляет")
    assert explain("TimeoutError: timed out").startswith("таймаут")
    assert explain("SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED]").startswith("TLS")
    assert explain("OSError: [Errno 113] No route to host") == "хост недоступен"
    assert explain("Имя хоста «x.kz» не найдено в DNS.") == "Имя хоста «x.kz» не найдено в DNS."
    assert explain("HTTPException: odd") == "сетевая ошибка при отправке"
