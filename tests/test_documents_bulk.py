"""«Выпустить выбранные»: issuing the documents ticked in a type's list (page and API)."""
from sqlalchemy import func, select

from portal.documents import render as render_module
from portal.documents.bulk import MAX_BULK
from portal.extensions import db
from portal.models.issued import DocumentCounter, IssuedDocument
from tests.test_documents_support import (  # noqa: F401  (fixtures)
    BASE, buyer, headers, post, sources,
)

BULK = f"{BASE}/documents/bulk/"
HTML = {"Accept": "text/html"}


def _invoices(client, headers, sources, dates) -> list[str]:
    """Invoices for payment like the sample one, on the given dates; their ids in that order."""
    sample = sources["ip"]
    return [post(client, headers, "invoices_for_payment/", {
        "buyer": sample["buyer"], "product_counts": sample["product_counts"], "beneficiary": sample["beneficiary"],
        "date": day})["id"] for day in dates]


def _issued_count() -> int:
    return db.session.execute(select(func.count()).select_from(IssuedDocument)).scalar_one()


def _run(client, headers, content_ids: list[str], **extra) -> dict:
    """Start a bulk issue through the API (202) and return the run as its own URL answers it."""
    response = client.post(BULK, json={"type": "ip", "content_ids": content_ids, **extra}, headers=headers)
    assert response.status_code == 202, response.get_json()
    assert response.headers["Location"].endswith(f"/tasks/{response.get_json()['id']}/")
    return client.get(response.headers["Location"], headers=headers).get_json()


def test_chosen_documents_are_issued_oldest_first_with_consecutive_numbers(client, headers, sources):
    ids = _invoices(client, headers, sources, ["2026-11-20", "2026-11-05", "2026-11-12"])
    run = _run(client, headers, ids, form="pu")
    assert (run["state"], run["done"], run["total"], run["percent"]) == ("done", 3, 3, 100)
    issued = run["issued"]
    # Numbers follow the documents' dates, not the order of the ticks.
    assert [record["content_id"] for record in issued] == [ids[1], ids[2], ids[0]]
    assert [record["number"] for record in issued] == ["2026-000001", "2026-000002", "2026-000003"]
    record = client.get(f"{BASE}/documents/{issued[0]['public_id']}/", headers=headers).get_json()
    assert record["form"] == "pu"
    pdf = client.get(record["file"], headers=headers)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")


def test_a_bad_list_is_refused_whole_and_issues_nothing(client, headers, sources, other_director, token_headers):
    ids = _invoices(client, headers, sources, ["2026-11-20"])
    other = token_headers("other@test.kz", "other-pass")
    # Another company's document is "not found", like a missing one: nothing of the list is issued.
    cases = [
        ({"type": "ip", "content_ids": []}, "content_ids"),
        ({"type": "ip", "content_ids": "not-a-list-but-one-id"}, "content_ids"),
        ({"type": "ip", "content_ids": [1, 2]}, "content_ids"),
        ({"type": "ip", "content_ids": [f"{i:08x}" for i in range(MAX_BULK + 1)]}, "content_ids"),
        ({"type": "xx", "content_ids": ids}, "type"),
        ({"type": "ip", "form": "public", "content_ids": ids}, "form"),
        ({"type": "aw", "content_ids": ids}, "content_ids"),
        ({"type": "ip", "content_ids": ids + ["ffffffff"]}, "content_ids"),
    ]
    for body, field in cases:
        response = client.post(BULK, json=body, headers=headers)
        assert response.status_code == 400, body
        assert field in response.get_json(), body
    response = client.post(BULK, json={"type": "ip", "content_ids": ids}, headers=other)
    assert response.status_code == 400 and ids[0] in response.get_json()["content_ids"][0]
    assert _issued_count() == 0
    assert client.post(BULK, json={"type": "ip", "content_ids": ids}, headers={"Accept": "application/json"}).status_code == 401


def test_a_failed_render_is_retried_with_the_same_numbers(client, headers, sources, monkeypatch):
    ids = _invoices(client, headers, sources, ["2026-11-01", "2026-11-02", "2026-11-03"])
    real = render_module.html_to_pdf
    calls = []

    def second_fails(html):
        calls.append(html)
        if len(calls) == 2:
            raise render_module.RenderError("simulated WeasyPrint failure")
        return real(html)

    monkeypatch.setattr(render_module, "html_to_pdf", second_fails)
    run = _run(client, headers, ids)
    # The chunk failed once (nothing of it was stored) and its retry printed the same numbers.
    assert run["state"] == "done" and run["attempts"] == 2
    assert [record["number"] for record in run["issued"]] == ["2026-000001", "2026-000002", "2026-000003"]
    assert _issued_count() == 3 and len(calls) == 5
    assert db.session.execute(select(DocumentCounter.last_number)).scalar_one() == 3


def test_a_render_that_keeps_failing_leaves_the_run_failed_with_its_numbers_reserved(
        client, headers, sources, monkeypatch):
    ids = _invoices(client, headers, sources, ["2026-11-01"])

    def broken(html):
        raise render_module.RenderError("simulated WeasyPrint failure")

    monkeypatch.setattr(render_module, "html_to_pdf", broken)
    run = _run(client, headers, ids)
    assert run["state"] == "failed" and run["attempts"] == 4 and run["done"] == 0
    assert "simulated WeasyPrint failure" in run["last_error"]
    assert _issued_count() == 0
    # The number stays with the failed chunk: a single issue meanwhile takes the next one.
    assert db.session.execute(select(DocumentCounter.last_number)).scalar_one() == 1
    monkeypatch.undo()
    retried = client.post(f"/tasks/{run['id']}/retry/", headers=headers)
    assert retried.status_code == 202 and retried.get_json()["state"] == "done"
    assert [record["number"] for record in retried.get_json()["issued"]] == ["2026-000001"]


def test_the_list_page_issues_the_ticked_rows_and_says_which_numbers(client, director, login, sources):
    login("director@test.kz", "director-pass")
    page = client.get(f"{BASE}/invoices_for_payment/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'name="content_ids"' in page and "Выпустить выбранные PDF" in page and "До 10 000 документов" in page
    response = client.post(BULK, data={"doc_type": "ip", "visibility": "pu", "content_ids": [sources["ip"]["id"]]},
                           headers=HTML)
    assert response.status_code == 302 and response.headers["Location"].endswith("/smart_doc/documents/?type=ip&job=1")
    listing = client.get(response.headers["Location"], headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'data-state="done"' in listing and "Выпущено 1 из 1 (100%)." in listing and "2026-000001" in listing
    assert _issued_count() == 1


def test_the_list_page_shows_what_was_wrong_and_keeps_the_choice(client, director, login, sources):
    login("director@test.kz", "director-pass")
    response = client.post(BULK, data={"doc_type": "ip", "visibility": "pu"}, headers=HTML)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Выберите хотя бы один документ." in page and 'name="content_ids"' in page
    assert "Акты выполненных работ" in page  # the smart-doc sub-navigation is there too, on its tab
    assert 'is-active" href="/smart_doc/invoices_for_payment/"' in page
    assert '<option value="pu" selected>' in page
    response = client.post(BULK, data={"doc_type": "ip", "visibility": "pu", "content_ids": [sources["ip"]["id"], "ffffffff"]},
                           headers=HTML)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "ffffffff" in page
    assert f'value="{sources["ip"]["id"]}" checked' in page
    assert _issued_count() == 0
