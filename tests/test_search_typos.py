"""«Возможно, вы искали»: a typo still finds the company, ranked by similarity (SQLite and PostgreSQL)."""
import pytest

from portal.directory.search import search_companies
from portal.directory.search.typos import name_similarity, similarity, trigrams
from portal.web.pagination import PageRequest
from tests.test_search import make_company

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
