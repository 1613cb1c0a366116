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


def test_chosen_documents_are_issued_oldest_first_with_consecutive_numbers(client, headers, sources):
    ids = _invoices(client, headers, sources, ["2026-11-20", "2026-11-05", "2026-11-12"])
    response = client.post(BULK, json={"type": "ip", "form": "pu", "content_ids": ids}, headers=headers)
    assert response.status_code == 201
    body = response.get_json()
    assert body["stopped"] is None
    issued = body["issued"]
    # Numbers follow the documents' dates, not the order of the ticks.
    assert [record["content_id"] for record in issued] == [ids[1], ids[2], ids[0]]
    assert [record["number"] for record in issued] == ["2026-000001", "2026-000002", "2026-000003"]
    assert {record["form"] for record in issued} == {"pu"}
    pdf = client.get(issued[0]["file"], headers=headers)
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


def test_a_failed_render_stops_the_run_and_keeps_what_was_issued(client, headers, sources, monkeypatch, caplog):
    ids = _invoices(client, headers, sources, ["2026-11-01", "2026-11-02", "2026-11-03"])
    real = render_module.html_to_pdf
    calls = []

    def second_fails(html):
        calls.append(html)
        if len(calls) == 2:
            raise render_module.RenderError("simulated WeasyPrint failure")
        return real(html)

    monkeypatch.setattr(render_module, "html_to_pdf", second_fails)
    response = client.post(BULK, json={"type": "ip", "content_ids": ids}, headers=headers)
    assert response.status_code == 201
    body = response.get_json()
    assert [record["number"] for record in body["issued"]] == ["2026-000001"]
    assert body["stopped"]["content_id"] == ids[1]
    assert any("simulated WeasyPrint failure" in (record.exc_text or "") for record in caplog.records)
    assert _issued_count() == 1
    # The failed document consumed no number: the next issue continues the sequence.
    assert db.session.execute(select(DocumentCounter.last_number)).scalar_one() == 1
    monkeypatch.undo()
    again = client.post(BULK, json={"type": "ip", "content_ids": ids[1:]}, headers=headers).get_json()
    assert [record["number"] for record in again["issued"]] == ["2026-000002", "2026-000003"]


def test_when_nothing_renders_the_answer_is_an_error_and_nothing_is_kept(client, headers, sources, monkeypatch):
    ids = _invoices(client, headers, sources, ["2026-11-01"])

    def broken(html):
        raise render_module.RenderError("simulated WeasyPrint failure")

    monkeypatch.setattr(render_module, "html_to_pdf", broken)
    response = client.post(BULK, json={"type": "ip", "content_ids": ids}, headers=headers)
    assert response.status_code == 500 and "Номер не израсходован" in response.get_json()["detail"]
    assert _issued_count() == 0


def test_the_list_page_issues_the_ticked_rows_and_says_which_numbers(client, director, login, sources):
    login("director@test.kz", "director-pass")
    page = client.get(f"{BASE}/invoices_for_payment/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'name="content_ids"' in page and "Выпустить выбранные PDF" in page and f"До {MAX_BULK} документов" in page
    response = client.post(BULK, data={"doc_type": "ip", "visibility": "pu", "content_ids": [sources["ip"]["id"]]},
                           headers=HTML)
    assert response.status_code == 302 and response.headers["Location"].endswith("/smart_doc/documents/?type=ip")
    listing = client.get(response.headers["Location"], headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Выпущено документов: 1 (№ 2026-000001)." in listing
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
