"""The search service: normalisation, query parsing, matching and ranking, on SQLite and PostgreSQL."""
import pytest

from portal.directory.search import (
    COUNT_CAP,
    normalise,
    parse_query,
    search_companies,
    search_key,
)
from portal.extensions import db
from portal.kz.bin import complete
from portal.web.pagination import PageRequest
from tests import factories

FIRST = PageRequest(page=1, page_size=20)
_serials = iter(range(1, 99999))


def next_bin() -> str:
    """A valid 12-digit BIN of a search test company (registered 2024-05)."""
    for serial in _serials:
        first11 = f"240540{serial:05d}"
        number = complete(first11)
        if number is not None:
            return number
    raise AssertionError("out of BINs")


def make_company(name: str, **fields):
    """A directory company with a valid BIN of its own."""
    fields.setdefault("bin", next_bin())
    return factories.make_company(name=name, **fields)


def names(args, wanted=FIRST) -> list[str]:
    """Company names of one result page, in rank order."""
    return [c.company_name for c in search_companies(args, wanted).page.items]


def found(text: str, **filters) -> list[str]:
    return names({"search": text, **filters})


@pytest.fixture
def directory(app):
    """A handful of companies whose names exercise case, ё, Kazakh letters and legal forms."""
    made = {}
    for name in [
        'ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"',
        'ТОО "ТРАНЗИТ ЕВРАЗИЯ"',
        'ИП ҚАЙРАТ',
        'АО "ЁЛКА ПЛЮС"',
        'ТОО "ORIENT LOGIST GROUP"',
        'ТОО "СТРОЙСЕРВИС"',
        'ТОО "СТРОЙ"',
        'ТОО "АЛМАТЫ СТРОЙ ТРАНЗИТ"',
    ]:
        made[name] = make_company(name=name)
    return made


def test_normalise_folds_case_yo_kazakh_letters_and_punctuation():
    assert normalise('ТОО «ЁЛКА-Плюс» (Қайрат)!') == "тоо елка плюс кайрат"
    assert normalise("Әлем Ғылым Ңң Өнер Ұлы Үй Һ Ізет") == "алем гылым нн онер улы уй х изет"
    assert normalise(None) == ""
    assert normalise("Товарищество с ограниченной ответственностью «Ромашка»") == "тоо ромашка"


def test_search_key_drops_legal_form_and_adds_other_names():
    assert search_key('ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"') == "евразия транзит сервис"
    assert search_key('ТОО "DELUXE TRADE COMPANY"', 'ТОО "DELUXE TRADE COMPANY"', "Deluxe Trade Group") == "deluxe trade company group"
    assert len(search_key("СЛОВО " * 200)) <= 500


def test_parse_query_splits_words_forms_and_bin():
    query = parse_query('ТОО "Евразия  транзит" 1204')
    assert query.terms == ("евразия", "транзит")
    assert query.forms == ("тоо",)
    assert query.bin_prefix == "1204"
    assert parse_query("ИП").forms_only
    assert parse_query("120440000001").exact_bin == "120440000001"
    assert parse_query("123").terms == ("123",)  # too short for a BIN: a word of a name
    assert not parse_query("!!! ...").is_searchable
    garbage = parse_query("ж" * 1000 + " " + "слово " * 50)
    assert len(garbage.text) == 200 and len(garbage.terms) <= 8 and all(len(t) <= 40 for t in garbage.terms)


def test_orm_insert_and_update_keep_the_search_key(app):
    company = make_company(name='ТОО "Ёжик"')
    assert company.company_name_search == "ежик"
    company.company_name = company.alternative_name = 'ТОО "ҚАЗАҚ ЖОЛ"'
    db.session.commit()
    assert company.company_name_search == "казак жол"
    assert found("қазақ") == ['ТОО "ҚАЗАҚ ЖОЛ"']
    assert found("ежик") == []


@pytest.mark.parametrize("text, expected", [
    ("евразия", 'ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"'),
    ("ЕВРАЗИЯ", 'ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"'),
    ("ЕвРаЗиЯ", 'ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"'),
    ("қайрат", "ИП ҚАЙРАТ"),
    ("ҚАЙРАТ", "ИП ҚАЙРАТ"),
    ("кайрат", "ИП ҚАЙРАТ"),
    ("елка", 'АО "ЁЛКА ПЛЮС"'),
    ("ёлка", 'АО "ЁЛКА ПЛЮС"'),
    ("orient", 'ТОО "ORIENT LOGIST GROUP"'),
    ("Orient Logist", 'ТОО "ORIENT LOGIST GROUP"'),
])
def test_case_yo_and_kazakh_letters(directory, text, expected):
    assert expected in found(text)


def test_words_in_any_order_and_prefixes(directory):
    assert found("транзит серв") == ['ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"']
    assert found("серв транзит евр") == ['ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"']
    assert set(found("евразия транзит")) == {'ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"', 'ТОО "ТРАНЗИТ ЕВРАЗИЯ"'}
    assert found("евразия логист") == []


def test_quotes_and_legal_forms_are_not_required(directory):
    assert found('ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"')[0] == 'ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"'
    assert found('ИП "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"')[0] == 'ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"'
    assert found("«евразия»")[:1] == ['ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"']


def test_only_a_legal_form_lists_companies_of_that_form(directory):
    assert found("ИП") == ["ИП ҚАЙРАТ"]
    assert found("ао") == ['АО "ЁЛКА ПЛЮС"']
    assert len(found("ТОО")) == 6
    assert set(found("ип ао")) == {"ИП ҚАЙРАТ", 'АО "ЁЛКА ПЛЮС"'}


def test_bin_full_and_partial(app):
    make_company(name='ТОО "ЦЕЛЬ"', bin="990440000013")
    make_company(name='ТОО "СОСЕД"', bin="990440000021")
    make_company(name='ТОО "ЧУЖОЙ"', bin="120440000005")
    assert found("990440000013") == ['ТОО "ЦЕЛЬ"']
    assert found("9904") == ['ТОО "ЦЕЛЬ"', 'ТОО "СОСЕД"']
    assert found(" 99044 ") == ['ТОО "ЦЕЛЬ"', 'ТОО "СОСЕД"']
    assert found("1204") == ['ТОО "ЧУЖОЙ"']


def test_ranking_exact_bin_then_exact_name_then_text(app):
    # «строй» is the name of one company, a word of another, a prefix of a third;
    # a fourth company's BIN is typed in full.
    longer = make_company(name='ТОО "АЛМАТЫ СТРОЙ ТРАНЗИТ СЕРВИС"')
    prefix = make_company(name='ТОО "СТРОЙСЕРВИС"')
    starts = make_company(name='ТОО "СТРОЙ ТРАНЗИТ"')
    exact = make_company(name='ТОО "СТРОЙ"')
    assert found("строй") == [exact.company_name, starts.company_name, longer.company_name, prefix.company_name]
    assert found("СТРОЙ")[0] == exact.company_name
    assert found(f"{prefix.bin}")[0] == prefix.company_name


def test_ties_are_broken_by_id(app):
    first = make_company(name='ТОО "ОДИНАКОВО"')
    second = make_company(name='ИП ОДИНАКОВО')
    third = make_company(name='АО "ОДИНАКОВО"')
    assert found("одинаково") == [first.company_name, second.company_name, third.company_name]


@pytest.mark.parametrize("text", ["а", "ев", "!!!", "\"\"", "'; DROP TABLE companies; --", "%_%", "*", "name:x", "a AND OR NOT", "ё" * 1000, "x" * 1000 + " " + "漢字" * 300, "\x00\t"])
def test_short_punctuation_and_garbage_queries_answer_quickly(directory, text):
    outcome = search_companies({"search": text}, FIRST)
    assert outcome.page.count >= 0
    assert len(outcome.page.items) <= 20


def test_one_or_two_letters_search_word_prefixes(directory):
    assert 'ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"' in found("ев")
    assert 'ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"' in found("е")


@pytest.mark.parametrize("text", ["тр", "сер", "С", "евр тр", "сер тран", "с е т"])
def test_short_word_prefixes_match_any_word_of_the_name(directory, text):
    # On PostgreSQL words of up to five letters use the stored prefix lexemes, longer ones :*.
    assert 'ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"' in found(text)


@pytest.mark.parametrize("text", ["тра сак", "ев ж", "серв евраз ии"])
def test_short_prefixes_still_require_every_word(directory, text):
    assert 'ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"' not in found(text)


def test_postgresql_query_uses_prefix_lexemes_for_short_words():
    from portal.directory.search import pg_tsquery

    assert pg_tsquery(("ст", "кайрат", "abc")) == "'ст^' & 'кайрат':* & 'abc^'"


def test_punctuation_only_finds_nothing_and_says_why(directory):
    outcome = search_companies({"search": "«—»"}, FIRST)
    assert outcome.page.count == 0 and outcome.notes


def test_blank_search_is_the_plain_list(directory):
    outcome = search_companies({"search": "   "}, FIRST)
    assert outcome.page.count == len(directory)


# Either side of a search with column filters can drive on SQLite: the index's matches when
# they are fewer than FTS_DRIVE_LIMIT, else the filter's companies. A limit of 1 forces the
# other path on these few companies. Rubric/section/type filters are words of the index.
BOTH_DRIVERS = pytest.mark.parametrize("fts_drive_limit", [5_000, 1], ids=["index drives", "filter drives"])


def _drivers(monkeypatch, fts_drive_limit):
    from portal.directory.search import sqlite

    monkeypatch.setattr(sqlite, "FTS_DRIVE_LIMIT", fts_drive_limit)


@BOTH_DRIVERS
def test_search_combines_with_filters(app, monkeypatch, fts_drive_limit):
    from portal.models import District, Locality

    _drivers(monkeypatch, fts_drive_limit)

    make_company(name='ТОО "СТРОЙ АЛМАТЫ"')  # in the factory's default locality
    locality = Locality(locality="Каскелен")
    district = District(district="Центр", locality=locality)
    db.session.add_all([locality, district])
    db.session.commit()
    there = make_company(name='ТОО "СТРОЙ КАСКЕЛЕН"', locality=locality, district=district)
    make_company(name='ТОО "МЕБЕЛЬ КАСКЕЛЕН"', locality=locality)
    assert found("строй", locality=locality.public_id) == [there.company_name]
    assert found("строй", district=district.public_id) == [there.company_name]
    assert found("строй", oked="52") == ['ТОО "СТРОЙ АЛМАТЫ"', there.company_name]
    assert found("строй", oked="46") == []
    assert found("тоо", locality=locality.public_id) == [there.company_name, 'ТОО "МЕБЕЛЬ КАСКЕЛЕН"']
    assert found(there.bin, locality=locality.public_id) == [there.company_name]


@BOTH_DRIVERS
def test_rubric_section_and_type_filters_with_search(app, monkeypatch, fts_drive_limit):
    from portal.models import CompanyType, Rubric, Section, SubSection

    _drivers(monkeypatch, fts_drive_limit)

    section = Section(section="Строительство")
    sub = SubSection(sub_section="Материалы", section=section)
    rubric = Rubric(rubric="Цемент", sub_section=sub)
    kind = CompanyType(type="завод")
    db.session.add_all([section, sub, rubric, kind])
    db.session.commit()
    inside = make_company(name='ТОО "ЦЕМЕНТ ТРАНЗИТ"', rubrics=[rubric], types=[kind])
    make_company(name='ТОО "ТРАНЗИТ ЛОГИСТИК"')
    for param, value in [("rubric", rubric), ("sub_section", sub), ("section", section), ("type", kind)]:
        assert found("транзит", **{param: value.public_id}) == [inside.company_name]
        assert found("", **{param: value.public_id}) == [inside.company_name]
        assert found("логистик", **{param: value.public_id}) == []


def test_many_matches_keep_exact_first_and_cap_the_count(app, monkeypatch):
    from portal.directory.search import ranking

    monkeypatch.setattr(ranking, "COUNT_CAP", 5)
    others = [make_company(name=f'ТОО "БАРЫС {n}"') for n in range(6)]
    exact = make_company(name='ТОО "БАРЫС"')
    outcome = search_companies({"search": "барыс"}, PageRequest(page=1, page_size=3))
    assert outcome.capped and not outcome.ranked and outcome.page.count == 5
    assert [c.company_name for c in outcome.page.items] == [exact.company_name, others[0].company_name, others[1].company_name]
    second = search_companies({"search": "барыс"}, PageRequest(page=2, page_size=3))
    assert [c.company_name for c in second.page.items] == [o.company_name for o in others[2:5]]
    assert COUNT_CAP == 1_000


def test_page_past_the_end_is_404(directory):
    from portal.web.errors import ApiError

    with pytest.raises(ApiError):
        search_companies({"search": "евразия"}, PageRequest(page=3, page_size=20))


def test_unknown_filter_is_a_400(directory):
    from portal.web.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        search_companies({"search": "евразия", "colour": "red"}, FIRST)
    with pytest.raises(ValidationFailed):
        search_companies({"search": "евразия", "oked": "4"}, FIRST)
