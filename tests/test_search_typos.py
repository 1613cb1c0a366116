"""«Возможно, вы искали»: a typo still finds the company, ranked by similarity (SQLite and PostgreSQL)."""
import pytest
from sqlalchemy import text

from portal.directory.search import rebuild_index, search_companies, search_key
from portal.directory.search.corrections import corrections, similarity, slips, trigrams
from portal.directory.search.typos import CANDIDATES, name_similarity
from portal.extensions import db
from portal.models import Company
from portal.web.pagination import PageRequest
from tests.test_search import BOTH_DRIVERS, _drivers, make_company

FIRST = PageRequest(page=1, page_size=20)


def similar(text: str, **filters) -> list[str]:
    outcome = search_companies({"search": text, **filters}, FIRST, with_similar=True)
    return [c.company_name for c in outcome.similar]


@pytest.fixture
def directory(app):
    for name in ['ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"', 'ТОО "АЛМАТЫ СТРОЙ"', 'ТОО "СТРОЙСЕРВИС"', 'ИП ҚАЙРАТ',
                 'ТОО "ORIENT LOGIST GROUP"', 'ТОО "ЖЕТІСУ АГРО"', 'АО "КАЗАХТЕЛЕКОМ"']:
        make_company(name=name)


def test_trigrams_are_pg_trgm_s():
    assert trigrams("кот") == {"  к", " ко", "кот", "от "}
    assert similarity("строй", "строй") == 1.0
    assert similarity("транзт", "транзит") > similarity("транзт", "трактор")
    assert name_similarity(("евразя",), "евразия транзит сервис") > name_similarity(("евразя",), "алматы строй")


@pytest.mark.parametrize("typo, wanted", [
    ("стрй", 'ТОО "АЛМАТЫ СТРОЙ"'),               # a missing letter in a short word
    ("транзт", 'ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"'),    # a missing letter
    ("тарнзит", 'ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"'),   # two letters swapped
    ("евразия транзти", 'ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"'),  # one good word, one swapped
    ("казахтелеком", None),                           # found as typed: no suggestions needed
    ("кайрт", "ИП ҚАЙРАТ"),                         # Kazakh letter folded, one missing
    ("orient logst", 'ТОО "ORIENT LOGIST GROUP"'),
    ("казахтклеком", 'АО "КАЗАХТЕЛЕКОМ"'),           # a wrong letter
    ("ктройсервис", 'ТОО "СТРОЙСЕРВИС"'),            # a wrong first letter (no first-letter shortcut)
    ("евразия щщщщщ", 'ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"'),  # a word nothing is near is left out
])
def test_a_typo_still_finds_the_company(directory, typo, wanted):
    near = similar(typo)
    if wanted is None:
        assert near == []
    else:
        assert near and near[0] == wanted, near


def test_suggestions_are_ranked_by_similarity(directory):
    near = similar("стройсервс")
    assert near[0] == 'ТОО "СТРОЙСЕРВИС"'


def test_nothing_near_is_no_suggestion(directory):
    assert similar("щщщщщ") == []
    assert similar("12044") == []  # a BIN prefix is not a typo


def test_filters_still_apply_to_suggestions(app, directory):
    assert similar("стрй")
    assert similar("стрй", oked="99999") == []  # no company with that ОКЭД: nothing to suggest either


def test_the_api_answer_is_unchanged(client, directory, director, token_headers):
    headers = token_headers("director@test.kz", "director-pass")
    body = client.get("/clients/clients/?search=транзт", headers=headers).get_json()
    assert body["count"] == 0 and body["results"] == [] and "similar" not in body


def test_the_page_says_did_you_mean(client, directory, login, director):
    login("director@test.kz", "director-pass")
    html = client.get("/clients/clients/?search=транзт", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Возможно, вы искали:" in html and "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС" in html
    assert "Найдено: <strong>0" not in html and "Ничего не найдено" in html
    found = client.get("/clients/clients/?search=транзит", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Возможно, вы искали:" not in found


def vocabulary() -> dict[str, int]:
    """The search vocabulary as kept by the triggers (migration 0230_search_words)."""
    return dict(db.session.execute(text("SELECT word, companies FROM search_words")).all())


def recounted() -> dict[str, int]:
    """The vocabulary as it should be: each word of every company's key, once per company."""
    counts: dict[str, int] = {}
    for key in db.session.execute(db.select(Company.company_name_search)).scalars():
        for word in set((key or "").split()):
            counts[word] = counts.get(word, 0) + 1
    return counts


def test_the_vocabulary_follows_inserts_edits_and_deletes(directory):
    assert vocabulary() == recounted() and vocabulary()["строй"] == 1
    assert similar("пароходсто") == []
    added = make_company(name='ТОО "ПАРОХОДСТВО АЛМАТЫ"')  # imported after the index was built
    assert vocabulary()["пароходство"] == 1 and vocabulary()["алматы"] == 2
    assert similar("пароходсто") == ['ТОО "ПАРОХОДСТВО АЛМАТЫ"']
    added.company_name = added.alternative_name = 'ТОО "ЛЕДОКОЛ АЛМАТЫ"'
    db.session.commit()
    assert "пароходство" not in vocabulary() and vocabulary()["ледокол"] == 1
    assert similar("пароходсто") == [] and similar("ледкол") == ['ТОО "ЛЕДОКОЛ АЛМАТЫ"']
    db.session.delete(added)
    db.session.commit()
    assert "ледокол" not in vocabulary() and vocabulary() == recounted()
    assert similar("ледкол") == []


def test_a_bulk_insert_fills_the_vocabulary_as_well(app):
    """The demo loader and imports write plain multi-row INSERTs: the triggers see them too."""
    rows = [{"bin": f"9901{i:08d}", "public_id": f"bulk{i}", "company_name": f'ТОО "ТЕПЛОХОД {i}"',
             "company_name_search": search_key(f'ТОО "ТЕПЛОХОД {i}"'), "link_terms": ""} for i in range(3)]
    db.session.execute(db.insert(Company).values([{**row, "updated": db.func.now()} for row in rows]))
    db.session.commit()
    assert vocabulary()["теплоход"] == 3 and vocabulary() == recounted()
    assert [c.company_name for c in search_companies({"search": "теплхд"}, FIRST, with_similar=True).similar] == [
        'ТОО "ТЕПЛОХОД 0"', 'ТОО "ТЕПЛОХОД 1"', 'ТОО "ТЕПЛОХОД 2"']


def test_corrections_are_vocabulary_words_by_similarity(directory):
    near = corrections(("стройсервс", "щщщщщ", "строй"))
    assert near["стройсервс"][0] == "стройсервис"
    assert near["щщщщщ"] == []
    assert near["строй"][0] == "строй"  # a word companies have is its own best correction
    assert all(similarity("стройсервс", word) >= 0.3 for word in near["стройсервс"])


@BOTH_DRIVERS
def test_column_filters_still_find_suggestions_among_many(app, monkeypatch, fts_drive_limit):
    """More companies carry the corrected word than one lookup reads (CANDIDATES): a place
    filter must still reach the one in that place."""
    from portal.models import Locality

    _drivers(monkeypatch, fts_drive_limit)
    for i in range(CANDIDATES + 5):
        make_company(name=f'ТОО "ПАРОХОДСТВО {i}"')
    town = Locality(locality="Каскелен")
    db.session.add(town)
    db.session.commit()
    make_company(name='ТОО "ПАРОХОДСТВО КАСКЕЛЕН"', locality=town)
    assert similar("пароходсто", locality=town.public_id) == ['ТОО "ПАРОХОДСТВО КАСКЕЛЕН"']
    assert len(similar("пароходсто")) == 5


def test_rebuild_index_restores_the_vocabulary(directory):
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("DELETE FROM search_words"))  # its trigram rows follow (trigger)
        db.session.commit()
        assert vocabulary() == {} and similar("транзт") == []
    rebuild_index()
    db.session.commit()
    assert vocabulary() == recounted()
    assert similar("транзт") == ['ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"']


@pytest.fixture
def competing(app):
    """A vocabulary where rare words nearer by trigrams compete with the common words people mean:
    «стр» (СТР-76) shares more trigrams with «стрй» than «строй» does, «транс» is on more companies
    than «транзит»."""
    for i in range(4):
        make_company(name=f'ТОО "АЛМАТЫ СТРОЙ {i + 1}"')
        make_company(name=f'ТОО "ТРАНС ЛОГИСТИК {i + 1}"')
    for name in ['ТОО "СТР-76"', 'ТОО "ЕВРАЗИЯ ТРАНЗИТ"', 'ТОО "ЕВР ИНВЕСТ"', 'ТОО "ТАР ПАК"', 'ТОО "КЗ2024"']:
        make_company(name=name)


@pytest.mark.parametrize("typo, meant", [
    ("стрй", "строй"),        # the issue's: a missing letter; «стр» is more similar by trigrams, and rare
    ("стрйо", "строй"),       # two letters swapped
    ("стрпй", "строй"),       # a wrong letter
    ("транзт", "транзит"),    # one slip from «транзит», two from the commoner «транс»
    ("тарнзит", "транзит"),   # swapped: «тар» is as similar by trigrams
    ("евразя", "евразия"),    # a missing letter; «евр» is nearer in trigrams' eyes
])
def test_the_common_word_one_slip_away_is_the_first_correction(competing, typo, meant):
    assert corrections((typo,))[typo][0] == meant
    near = similar(typo)
    assert near and meant in search_key(near[0]).split(), near


def test_a_rare_word_never_outranks_the_meant_one_among_suggestions(competing):
    near = similar("стрй")
    assert 'ТОО "СТР-76"' not in near[:4], near  # four СТРОЙ companies first
    assert all("СТРОЙ" in name for name in near[:4])


def test_slips_count_typing_slips():
    assert slips("стрй", "строй") == slips("тарнзит", "транзит") == slips("стрпй", "строй") == 1
    assert slips("транзт", "транс") == 2 and slips("строй", "строй") == 0
    assert slips("а", "абвгд") == 3  # as far as counted


def test_digits_are_read_as_typed(competing):
    """A code or number is not corrected into another one, nor letters into a code."""
    assert corrections(("кз2025",))["кз2025"] == []  # «кз2024» is one slip away, but another code
    assert similar("кз2025") == []
    assert corrections(("кз2024",))["кз2024"] == ["кз2024"]
    assert corrections(("кзй2024",))["кзй2024"] == ["кз2024"]  # a slip among its letters is one
    assert all(not any(ch.isdigit() for ch in word) for word in corrections(("стрй",))["стрй"])
    assert similar("1976") == [] and similar("76") == []
