"""The directory's answer cache is keyed on a data version that database triggers bump on every
directory write, so a cached list or object is never served after its data changed."""
import pytest
from sqlalchemy import text

from portal.directory import answer_cache
from portal.extensions import db
from portal.models import DirectoryVersion, Email, Section
from tests.api_data import build_directory

JSON = {"Accept": "application/json"}


@pytest.fixture
def versioned(app):
    answer_cache.clear()
    if db.session.get(DirectoryVersion, 1) is None:
        db.session.add(DirectoryVersion(id=1, version=1))
        db.session.commit()
    yield
    answer_cache.clear()


def version() -> int:
    db.session.expire_all()
    return answer_cache.data_version()


def test_every_kind_of_directory_write_bumps_the_version(versioned, directory_data):
    steps = [
        lambda: db.session.add(Section(section="Новый раздел")),
        lambda: setattr(db.session.query(Email).first(), "email", "x@example.kz"),
        lambda: db.session.delete(db.session.query(Email).first()),
    ]
    for step in steps:
        before = version()
        step()
        db.session.commit()
        assert version() > before
    before = version()
    db.session.execute(text("DELETE FROM company_rubrics"))  # a bulk statement, no ORM
    db.session.commit()
    assert version() > before


@pytest.fixture
def directory_data(app):
    return build_directory(3)


def test_cached_answers_follow_every_change(client, versioned, directory_data, director, token_headers):
    first = client.get("/clients/sections/", headers=JSON).get_json()
    assert client.get("/clients/sections/", headers=JSON).get_json() == first  # from the cache
    db.session.add(Section(section="Новый раздел"))
    db.session.commit()
    assert client.get("/clients/sections/", headers=JSON).get_json()["count"] == first["count"] + 1
    email = directory_data.companies[0].emails[0]
    path = f"/clients/emails/{email.public_id}/"
    assert client.get(path, headers=JSON).get_json()["email"] == email.email
    email.email = "changed@example.kz"
    db.session.commit()
    assert client.get(path, headers=JSON).get_json()["email"] == "changed@example.kz"
    a = token_headers("director@test.kz", "director-pass")
    names = [c["company_name"] for c in client.get("/clients/clients/", headers=a).get_json()["results"]]
    directory_data.companies[1].company_name = 'ТОО "ПЕРЕИМЕНОВАНА"'
    db.session.commit()
    again = [c["company_name"] for c in client.get("/clients/clients/", headers=a).get_json()["results"]]
    assert again != names and 'ТОО "ПЕРЕИМЕНОВАНА"' in again
    # Access is checked before the cache: anonymous callers still get 401 for AUTH ONLY lists.
    assert client.get("/clients/clients/", headers=JSON).status_code == 401


def test_the_fast_path_replays_anonymous_answers_only_while_the_version_holds(app, client, versioned, directory_data):
    fast = app.extensions["public_fast_path"]
    fast.entries.clear()
    first = client.get("/clients/sections/", headers=JSON)
    assert len(fast.entries) == 1
    again = client.get("/clients/sections/", headers=JSON)
    assert again.get_data() == first.get_data()
    for header in ("ETag", "Cache-Control", "Content-Security-Policy", "X-Content-Type-Options"):
        assert again.headers[header] == first.headers[header], header
    assert client.get("/clients/sections/", headers={**JSON, "If-None-Match": first.headers["ETag"]}).status_code == 304
    db.session.add(Section(section="Ещё раздел"))
    db.session.commit()
    changed = client.get("/clients/sections/", headers=JSON).get_json()
    assert changed["count"] == first.get_json()["count"] + 1
    # Errors, HTML, credentials and cookies are never kept or replayed.
    client.get("/clients/sections/?page=99", headers=JSON)
    client.get("/clients/sections/", headers={"Accept": "text/html"})
    assert len(fast.entries) == 1
