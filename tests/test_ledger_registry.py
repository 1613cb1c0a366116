"""The registry (`/ledger/`): issued documents and drafts in one list, filters in the URL, walls."""
from tests.test_documents_support import buyer, headers, issue_doc, make_buyer, sources  # noqa: F401

LEDGER = "/ledger/"


def _get(client, headers, **args):
    response = client.get(LEDGER, query_string=args, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_old_list_of_issued_documents_filters_by_period(client, headers, sources):
    issue_doc(client, headers, sources["ip"], "ip")
    def count(**args):
        response = client.get("/smart_doc/documents/", query_string=args, headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()["count"]
    assert count() == 1
    assert count(date_from="2026-11-26", date_to="2026-11-26") == 1
    assert count(date_from="2026-11-27") == 0
    assert count(date_to="25.11.2026") == 0
    bad = client.get("/smart_doc/documents/", query_string={"date_from": "вчера"}, headers=headers)
    assert bad.status_code == 400 and "date_from" in bad.get_json()
    backwards = client.get("/smart_doc/documents/", query_string={"date_from": "2026-12-01", "date_to": "2026-11-01"},
                           headers=headers)
    assert backwards.status_code == 400 and "date_to" in backwards.get_json()


def test_registry_lists_drafts_and_issued_with_the_numbers_drafts_were_issued_as(client, headers, sources, buyer):
    issued = issue_doc(client, headers, sources["ip"], "ip")
    data = _get(client, headers)
    assert data["count"] == 6
    kinds = sorted(row["kind"] for row in data["results"])
    assert kinds == ["draft"] * 5 + ["issued"]
    draft_ip = next(r for r in data["results"] if r["kind"] == "draft" and r["type"] == "ip")
    assert draft_ip["status"] == "draft_issued"
    assert draft_ip["issued_as"] == [{"number": issued["number"], "id": issued["id"]}]
    assert draft_ip["counterparty"]["bin"] == buyer.bin
    row = next(r for r in data["results"] if r["kind"] == "issued")
    assert row["number"] == issued["number"] and row["total_sum"] == issued["total_sum"]
    assert row["issued_as"] is None

    assert _get(client, headers, kind="drafts", status="draft")["count"] == 4
    assert _get(client, headers, kind="drafts", status="draft_issued")["count"] == 1
    assert _get(client, headers, kind="issued")["count"] == 1
    assert _get(client, headers, type="aw")["count"] == 1
    assert _get(client, headers, number=issued["number"])["count"] == 2  # the issue and its draft
    assert _get(client, headers, number="1999-")["count"] == 0
    assert _get(client, headers, counterparty=buyer.bin)["count"] == 6
    assert _get(client, headers, counterparty="қайрат өркен")["count"] == 6  # case and Kazakh letters folded
    assert _get(client, headers, counterparty="КАЙРАТ")["count"] == 6
    assert _get(client, headers, counterparty="нет такой")["count"] == 0
    assert _get(client, headers, date_from="2026-11-27")["count"] == 0
    total = issued["total_sum"]
    assert _get(client, headers, kind="issued", amount_min=total, amount_max=total)["count"] == 1
    assert _get(client, headers, kind="issued", amount_min="999999999")["count"] == 0
    amounts = [r["total_sum"] for r in _get(client, headers, sort="-amount")["results"]]
    assert [float(a) for a in amounts] == sorted((float(a) for a in amounts), reverse=True)
    first = _get(client, headers, page_size=4)
    assert len(first["results"]) == 4 and first["next"] and "page=2" in first["next"]
    second = client.get(first["next"], headers=headers).get_json()
    assert len(second["results"]) == 2
    seen = {(r["kind"], r["id"]) for r in first["results"] + second["results"]}
    assert len(seen) == 6


def test_bad_filters_are_named(client, headers):
    for args, name in (({"type": "zz"}, "type"), ({"date_from": "32.13.2026"}, "date_from"),
                       ({"amount_min": "abc"}, "amount_min"), ({"amount_min": "10", "amount_max": "5"}, "amount_max"),
                       ({"status": "maybe"}, "status"), ({"sort": "x"}, "sort"), ({"kind": "all"}, "kind")):
        response = client.get(LEDGER, query_string=args, headers=headers)
        assert response.status_code == 400, args
        assert name in response.get_json(), args


def test_page_shows_the_filters_and_htmx_gets_the_rows(client, director, login, sources):
    login("director@test.kz", "director-pass")
    page = client.get(LEDGER + "?kind=drafts&type=ip", headers={"Accept": "text/html"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Реестр документов" in html
    assert 'hx-push-url="true"' in html and '<option value="ip" selected>' in html
    assert 'href="/ledger/"' in html  # the header's «Документы»
    assert "Найдено: 1" in html
    rows = client.get(LEDGER + "?kind=drafts", headers={"HX-Request": "true"})
    fragment = rows.get_data(as_text=True)
    assert rows.status_code == 200 and "<form" not in fragment and "Найдено: 5" in fragment
    bad = client.get(LEDGER + "?date_from=x", headers={"Accept": "text/html"})
    assert bad.status_code == 400 and "ГГГГ-ММ-ДД" in bad.get_data(as_text=True)
    home = client.get("/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'href="/ledger/">Все документы' in home


def test_walls_other_company_sees_none_and_anonymous_is_refused(client, headers, sources, other_director,
                                                               token_headers):
    issue_doc(client, headers, sources["ip"], "ip")
    other = token_headers("other@test.kz", "other-pass")
    assert _get(client, other)["count"] == 0
    assert _get(client, other, counterparty=make_buyer.__defaults__[0][5:11])["count"] == 0
    anonymous = client.get(LEDGER, headers={"Accept": "application/json"})
    assert anonymous.status_code == 401
    page = client.get(LEDGER, headers={"Accept": "text/html"})
    assert page.status_code == 302 and "/auth/login" in page.headers["Location"]
