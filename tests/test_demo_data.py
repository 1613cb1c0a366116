"""The demo directory (`flask --app wsgi demo-data`): counts at the seed's scale, idempotence,
determinism, realistic and consistent fields, demo accounts, and scaling with --companies."""
import hashlib
import pickle
import re
from datetime import date
from itertools import islice

import pytest
from sqlalchemy import func, select, text

from portal import create_app
from portal.demo.batches import BinCandidates
from portal.demo.generator import generate
from portal.demo.ids import IdSequence
from portal.demo import loader
from portal.demo.loader import DEFAULT_SEED, load_demo, loaded_companies
from portal.demo.oked import OKED
from portal.extensions import db
from portal.kz.bin import is_valid_bin
from portal.models import (
    Company,
    CompanyType,
    District,
    Email,
    KrpName,
    Locality,
    PhoneNumber,
    Region,
    Rubric,
    Section,
    Staff,
    SubSection,
    User,
    company_rubrics,
    company_types,
)
from portal.directory.search import search_key
from portal.timeutil import iso, to_almaty
from tests import factories
from tests.conftest import _empty_all_tables, make_config

SEED_COUNTS = {
    Section: 18, SubSection: 98, Rubric: 1050, Region: 1, Locality: 5, District: 154,
    CompanyType: 1762, KrpName: 14, Company: 9532, Email: 7970, PhoneNumber: 17980,
}
ALMATY_DISTRICTS = {
    "751110000": "АЛМАЛИНСКИЙ", "751210000": "АЛАТАУСКИЙ", "751310000": "АУЭЗОВСКИЙ",
    "751410000": "БОСТАНДЫКСКИЙ", "751510000": "ЖЕТЫСУСКИЙ", "751710000": "МЕДЕУСКИЙ",
    "751810000": "НАУРЫЗБАЙСКИЙ", "751910000": "ТУРКСИБСКИЙ",
}
TOWNS = {"Каскелен": ("195220100", "Г.КАСКЕЛЕН"), "Капшагай": ("191610000", "Г.КАПШАГАЙ"),
         "Талгар": ("196220100", "Г.ТАЛГАР"), "с. Коянкус": ("194400000", "С.КОЯНКУС")}
PHONE = re.compile(r"^\+7\((7\d\d)\)\d{3}-\d{2}-\d{2}$")
PHONE_CODES = {"727", "700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778"}


def counts() -> dict:
    """Rows per demo table."""
    return {model: db.session.scalar(select(func.count()).select_from(model)) for model in SEED_COUNTS}


def checksum() -> str:
    """A hash of every demo row by public ids and values (never the internal integer keys)."""
    digest = hashlib.sha256()
    c = Company.__table__
    columns = [col for col in c.columns if col.name not in ("id", "krp_id", "region_id", "locality_id", "district_id")]
    queries = [
        select(*columns, KrpName.public_id, Locality.public_id, District.public_id)
        .join(KrpName, KrpName.id == c.c.krp_id).join(Locality, Locality.id == c.c.locality_id)
        .outerjoin(District, District.id == c.c.district_id).order_by(c.c.public_id),
        select(Email.public_id, Email.email, Company.public_id).join(Company, Company.id == Email.company_id).order_by(Email.public_id),
        select(PhoneNumber.public_id, PhoneNumber.phone_number, Company.public_id)
        .join(Company, Company.id == PhoneNumber.company_id).order_by(PhoneNumber.public_id),
        select(Company.public_id, Rubric.public_id).join(company_rubrics, company_rubrics.c.company_id == Company.id)
        .join(Rubric, Rubric.id == company_rubrics.c.rubric_id).order_by(Company.public_id, Rubric.public_id),
        select(Company.public_id, CompanyType.public_id).join(company_types, company_types.c.company_id == Company.id)
        .join(CompanyType, CompanyType.id == company_types.c.type_id).order_by(Company.public_id, CompanyType.public_id),
        select(Rubric.public_id, Rubric.rubric, SubSection.public_id).join(SubSection).order_by(Rubric.public_id),
        select(District.public_id, District.district, District.kato).order_by(District.public_id),
        select(CompanyType.public_id, CompanyType.type).order_by(CompanyType.public_id),
        select(User.public_id, User.email, Staff.public_id, Staff.role).join(Staff).order_by(User.public_id),
    ]
    for query in queries:
        for row in db.session.execute(query):
            values = [iso(v) if hasattr(v, "tzinfo") else v for v in row]
            digest.update(repr(values).encode())
    return digest.hexdigest()


@pytest.fixture(scope="class")
def seeded(migrated_database):
    """One seed-scale load for the whole class (the loader is the thing under test)."""
    application = create_app(make_config())
    with application.app_context():
        summary = load_demo(db.session)
        yield application, summary
        db.session.remove()
        _empty_all_tables()
        db.engine.dispose()


def all_companies():
    """Every company row (Core, so 9,532 rows stay cheap)."""
    c = Company.__table__
    return db.session.execute(
        select(c, Locality.locality, Locality.kato.label("locality_kato"), KrpName.code.label("krp"),
               District.locality_id.label("district_locality"), District.kato.label("district_kato"))
        .join(Locality, Locality.id == c.c.locality_id).join(KrpName, KrpName.id == c.c.krp_id)
        .outerjoin(District, District.id == c.c.district_id)
    ).all()


@pytest.mark.usefixtures("seeded")
class TestSeedScale:
    def test_counts_match_the_seed(self):
        assert counts() == SEED_COUNTS
        assert loaded_companies(db.session) == 9532
        assert db.session.scalar(select(func.count()).select_from(User)) == 3

    def test_every_company_has_rubrics_and_types(self):
        for table in (company_rubrics, company_types):
            linked = db.session.scalar(select(func.count(func.distinct(table.c.company_id))))
            links = db.session.scalar(select(func.count()).select_from(table))
            assert linked == 9532 and 9532 <= links <= 3 * 9532

    def test_link_words_are_what_the_triggers_would_write(self):
        from collections import defaultdict

        from portal.directory.search.links import link_terms, rubric_parents

        parents = rubric_parents(db.session.connection())
        rubrics, types = defaultdict(list), defaultdict(list)
        for company_id, rubric_id in db.session.execute(select(company_rubrics.c.company_id, company_rubrics.c.rubric_id)):
            rubrics[company_id].append(parents[rubric_id])
        for company_id, type_id in db.session.execute(select(company_types.c.company_id, company_types.c.type_id)):
            types[company_id].append(type_id)
        stored = dict(db.session.execute(select(Company.id, Company.link_terms)).tuples().all())
        assert len(stored) == 9532
        assert {key: link_terms(rubrics[key], types[key]) for key in stored} == stored

    def test_demo_director_has_catalogues_and_an_invoice(self):
        from portal.models import Product, SmartDocument
        from portal.models.market import ExchangeRate

        director = db.session.scalar(select(User).where(User.email == "director@example.kz"))
        company_id = director.staff.company_id
        assert db.session.scalar(select(func.count()).select_from(Product).where(Product.company_id == company_id)) == 3
        invoice = db.session.scalar(select(SmartDocument).where(SmartDocument.company_id == company_id))
        # 2 × 389 990.00 + 10 × 2 450.50 + 3 × 18 700.00, VAT 16% included. The VAT is the rows' VAT, each row
        # priced so that price without VAT × quantity = cost without VAT exactly (as the printed forms show):
        # 2 × 336 198.28 = 672 396.56 → 107 583.44; 10 × 2 112.50 → 3 380.00; 3 × 16 120.69 = 48 362.07 → 7 737.93
        assert (invoice.doc_type, str(invoice.total_sum), str(invoice.nds_sum)) == ("ip", "860585.00", "118701.37")
        assert db.session.scalar(select(func.count()).select_from(ExchangeRate)) > 0

    def test_second_run_changes_nothing(self, seeded):
        before = checksum()
        summary = load_demo(db.session)
        assert counts() == SEED_COUNTS
        assert checksum() == before
        assert all("ничего не изменено" in line for line in summary.values())

    def test_bins_pass_the_check_digit_and_follow_the_registration(self):
        rows = all_companies()
        assert len({r.bin for r in rows}) == len(rows)
        for r in rows:
            assert is_valid_bin(r.bin), r.bin
            if r.company_name.startswith("ИП "):
                born = date(int(("19" if r.bin[6] in "34" else "20") + r.bin[:2]), int(r.bin[2:4]), int(r.bin[4:6]))
                assert r.bin[6] in "3456" and born.year >= 1958
            else:
                assert r.bin[:4] == to_almaty(r.registration_date).strftime("%y%m"), (r.bin, r.registration_date)
                assert r.bin[4] == "4"

    def test_phone_numbers_are_formatted_with_real_codes(self):
        numbers = db.session.scalars(select(PhoneNumber.phone_number)).all()
        for number in numbers:
            match = PHONE.match(number)
            assert match and match.group(1) in PHONE_CODES, number
        assert sum(n.startswith("+7(727)") for n in numbers) > len(numbers) * 0.2

    def test_kato_address_and_district_agree_with_the_locality(self):
        for r in all_companies():
            if r.locality == "Алматы":
                assert r.kato in ALMATY_DISTRICTS, r.kato
                assert r.address.startswith(f"Г.АЛМАТЫ, {ALMATY_DISTRICTS[r.kato]} РАЙОН, "), r.address
            else:
                kato, town = TOWNS[r.locality]
                assert r.kato == kato == r.locality_kato and r.kato.startswith("19")
                assert r.address.startswith("АЛМАТИНСКАЯ ОБЛАСТЬ, ") and town in r.address, r.address
            if r.district_id is not None:
                assert r.district_locality == r.locality_id and r.district_kato == r.kato
        in_almaty = db.session.scalar(
            select(func.count()).select_from(District).join(Locality).where(Locality.locality == "Алматы"))
        assert in_almaty > 154 * 0.7

    def test_codes_and_names_are_consistent(self):
        for r in all_companies():
            assert r.krp_code == r.krp
            assert r.description == OKED[r.oked]
            if r.secondary_oked:
                assert all(code in OKED and code != r.oked for code in r.secondary_oked.split(", "))
            # The search key of portal.directory.search (the directory name, lower case and
            # folded, without the legal form), which the company search indexes.
            assert r.company_name_search == search_key(r.company_name, r.alternative_name, r.company_name_ex)
            assert r.company_name.split(" ", 1)[0] in ("ТОО", "АО", "ИП")
            assert r.company_name == f'{r.company_name.split(" ", 1)[0]} "{r.company_name.split(" ", 1)[1][1:-1]}"'
            assert r.director and r.director == r.director.upper()
            assert to_almaty(r.registration_date).time().isoformat() == "00:00:00"
            assert to_almaty(r.updated) >= to_almaty(r.registration_date)

    def test_names_look_real_and_give_search_something_to_find(self):
        rows = all_companies()
        forms = [r.company_name.split(" ", 1)[0] for r in rows]
        assert forms.count("ТОО") > len(rows) * 0.6
        assert forms.count("ИП") > 300 and forms.count("АО") > 100
        names = [r.company_name.lower() for r in rows]
        text = " ".join(names)
        for letter in "әғқңөұүһі":
            assert letter in text, letter
        for word in ("транзит", "сервис", "строй", "евразия", "қайрат"):
            assert sum(word in name for name in names) >= 10, word
        stroy = sum("строй" in name for name in names)
        assert len(rows) * 0.01 < stroy < len(rows) * 0.08
        assert any(re.fullmatch(r'ТОО "[A-Z ]+"', r.company_name) for r in rows)
        assert any(re.fullmatch(r'ИП "[А-ЯЁӘҒҚҢӨҰҮҺІ]+ [А-ЯЁӘҒҚҢӨҰҮҺІ]+"', r.company_name) for r in rows)
        words = {}
        for r in rows:
            for w in set(r.company_name.lower().replace('"', " ").split()[1:]):
                words[w] = words.get(w, 0) + 1
        assert sum(1 for n in words.values() if n >= 100) >= 5
        assert sum(1 for n in words.values() if n <= 2) >= 1000

    def test_seed_companies_keep_their_seed_fields(self, seeded):
        app, _ = seeded
        company = db.session.execute(select(Company).where(Company.bin == "120440025390")).scalar_one()
        assert company.company_name == 'ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"'
        assert company.company_name_search == "евразия транзит сервис"
        assert iso(company.registration_date) == "2012-04-28T00:00:00+06:00"
        assert iso(company.updated) == "2021-11-20T13:19:37.478796+06:00"
        assert (company.oked, company.krp_code, company.kato) == ("52299", "110", "751910000")
        assert company.krp.krp_name == "Малые предприятия (6 - 10)"
        for bin_, name in (("120240004698", "ORIENT LOGIST GROUP"), ("110940008664", "SBA TRADE GROUP"),
                           ("070540011550", "CENTER ВЭД LOGISTIC"), ("180540034205", "DELUXE TRADE COMPANY")):
            assert db.session.scalar(select(Company.company_name).where(Company.bin == bin_)) == f'ТОО "{name}"'
        orient = db.session.execute(select(Company).where(Company.bin == "120240004698")).scalar_one()
        assert sorted(e.email for e in orient.emails) == ["orient_logist@mail.ru"]
        assert "+7(727)382-15-31" in {p.phone_number for p in orient.phone_numbers}

    @pytest.mark.parametrize("public_id,name,bin_,director", [
        ("44a8f010", 'ТОО "ТАЛТЕКСҚАЗ-40"', "170640013333", "СМАГУЛОВ ӘДІЛЕТ НҰРБОЛОВИЧ"),
        ("e9b83eb5", 'ИП "КАРИМОВА ГҮЛНАР"', "820111466985", "КАРИМОВА ГҮЛНАР ТЛЕУБЕКОВНА"),
    ])
    def test_generated_companies_are_pinned(self, public_id, name, bin_, director):
        # Literal values: any change to a generator or word list that alters the data shows
        # here, so "the same data on every machine" stays true across releases too.
        row = db.session.execute(select(Company).where(Company.public_id == public_id)).scalar_one()
        assert (row.company_name, row.bin, row.director) == (name, bin_, director)

    def test_public_ids_are_the_same_on_every_machine(self):
        expected = IdSequence(DEFAULT_SEED, "companies").candidate(4)
        assert db.session.scalar(select(Company.public_id).where(Company.bin == "120440025390")) == expected
        # A generated company, pinned: a change of any generator shows up here.
        company = generate(DEFAULT_SEED, 1000)
        row = db.session.execute(select(Company).where(Company.public_id == IdSequence(DEFAULT_SEED, "companies").candidate(1000))).scalar_one()
        assert (row.company_name, row.director) == (company.row["company_name"], company.row["director"])
        assert sorted(e.email for e in row.emails) == sorted(company.emails)

    @pytest.mark.parametrize("email,password,role,bin_", [
        ("director@example.kz", "director123", "Директор", "120440025390"),
        ("worker@example.kz", "worker123", "Работник", "120440025390"),
        ("other@example.kz", "other123", "Директор", "120240004698"),
    ])
    def test_demo_accounts_log_in(self, seeded, email, password, role, bin_):
        app, _ = seeded
        client = app.test_client()
        response = client.post("/auth/login/", data={"email": email, "password": password})
        assert response.status_code == 302
        data = client.get("/clients/get_user_company/", headers={"Accept": "application/json"}).get_json()
        assert data["user"]["role"] == role and data["company"]["bin"] == bin_
        assert client.post("/auth/token/", json={"email": email, "password": "wrong"}).status_code == 400


def test_companies_option_scales_and_grows(app):
    load_demo(db.session, companies=50)
    assert loaded_companies(db.session) == 50
    assert db.session.scalar(select(func.count()).select_from(Company)) == 50
    emails_50 = db.session.scalar(select(func.count()).select_from(Email))
    phones_50 = db.session.scalar(select(func.count()).select_from(PhoneNumber))
    assert 50 * 7970 // 9532 - 3 <= emails_50 <= 50 * 7970 // 9532 + 3
    assert 50 * 17980 // 9532 - 8 <= phones_50 <= 50 * 17980 // 9532 + 8
    first = {r.public_id: (r.bin, r.company_name) for r in db.session.execute(select(Company.public_id, Company.bin, Company.company_name))}

    summary = load_demo(db.session, companies=80)
    assert "добавлено 30" in summary["companies"]
    rows = {r.public_id: (r.bin, r.company_name) for r in db.session.execute(select(Company.public_id, Company.bin, Company.company_name))}
    assert len(rows) == 80 and all(rows[k] == v for k, v in first.items())
    assert db.session.scalar(select(func.count()).select_from(Email)) > emails_50

    summary = load_demo(db.session, companies=40)
    assert "ничего не изменено" in summary["companies"] and "80" in summary["companies"]
    assert db.session.scalar(select(func.count()).select_from(Company)) == 80


def test_batch_size_does_not_change_the_data(app):
    load_demo(db.session, companies=45, batch_size=7)
    small_batches = checksum()
    db.session.remove()
    _empty_all_tables()
    load_demo(db.session, companies=45, batch_size=1000)
    assert checksum() == small_batches


def test_existing_rows_are_reused_and_their_ids_avoided(app):
    # A classifier row and a public id created by someone else before the demo load.
    db.session.add(Section(section="Автосервис"))
    db.session.commit()
    taken = IdSequence(DEFAULT_SEED, "sections").candidate(0)
    db.session.add(Section(section="Своя секция", public_id=taken))
    db.session.commit()
    load_demo(db.session, companies=10)
    assert db.session.scalar(select(func.count()).select_from(Section).where(Section.section == "Автосервис")) == 1
    assert db.session.scalar(select(func.count()).select_from(Section)) == 19
    b2b = db.session.scalar(select(Section.public_id).where(Section.section == "B2B-услуги"))
    assert b2b != taken and re.fullmatch(r"[0-9a-f]{8}", b2b)


def test_demo_accounts_wait_for_their_companies(app):
    summary = load_demo(db.session, companies=3)
    assert "director@example.kz" in summary["accounts"]
    assert db.session.scalar(select(func.count()).select_from(User)) == 1  # other@ (ORIENT is company 0)
    load_demo(db.session, companies=5)
    assert db.session.scalar(select(func.count()).select_from(User)) == 3


def test_bin_candidates_travel_between_processes_unchanged():
    expected = list(islice(generate(DEFAULT_SEED, 321).bins, 6))
    candidates = pickle.loads(pickle.dumps(BinCandidates(DEFAULT_SEED, 321, generate(DEFAULT_SEED, 321).bins)))
    assert list(islice(candidates, 6)) == expected  # beyond the three computed ahead
    assert all(is_valid_bin(b) for b in expected) and len({b[:6] for b in expected}) == 1  # same date part


def test_a_taken_bin_makes_the_company_take_its_next_candidate(app):
    candidates = list(islice(generate(DEFAULT_SEED, 10).bins, 2))
    factories.make_company(name='ТОО "УЖЕ БЫЛА"', bin=candidates[0])
    load_demo(db.session, companies=12)
    company = db.session.execute(
        select(Company).where(Company.public_id == IdSequence(DEFAULT_SEED, "companies").candidate(10))).scalar_one()
    assert company.bin == candidates[1]
    bins = db.session.scalars(select(Company.bin)).all()
    assert len(bins) == 13 == len(set(bins))


def test_other_areas_add_demo_steps(app):
    calls = []

    def snapshot(run):
        calls.append(run.companies)
        return "Снимок: готово"

    loader.register_step("snapshot", snapshot)
    try:
        summary = load_demo(db.session, companies=2)
    finally:
        loader._EXTRA_STEPS.clear()
    assert calls == [2]
    assert list(summary) == ["classifiers", "companies", "accounts", "market", "smart_docs", "snapshot"]
    with pytest.raises(ValueError):
        loader.register_step("companies", snapshot)


def test_cli_command(runner):
    result = runner.invoke(args=["demo-data", "--companies", "12"])
    assert result.exit_code == 0, result.output
    assert "Компании: добавлено 12, всего 12" in result.output
    assert "компании: 12 из 12 (100%)" in result.output
    again = runner.invoke(args=["demo-data", "--companies", "12"])
    assert "уже загружено 12" in again.output
    bad = runner.invoke(args=["demo-data", "--companies", "-1"])
    assert bad.exit_code == 2 and "--companies" in bad.output


def test_a_large_postgresql_load_builds_the_search_indexes_after_it(app, monkeypatch):
    from sqlalchemy import text

    from portal.demo import step_companies

    if db.session.get_bind().dialect.name != "postgresql":
        pytest.skip("PostgreSQL's GIN indexes")

    def indexes() -> set[str]:
        rows = db.session.execute(text("SELECT indexname FROM pg_indexes WHERE tablename = 'companies'"))
        return set(rows.scalars())

    monkeypatch.setattr(step_companies, "_PG_REBUILD_FROM", 10)
    built = []
    real = step_companies._load_batches

    def spy(*args):
        built.append(indexes())
        return real(*args)

    monkeypatch.setattr(step_companies, "_load_batches", spy)
    load_demo(db.session, companies=20)
    assert "ix_companies_search_tsv" not in built[0]
    assert {"ix_companies_search_tsv", "ix_companies_search_trgm"} <= indexes()
    db.session.execute(text("DROP INDEX ix_companies_search_tsv"))  # a load killed mid-way
    db.session.commit()
    load_demo(db.session, companies=20)  # nothing to add, but the index comes back
    assert "ix_companies_search_tsv" in indexes()
    from portal.directory.search import search_companies
    from portal.web.pagination import PageRequest

    assert search_companies({"search": "тоо"}, PageRequest(page=1, page_size=5)).page.count > 0


def test_a_load_leaves_planner_statistics_of_the_searched_tables(app):
    load_demo(db.session, companies=30)
    if db.engine.dialect.name == "sqlite":
        analysed = set(db.session.execute(text("SELECT DISTINCT tbl FROM sqlite_stat1")).scalars())
    else:
        analysed = set(db.session.execute(text(
            "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL"
        )).scalars())
    assert {"companies", "company_rubrics", "company_types"} <= analysed
