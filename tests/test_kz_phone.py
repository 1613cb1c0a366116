"""Staff phones: one written form whatever was typed, refused when it is not a Kazakh number."""
import pytest

from portal.kz.phone import MESSAGE, normalise_phone, normalised_or_kept

WANTED = "+7(701)123-45-67"


@pytest.mark.parametrize("typed", [
    "+7(701)123-45-67", "+7 701 123 45 67", "87011234567", "8 (701) 123-45-67", "+77011234567",
    "7011234567", " 8-701-123-45-67 ", "+7 (701) 1234567", "8.701.123.45.67",
])
def test_every_way_of_typing_a_number_is_stored_alike(typed):
    assert normalise_phone(typed) == WANTED


def test_city_numbers_keep_their_code():
    assert normalise_phone("8 727 250 00 11") == "+7(727)250-00-11"
    assert normalise_phone("+7 7172 55 66 77") == "+7(717)255-66-77"


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_no_phone_is_none(empty):
    assert normalise_phone(empty) is None


@pytest.mark.parametrize("bad", [
    "+7 916 123 45 67",  # Russia
    "12345", "870112345678", "+7 701 123 45 6", "7701-abc-45-67", "701+1234567", "++77011234567",
    "+1 701 123 4567",
])
def test_what_is_not_a_kazakh_number_is_refused(bad):
    with pytest.raises(ValueError, match="формате"):
        normalise_phone(bad)


def test_stored_values_that_do_not_read_as_a_number_are_kept():
    assert normalised_or_kept("8 701 1234567") == WANTED
    assert normalised_or_kept(" доб. 123 ") == "доб. 123"
    assert normalised_or_kept(None) is None


def test_the_message_names_the_format():
    assert "+7(7xx)xxx-xx-xx" in MESSAGE


def test_a_director_adding_a_colleague_stores_the_one_format(client, login, director):
    from portal.models import Staff, User
    from portal.extensions import db
    from sqlalchemy import select

    login("director@test.kz", "director-pass")
    new = {"full_name": "Айгерим Сапарова", "email": "aigerim@test.kz", "phone_number": "8 701 123 45 67",
           "role": "Работник"}
    assert client.post("/staff/accounts/", json=new).status_code == 201
    staff = db.session.execute(select(Staff).join(User).where(User.email == "aigerim@test.kz")).scalar_one()
    assert staff.phone_number == WANTED
    refused = client.post("/staff/accounts/", json={**new, "email": "b@test.kz", "phone_number": "12-34"})
    assert refused.status_code == 400 and refused.get_json()["phone_number"] == [MESSAGE]
    assert db.session.execute(select(User).where(User.email == "b@test.kz")).scalar_one_or_none() is None


def test_the_migration_brings_old_rows_to_the_format(app, director):
    import importlib

    from alembic.migration import MigrationContext
    from alembic.operations import Operations
    from sqlalchemy import text

    from portal.extensions import db
    from portal.models import Staff
    from tests import factories

    company = factories.make_company('ТОО "ИНДЕКС"', index_ex="50039")
    seat = db.session.execute(db.select(Staff).where(Staff.user_id == director.id)).scalar_one()
    seat.phone_number = "8 (727) 250-00-11"
    db.session.commit()
    migration = importlib.import_module("migrations.versions.0200_one_format_phones_postcodes")
    with db.engine.begin() as conn:
        with Operations.context(MigrationContext.configure(conn)):
            migration.upgrade()
    db.session.expire_all()
    assert db.session.get(Staff, seat.id).phone_number == "+7(727)250-00-11"
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT index_ex FROM companies WHERE id = :id"), {"id": company.id}).scalar() == "050039"
