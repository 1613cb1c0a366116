"""Rubric, sub-section, section and type links as words of the search index (0103_search_links):
kept in step by triggers on SQLite and PostgreSQL, and used by filtered word searches."""
import pytest
from sqlalchemy import insert, select, text

from portal.directory import search
from portal.directory.search import postgresql, ranking, sqlite
from portal.directory.search.links import link_terms, rubric_parents
from portal.extensions import db
from portal.models import Company, CompanyType, Rubric, Section, SubSection, company_rubrics, company_types
from tests.test_search import found, make_company


@pytest.fixture
def tree(app):
    """Two sections, each with a sub-section and a rubric; ten more rubrics and two types so
    ids reach two digits (stored words sort as text: `_r10` before `_r2`)."""
    build, trade = Section(section="Строительство"), Section(section="Торговля")
    materials, shops = SubSection(sub_section="Материалы", section=build), SubSection(sub_section="Магазины", section=trade)
    cement, food = Rubric(rubric="Цемент", sub_section=materials), Rubric(rubric="Продукты", sub_section=shops)
    extra = [Rubric(rubric=f"Рубрика {n}", sub_section=materials) for n in range(10)]
    plant, shop = CompanyType(type="завод"), CompanyType(type="магазин")
    db.session.add_all([build, trade, materials, shops, cement, food, *extra, plant, shop])
    db.session.commit()
    return {"build": build, "trade": trade, "materials": materials, "shops": shops, "cement": cement,
            "food": food, "extra": extra, "plant": plant, "shop": shop}


def stored(company: Company) -> str:
    return db.session.execute(select(Company.link_terms).where(Company.id == company.id)).scalar_one()


def expected(company: Company) -> str:
    """What the loader would write for the company's current links."""
    parents = rubric_parents(db.session.connection())
    rubric_ids = db.session.execute(select(company_rubrics.c.rubric_id).where(company_rubrics.c.company_id == company.id)).scalars()
    type_ids = db.session.execute(select(company_types.c.type_id).where(company_types.c.company_id == company.id)).scalars()
    return link_terms([parents[r] for r in rubric_ids], list(type_ids))


def test_orm_links_are_stored_as_the_loader_writes_them(tree):
    company = make_company('ТОО "ЦЕМЕНТ ТРАНЗИТ"', rubrics=[tree["cement"], tree["extra"][9], tree["food"]],
                           types=[tree["plant"]])
    words = stored(company)
    assert words == expected(company)
    assert words.split() == sorted(words.split())
    for word in (f"_r{tree['cement'].id}", f"_u{tree['materials'].id}", f"_s{tree['build'].id}",
                 f"_r{tree['food'].id}", f"_u{tree['shops'].id}", f"_s{tree['trade'].id}", f"_t{tree['plant'].id}"):
        assert word in words.split()


def test_removing_and_adding_links_updates_the_words_and_the_search(tree):
    company = make_company('ТОО "ЦЕМЕНТ ТРАНЗИТ"', rubrics=[tree["cement"]], types=[tree["plant"]])
    assert found("транзит", section=tree["build"].public_id) == [company.company_name]
    company.rubrics.remove(tree["cement"])
    company.rubrics.append(tree["food"])
    company.types.remove(tree["plant"])
    db.session.commit()
    assert stored(company) == expected(company)
    assert found("транзит", section=tree["build"].public_id) == []
    assert found("транзит", type=tree["plant"].public_id) == []
    assert found("транзит", sub_section=tree["shops"].public_id) == [company.company_name]
    assert found("транзит", rubric=tree["food"].public_id) == [company.company_name]


def test_moving_a_rubric_or_a_sub_section_moves_its_companies(tree):
    company = make_company('ТОО "ЦЕМЕНТ ТРАНЗИТ"', rubrics=[tree["cement"]])
    tree["cement"].sub_section = tree["shops"]
    db.session.commit()
    assert stored(company) == expected(company)
    assert found("транзит", sub_section=tree["shops"].public_id) == [company.company_name]
    assert found("транзит", section=tree["build"].public_id) == []
    tree["shops"].section = tree["build"]
    db.session.commit()
    assert stored(company) == expected(company)
    assert found("транзит", section=tree["build"].public_id) == [company.company_name]
    assert found("транзит", section=tree["trade"].public_id) == []


def test_deleting_a_rubric_or_type_drops_its_words(tree):
    company = make_company('ТОО "ЦЕМЕНТ ТРАНЗИТ"', rubrics=[tree["cement"], tree["food"]], types=[tree["shop"]])
    db.session.delete(tree["cement"])
    db.session.delete(tree["shop"])
    db.session.commit()
    assert stored(company) == expected(company)
    assert f"_t{tree['shop'].id}" not in stored(company).split()
    assert found("транзит", sub_section=tree["materials"].public_id) == []
    assert found("транзит", sub_section=tree["shops"].public_id) == [company.company_name]


def test_links_written_with_the_company_are_kept_and_missing_ones_are_added(tree):
    """The loader's path: Core inserts of the company (with its words), then its link rows."""
    right = make_company('ТОО "ВЕРНО"')
    short = make_company('ТОО "НЕПОЛНО"')
    parents = rubric_parents(db.session.connection())
    words = link_terms([parents[tree["cement"].id]], [tree["plant"].id])
    db.session.execute(Company.__table__.update().where(Company.id == right.id).values(link_terms=words))
    db.session.execute(Company.__table__.update().where(Company.id == short.id).values(link_terms=f"_t{tree['plant'].id}"))
    db.session.execute(insert(company_rubrics), [{"company_id": c.id, "rubric_id": tree["cement"].id} for c in (right, short)])
    db.session.execute(insert(company_types), [{"company_id": c.id, "type_id": tree["plant"].id} for c in (right, short)])
    db.session.commit()
    assert stored(right) == words
    assert stored(short) == words
    assert found("верно", sub_section=tree["materials"].public_id) == [right.company_name]
    assert found("неполно", section=tree["build"].public_id) == [short.company_name]


def test_exact_name_outside_the_filter_is_not_listed_when_the_count_is_capped(tree, monkeypatch):
    monkeypatch.setattr(ranking, "COUNT_CAP", 1)
    make_company('ТОО "СТРОЙ"')  # exact name, no rubric
    inside = [make_company(f'ТОО "СТРОЙ {n}"', rubrics=[tree["cement"]]) for n in range(3)]
    shops = [make_company(f'ТОО "СТРОЙ МАРКЕТ {n}"', rubrics=[tree["food"]]) for n in range(3)]
    exact_inside = make_company('ИП СТРОЙ', rubrics=[tree["food"]])
    # Capped: exact names first (only those inside the filter), then the matches read, by id.
    assert found("строй", section=tree["build"].public_id) == [c.company_name for c in inside[:2]]
    expected = [exact_inside.company_name] + [c.company_name for c in shops[:2]]
    assert found("строй", rubric=tree["food"].public_id) == expected
    assert found("строй", sub_section=tree["shops"].public_id) == expected


@pytest.mark.parametrize("param", ["section", "sub_section", "rubric", "type"])
def test_a_link_filter_with_an_unknown_id_is_a_400(app, param):
    from portal.web.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as raised:
        found("строй", **{param: "0000abcd"})
    assert param in str(raised.value.detail if hasattr(raised.value, "detail") else raised.value)


def test_link_words_are_not_reachable_by_text(tree):
    company = make_company('ТОО "ЦЕМЕНТ"', rubrics=[tree["cement"]])
    assert found(f"_r{tree['cement'].id}") == []
    assert found(f"r{tree['cement'].id}") == []
    assert found("цемент") == [company.company_name]


def test_sqlite_index_holds_the_link_words(tree):
    if db.session.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite's FTS5 table")
    company = make_company('ТОО "ЦЕМЕНТ"', rubrics=[tree["cement"]])
    rows = db.session.execute(text("SELECT rowid FROM companies_fts WHERE companies_fts MATCH :q"),
                              {"q": f'links : "_u{tree["materials"].id}"'}).scalars().all()
    assert rows == [company.id]


def test_plain_list_with_link_filters_pages_in_id_order_with_exact_counts(tree):
    from portal.models import District, Locality
    from portal.web.errors import ApiError
    from portal.web.pagination import PageRequest

    locality = Locality(locality="Каскелен")
    district = District(district="Центр", locality=locality)
    db.session.add_all([locality, district])
    db.session.commit()
    inside = [make_company(f'ТОО "ЦЕМЕНТ {n}"', rubrics=[tree["cement"]],
                           **({"locality": locality, "district": district} if n % 2 else {})) for n in range(5)]
    make_company('ТОО "ПРОДУКТЫ"', rubrics=[tree["food"]], locality=locality, district=district)
    section = tree["build"].public_id

    def page(number, **args):
        outcome = search.search_companies(args, PageRequest(page=number, page_size=2))
        return outcome.page.count, [c.company_name for c in outcome.page.items]

    assert page(1, section=section) == (5, [c.company_name for c in inside[:2]])
    assert page(3, section=section) == (5, [inside[4].company_name])
    assert page(1, section=section, district=district.public_id) == (2, [inside[1].company_name, inside[3].company_name])
    assert page(1, section=section, type=tree["plant"].public_id) == (0, [])
    assert page(1, type=tree["shop"].public_id) == (0, [])
    assert page(1, sub_section=tree["shops"].public_id) == (1, ['ТОО "ПРОДУКТЫ"'])
    with pytest.raises(ApiError):
        page(4, section=section)
    with pytest.raises(ApiError):
        page(2, section=section, district=district.public_id)


def test_postgresql_keeps_a_count_per_link_word(tree):
    if db.session.get_bind().dialect.name != "postgresql":
        pytest.skip("PostgreSQL's kept counts (SQLite counts its FTS5 posting lists)")

    def kept() -> dict[str, int]:
        rows = db.session.execute(text("SELECT word, companies FROM link_word_counts WHERE companies <> 0"))
        return dict(rows.tuples().all())

    def actual() -> dict[str, int]:
        rows = db.session.execute(text(
            "SELECT word, count(*) FROM companies, unnest(string_to_array(link_terms, ' ')) AS word GROUP BY word"))
        return dict(rows.tuples().all())

    first = make_company('ТОО "ЦЕМЕНТ 1"', rubrics=[tree["cement"]], types=[tree["plant"]])
    second = make_company('ТОО "ЦЕМЕНТ 2"', rubrics=[tree["cement"], tree["food"]])
    assert kept() == actual() and kept()[f"_s{tree['build'].id}"] == 2
    second.rubrics.remove(tree["cement"])
    tree["food"].sub_section = tree["materials"]
    db.session.commit()
    assert kept() == actual() and kept()[f"_u{tree['materials'].id}"] == 2
    db.session.delete(first)
    db.session.commit()
    assert kept() == actual() and f"_t{tree['plant'].id}" not in kept()


def test_postgresql_directory_tree_reads_the_kept_counts(tree):
    if db.session.get_bind().dialect.name != "postgresql":
        pytest.skip("PostgreSQL's kept counts")
    from portal.directory.tree import _counts, _kept_counts

    make_company('ТОО "А"', rubrics=[tree["cement"], tree["extra"][0], tree["food"]])  # two rubrics of one sub-section
    make_company('ТОО "Б"', rubrics=[tree["extra"][0]])
    make_company('ТОО "В"')
    kept = {key: count for key, count in _kept_counts().items() if count}
    assert kept == _counts()
    assert kept[("s", tree["materials"].id)] == 2 and kept[("S", tree["trade"].id)] == 1


def test_a_rubric_or_sub_section_filter_makes_its_own_branch_redundant(tree):
    from portal.directory.search.links import filter_words

    rubric, materials, build = tree["cement"], tree["materials"], tree["build"]
    cascade = {"section": build.public_id, "sub_section": materials.public_id, "rubric": rubric.public_id}
    assert filter_words(cascade) == [f"_r{rubric.id}"]
    assert filter_words({"section": build.public_id, "sub_section": materials.public_id}) == [f"_u{materials.id}"]
    assert filter_words({"section": build.public_id, "rubric": rubric.public_id}) == [f"_r{rubric.id}"]
    # Outside the rubric's branch a filter still narrows: companies with rubrics in both branches.
    other = {"section": tree["trade"].public_id, "rubric": rubric.public_id, "type": tree["plant"].public_id}
    assert filter_words(other) == [f"_s{tree['trade'].id}", f"_r{rubric.id}", f"_t{tree['plant'].id}"]
    assert filter_words({"sub_section": tree["shops"].public_id, "rubric": rubric.public_id}) == [
        f"_u{tree['shops'].id}", f"_r{rubric.id}"]


@pytest.mark.parametrize("side", ["index", "filter"])
def test_place_and_link_filters_list_the_same_companies_from_either_side(tree, monkeypatch, side):
    """SQLite reads the smaller of the two sides first; both give the same page and count.
    PostgreSQL's planner chooses by itself, except for a legal form under link filters: the
    form's btree («index») or the form checked on the link words' rows («filter»)."""
    from portal.models import District, Locality
    from portal.web.pagination import PageRequest

    monkeypatch.setattr(sqlite, "_smaller_side", lambda scope: side)
    monkeypatch.setattr(sqlite, "_matches_side", lambda expression: side)
    monkeypatch.setattr(postgresql, "FORM_AS_FILTER_BELOW", 0 if side == "index" else 10**9)
    locality, elsewhere = Locality(locality="Талгар"), Locality(locality="Есик")
    db.session.add_all([locality, elsewhere])
    db.session.commit()
    both = [make_company(f'ТОО "ЦЕМЕНТ {n}"', rubrics=[tree["cement"], tree["food"]], locality=locality) for n in range(3)]
    make_company('ИП "ЦЕМЕНТ"', rubrics=[tree["cement"]], locality=locality)
    make_company('ТОО "ЦЕМЕНТ ВНЕ"', rubrics=[tree["cement"]], locality=elsewhere)
    make_company('ТОО "ПРОДУКТЫ"', rubrics=[tree["food"]], locality=locality)
    place = {"locality": locality.public_id}

    def listed(**args):
        outcome = search.search_companies({**place, **args}, PageRequest(page=1, page_size=10))
        return outcome.page.count, sorted(c.company_name for c in outcome.page.items)

    cement = sorted([c.company_name for c in both] + ['ИП "ЦЕМЕНТ"'])
    assert listed(rubric=tree["cement"].public_id) == (4, cement)
    assert listed(section=tree["build"].public_id, sub_section=tree["materials"].public_id,
                  rubric=tree["cement"].public_id) == (4, cement)
    assert listed(section=tree["trade"].public_id, rubric=tree["cement"].public_id) == (3, sorted(c.company_name for c in both))
    assert listed(search="ТОО", rubric=tree["cement"].public_id) == (3, sorted(c.company_name for c in both))
    assert listed(search="ИП", section=tree["build"].public_id) == (1, ['ИП "ЦЕМЕНТ"'])
