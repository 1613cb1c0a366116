"""The search index follows the companies table whoever writes it: the ORM, raw SQL, executemany."""
from datetime import datetime, timezone

from sqlalchemy import text

from portal.directory.search import normalise, rebuild_index, search_companies, search_key
from portal.extensions import db
from portal.models import Company
from portal.web.pagination import PageRequest
from tests.test_search import make_company, next_bin

FIRST = PageRequest(page=1, page_size=20)


def found(query: str) -> list[str]:
    return [c.company_name for c in search_companies({"search": query}, FIRST).page.items]


def _insert_raw(rows: list[dict]) -> None:
    """What a bulk loader does: one executemany of plain INSERTs, the key set by the loader."""
    statement = text(
        "INSERT INTO companies (public_id, bin, company_name, company_name_search, updated) "
        "VALUES (:public_id, :bin, :company_name, :company_name_search, :updated)"
    )
    db.session.execute(statement, rows)
    db.session.commit()


def _row(n: int, name: str, key: str | None = "auto") -> dict:
    return {
        "public_id": f"fa{n:06x}", "bin": next_bin(), "company_name": name,
        "company_name_search": search_key(name) if key == "auto" else key,
        "updated": datetime(2026, 11, 26, tzinfo=timezone.utc),
    }


def test_orm_delete_leaves_the_index(app):
    company = make_company('ТОО "УДАЛЯЕМАЯ"')
    assert found("удаляемая") == ['ТОО "УДАЛЯЕМАЯ"']
    db.session.delete(company)
    db.session.commit()
    assert found("удаляемая") == []


def test_raw_sql_insert_update_delete_keep_the_index_in_sync(app):
    _insert_raw([_row(1, 'ТОО "СЫРОЙ SQL"'), _row(2, 'ИП ҚАЙНАР')])
    assert found("сырой") == ['ТОО "СЫРОЙ SQL"']
    assert found("кайнар") == ["ИП ҚАЙНАР"]
    db.session.execute(
        text("UPDATE companies SET company_name = :name, company_name_search = :key WHERE public_id = :id"),
        {"name": 'ТОО "НОВОЕ ИМЯ"', "key": search_key('ТОО "НОВОЕ ИМЯ"'), "id": "fa000001"},
    )
    db.session.commit()
    assert found("сырой") == []
    assert found("новое") == ['ТОО "НОВОЕ ИМЯ"']
    db.session.execute(text("DELETE FROM companies WHERE public_id = :id"), {"id": "fa000001"})
    db.session.commit()
    assert found("новое") == []
    assert found("ип") == ["ИП ҚАЙНАР"]


def test_a_loader_that_forgot_the_key_is_still_found_by_the_raw_name(app):
    _insert_raw([_row(3, 'ТОО "БЕЗ КЛЮЧА"', key=None)])
    assert found("без ключа") == ['ТОО "БЕЗ КЛЮЧА"']


def test_update_of_other_columns_keeps_the_entry(app):
    company = make_company('ТОО "ПОСТОЯННАЯ"')
    company.director = "ДРУГОЙ ДИРЕКТОР"
    db.session.commit()
    db.session.execute(text("UPDATE companies SET oked = '46690' WHERE id = :id"), {"id": company.id})
    db.session.commit()
    assert found("постоянная") == ['ТОО "ПОСТОЯННАЯ"']


def test_rebuild_index_restores_every_row(app):
    make_company('ТОО "ПЕРЕСТРОЙКА"')
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("DELETE FROM companies_fts"))
        db.session.commit()
        assert found("перестройка") == []
    rebuild_index()
    db.session.commit()
    assert found("перестройка") == ['ТОО "ПЕРЕСТРОЙКА"']


def test_loader_normalisation_is_the_service_one(app):
    """The key a loader stores must come from the same function the queries use."""
    assert search_key('ТОО "ЁЛКА"') == normalise("ЁЛКА")
    assert db.session.query(Company).count() == 0


# Run in a fresh interpreter: only the model (and what it needs) is imported, no app, no search.
MODEL_ONLY = """
import sys

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models.directory import Company

assert not any(name.startswith("portal.directory.search") for name in sys.modules), "the model imported the search"
engine = create_engine("sqlite://")
db.metadata.create_all(engine)
assert "ix_companies_company_name_search" in {ix["name"] for ix in inspect(engine).get_indexes("companies")}
with Session(engine) as session:
    company = Company(public_id="fb000001", bin="240540000017", company_name='ТОО "Қайрат Строй"', alternative_name="ЖШС Қайрат")
    session.add(company)
    session.commit()
    assert session.execute(text("SELECT company_name_search FROM companies")).scalar_one() == "кайрат строй"
    company.company_name_ex = "Кайрат-Сервис"
    session.commit()
    assert session.execute(text("SELECT company_name_search FROM companies")).scalar_one() == "кайрат строй сервис"
print("ok")
"""


def test_the_model_alone_keeps_the_search_key_and_declares_its_index():
    """Whichever module comes first, a Company written through the ORM gets its search key:
    the listener and the index declaration live with the model, not in the search."""
    import subprocess
    import sys
    from pathlib import Path

    done = subprocess.run([sys.executable, "-c", MODEL_ONLY], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
