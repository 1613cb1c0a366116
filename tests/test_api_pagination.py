"""Pagination: DRF's envelope and links, its edges, bad input, and the large-table paths."""
import pytest
from sqlalchemy import delete, event, func, select, text

from portal.extensions import db
from portal.models import Company, Section, table_stats
from portal.paging import _whole_table_by_id
from tests.api_data import build_many

JSON = {"Accept": "application/json"}


@pytest.fixture
def sections(app):
    db.session.add_all([Section(section=f"Раздел {n:02d}") for n in range(25)])
    db.session.commit()


def get(client, url, headers=JSON):
    response = client.get(url, headers=headers)
    return response.status_code, response.get_json()


def test_first_and_last_page_links(client, sections):
    status, body = get(client, "/clients/sections/")
    assert status == 200
    assert body["count"] == 25 and len(body["results"]) == 20
    assert body["next"] == "http://localhost/clients/sections/?page=2"
    assert body["previous"] is None
    status, body = get(client, "/clients/sections/?page=2")
    assert len(body["results"]) == 5
    assert body["next"] is None
    assert body["previous"] == "http://localhost/clients/sections/"


def test_links_keep_the_other_parameters(client, sections):
    status, body = get(client, "/clients/sections/?page_size=10&page=2")
    assert body["next"] == "http://localhost/clients/sections/?page_size=10&page=3"
    assert body["previous"] == "http://localhost/clients/sections/?page_size=10"
    status, body = get(client, "/clients/sections/?format=json&page_size=5&page=3")
    assert body["next"] == "http://localhost/clients/sections/?format=json&page_size=5&page=4"


def test_links_are_absolute_for_the_host_called(client, sections):
    response = client.get("/clients/sections/", headers=JSON, base_url="https://portal.example.kz")
    assert response.get_json()["next"] == "https://portal.example.kz/clients/sections/?page=2"


def test_pages_cover_every_row_once_in_order(client, sections):
    seen = []
    url = "/clients/sections/?page_size=7"
    while url:
        status, body = get(client, url.replace("http://localhost", ""))
        seen += [item["section"] for item in body["results"]]
        url = body["next"]
    assert seen == [f"Раздел {n:02d}" for n in range(25)]


def test_page_size_is_capped_at_100(client, app, sections):
    db.session.add_all([Section(section=f"Ещё {n}") for n in range(100)])
    db.session.commit()
    for size in ("101", "1000", "9" * 30, "9" * 5000):
        status, body = get(client, f"/clients/sections/?page_size={size}")
        assert status == 200 and len(body["results"]) == 100, size
        assert body["next"].endswith("page=2")


@pytest.mark.parametrize("query, param", [
    ("page=0", "page"), ("page=-1", "page"), ("page=abc", "page"), ("page=1.5", "page"),
    ("page=%C2%B2", "page"), ("page=%D9%A3", "page"), ("page=%ff", "page"), ("page=+1", "page"),
    ("page=000", "page"), ("page=", "page"), ("page_size=", "page_size"), ("page_size=0", "page_size"), ("page_size=-5", "page_size"),
    ("page_size=ten", "page_size"), ("%ff=1", "%FF"), ("pgae=2", "pgae"),
])
def test_bad_page_parameters_are_400(client, sections, query, param):
    status, body = get(client, f"/clients/sections/?{query}")
    assert status == 400
    assert list(body) == [param]


@pytest.mark.parametrize("page", ["3", "99999", "999999999999", "1" + "0" * 20, "9" * 5000])
def test_pages_past_the_end_are_404(client, sections, page):
    status, body = get(client, f"/clients/sections/?page={page}")
    assert status == 404
    assert list(body) == ["detail"]


def test_empty_list_has_one_empty_page(client, app):
    assert get(client, "/clients/sections/") == (200, {"count": 0, "next": None, "previous": None, "results": []})
    assert get(client, "/clients/sections/?page=2")[0] == 404


def test_leading_zeros_are_the_same_page(client, sections):
    assert get(client, "/clients/sections/?page=02")[1]["results"] == get(client, "/clients/sections/?page=2")[1]["results"]


def test_non_utf8_paths_and_bodies_are_client_errors(client, sections, director, token_headers):
    assert client.get("/clients/sections/%ff/", headers=JSON).status_code == 404
    assert client.get("/clients/%ff%fe/", headers=JSON).status_code == 404
    response = client.post("/auth/token/", data=b"\xff\xfe{", content_type="application/json")
    assert response.status_code == 400
    response = client.get("/clients/sections/?page=%ff%fe", headers={"Accept": "text/html"})
    assert response.status_code == 400
    assert "page" in response.get_data(as_text=True)


@pytest.fixture
def companies(app):
    build_many(30)
    return db.session.execute(select(Company.public_id).order_by(Company.id)).scalars().all()


@pytest.fixture
def auth(client, director, token_headers):
    return token_headers("director@test.kz", "director-pass")


def all_pages(client, auth, size: int) -> list[str]:
    ids, url = [], f"/clients/clients/?page_size={size}"
    while url:
        status, body = get(client, url.replace("http://localhost", ""), auth)
        assert status == 200, body
        ids += [item["id"] for item in body["results"]]
        url = body["next"]
    return ids


def test_large_table_pages_with_contiguous_ids(client, companies, auth):
    count, low, high = table_stats(db.session, Company)
    assert count == len(companies) + 1 == high - low + 1  # plus the director's company
    expected = db.session.execute(select(Company.public_id).order_by(Company.id)).scalars().all()
    assert all_pages(client, auth, 7) == expected
    status, body = get(client, "/clients/clients/?page=6&page_size=7", auth)
    assert status == 404 and list(body) == ["detail"]


def test_large_table_pages_with_gaps_in_ids(client, companies, auth):
    doomed = db.session.execute(select(Company.id).order_by(Company.id).offset(3).limit(4)).scalars().all()
    db.session.execute(delete(Company).where(Company.id.in_(doomed)))
    db.session.commit()
    count, low, high = table_stats(db.session, Company)
    assert count == db.session.execute(select(func.count()).select_from(Company)).scalar_one()
    assert count < high - low + 1
    expected = db.session.execute(select(Company.public_id).order_by(Company.id)).scalars().all()
    assert all_pages(client, auth, 7) == expected
    assert get(client, "/clients/clients/?page=4&page_size=7", auth)[0] == 200
    assert get(client, "/clients/clients/?page=5&page_size=7", auth)[0] == 404


def test_filtered_large_table_pages(client, companies, auth):
    first = companies[0]
    status, body = get(client, "/clients/clients/?oked=1&page=1", auth)
    assert status == 400
    region = db.session.execute(select(Company.region_id).where(Company.public_id == first)).scalar_one()
    expected = db.session.execute(
        select(Company.public_id).where(Company.region_id == region).order_by(Company.id)
    ).scalars().all()
    from portal.models import Region
    region_id = db.session.get(Region, region).public_id
    ids, url = [], f"/clients/clients/?region={region_id}&page_size=4"
    while url:
        status, body = get(client, url.replace("http://localhost", ""), auth)
        assert body["count"] == len(expected)
        ids += [item["id"] for item in body["results"]]
        url = body["next"]
    assert ids == expected


def test_stored_counts_follow_inserts_and_deletes(app, companies):
    """PostgreSQL keeps the count in row_counts through triggers; SQLite counts. Both are exact."""
    def exact():
        return db.session.execute(select(func.count()).select_from(Company)).scalar_one()

    assert table_stats(db.session, Company)[0] == exact()
    db.session.execute(delete(Company).where(Company.public_id.in_(companies[:5])))
    db.session.commit()
    assert table_stats(db.session, Company)[0] == exact()
    db.session.rollback()


def test_stored_count_is_read_while_its_triggers_exist(app, companies):
    """The count comes from row_counts; on SQLite only while both triggers of the table exist."""
    from portal.models import row_counts
    from tests.conftest import IS_POSTGRES

    exact = db.session.execute(select(func.count()).select_from(Company)).scalar_one()
    where = row_counts.c.table_name == "companies"
    db.session.execute(row_counts.update().where(where).values(row_count=row_counts.c.row_count + 1000))
    assert table_stats(db.session, Company)[0] == exact + 1000  # the kept number, not a COUNT
    if not IS_POSTGRES:
        db.session.execute(text("DROP TRIGGER trg_companies_count_delete"))
        try:
            assert table_stats(db.session, Company)[0] == exact  # untrusted: counted instead
        finally:
            db.session.rollback()  # SQLite DDL is transactional: the trigger is back
    db.session.rollback()
    assert table_stats(db.session, Company)[0] == exact


def test_whole_table_detection():
    base = select(Company).order_by(Company.id)
    assert _whole_table_by_id(base, Company)
    assert not _whole_table_by_id(base.where(Company.oked == "1"), Company)
    assert not _whole_table_by_id(base.join(Company.region), Company)
    assert not _whole_table_by_id(select(Company).order_by(Company.bin), Company)
    assert not _whole_table_by_id(select(Company).order_by(Company.id.desc()), Company)
    assert not _whole_table_by_id(base.distinct(), Company)


LISTS = ["sections", "sub_sections", "rubrics", "regions", "localities", "districts", "types",
         "krp_names", "emails", "phone_numbers", "clients", "staff"]


@pytest.fixture
def statements(app):
    """Count the SQL statements the app sends while the test runs."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    yield seen
    event.remove(db.engine, "before_cursor_execute", record)


def test_list_pages_run_a_constant_number_of_queries(client, app, director, worker, token_headers, statements):
    build_many(110)
    auth = token_headers("director@test.kz", "director-pass")
    # A token's first use records its last-use time (at most once a minute): not part of a page's cost.
    client.get("/clients/sections/", headers=auth)
    counts = {}
    for name in LISTS:
        for size in (20, 100):
            for query in ("", "&page=2"):
                statements.clear()
                response = client.get(f"/clients/{name}/?page_size={size}{query}", headers=auth)
                if name == "staff" and query:
                    assert response.status_code == 404  # two colleagues: one page only
                    continue
                assert response.status_code == 200, (name, response.get_json())
                body = response.get_json()
                skipped = size if query else 0
                assert body["count"] >= (2 if name == "staff" else 110)
                assert len(body["results"]) == min(size, body["count"] - skipped)
                counts[(name, size, query)] = len(statements)
        # Same number of statements for 20 and for 100 rows: no query per row.
        assert counts[(name, 20, "")] == counts[(name, 100, "")], (name, counts)
        # The token lookup, the count (if not carried by the page) and the page: at most 4.
        # The company list is the search page's view, which also reads the rows' contacts and
        # the filter choices (a few more statements, still the same for any page size).
        assert counts[(name, 100, "")] <= (10 if name == "clients" else 4), (name, counts)
    filtered = f"/clients/sub_sections/?section={db.session.execute(select(Section.public_id).limit(1)).scalar_one()}"
    statements.clear()
    assert client.get(filtered, headers=auth).status_code == 200
    # The token, the directory's data version (the answer cache's key), the filter's id, the page with its count.
    assert len(statements) <= 4, statements
