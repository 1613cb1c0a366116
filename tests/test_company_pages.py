"""The search page, the company card and the public directory: HTML, htmx fragments and JSON twins."""
from datetime import date, datetime, timezone

import pytest

from portal.directory.card import company_age
from portal.extensions import db
from portal.models import CompanyType, District, Email, Locality, PhoneNumber, Rubric, Section, SubSection
from tests.test_search import make_company

HTMX = {"HX-Request": "true", "Accept": "text/html"}
HTML = {"Accept": "text/html"}


@pytest.fixture
def app_config():
    """Directory counts are cached in production; tests want every change visible at once."""
    return {"DIRECTORY_CACHE_SECONDS": 0}


@pytest.fixture
def tree(app):
    """Two sections with sub-sections and rubrics; a locality with two districts."""
    build = Section(section="Строительство")
    food = Section(section="Продукты")
    materials = SubSection(sub_section="Материалы", section=build)
    sweets = SubSection(sub_section="Кондитерские изделия", section=food)
    cement = Rubric(rubric="Цемент", sub_section=materials)
    brick = Rubric(rubric="Кирпич", sub_section=materials)
    cakes = Rubric(rubric="Торты", sub_section=sweets)
    kaskelen = Locality(locality="Каскелен")
    centre = District(district="Центр", locality=kaskelen)
    db.session.add_all([build, food, materials, sweets, cement, brick, cakes, kaskelen, centre])
    db.session.commit()
    return {"build": build, "food": food, "materials": materials, "sweets": sweets, "cement": cement,
            "brick": brick, "cakes": cakes, "kaskelen": kaskelen, "centre": centre}


@pytest.fixture
def companies(company, tree):
    """The logged-in director's company plus searchable neighbours."""
    cement = make_company('ТОО "ЦЕМЕНТ ТРАНЗИТ"', rubrics=[tree["cement"], tree["brick"]])
    cakes = make_company('ИП ТОРТЫ ҚАЙРАТ', rubrics=[tree["cakes"]])
    return {"cement": cement, "cakes": cakes}


def test_anonymous_people_are_sent_to_login_and_api_clients_get_401(client, companies):
    response = client.get("/clients/clients/?search=цемент", headers=HTML)
    assert response.status_code == 302 and "/auth/login/" in response.headers["Location"]
    assert client.get("/clients/clients/?search=цемент", headers={"Accept": "application/json"}).status_code == 401
    assert client.get(f"/clients/clients/{companies['cement'].public_id}/").status_code == 401


def test_search_page_full_html(client, director, login, companies):
    login("director@test.kz", "director-pass")
    response = client.get("/clients/clients/?search=цемент", headers=HTML)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" in body and 'id="search-form"' in body and 'id="results"' in body
    assert "ЦЕМЕНТ ТРАНЗИТ" in body and "ТОРТЫ" not in body
    assert 'value="цемент"' in body
    assert "Найдено: <strong>1</strong> компания" in body
    assert {"Accept", "HX-Request"} <= set(response.vary)
    assert 'hx-push-url="true"' in body and "keyup" not in body  # `input` also catches paste


def test_plain_list_says_whether_it_is_the_whole_directory_or_a_filtered_part(client, director, login, companies):
    login("director@test.kz", "director-pass")
    whole = client.get("/clients/clients/", headers=HTMX).get_data(as_text=True)
    assert "компаний в справочнике" in whole or "компании в справочнике" in whole
    krp = companies["cement"].krp_code
    part = client.get(f"/clients/clients/?krp={krp}", headers=HTMX).get_data(as_text=True)
    assert "в справочнике" not in part and "Найдено: <strong>" in part


def test_htmx_request_gets_the_results_fragment_alone(client, director, login, companies):
    login("director@test.kz", "director-pass")
    response = client.get("/clients/clients/?search=кайрат&section=", headers=HTMX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in body and 'id="search-form"' not in body
    assert "ИП ТОРТЫ ҚАЙРАТ" in body
    assert response.headers["HX-Push-Url"] == "/clients/clients/?search=%D0%BA%D0%B0%D0%B9%D1%80%D0%B0%D1%82"
    assert {"Accept", "HX-Request"} <= set(response.vary)
    # A boosted request or a history restore is a full page.
    restore = client.get("/clients/clients/?search=кайрат", headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert "<html" in restore.get_data(as_text=True)


def test_json_twin_is_the_seed_envelope(client, director, token_headers, companies):
    headers = token_headers("director@test.kz", "director-pass")
    data = client.get("/clients/clients/?search=ЦЕМЕНТ транзит", headers=headers).get_json()
    assert data["count"] == 1 and data["next"] is None and data["previous"] is None
    item = data["results"][0]
    assert item["id"] == companies["cement"].public_id
    assert item["company_name"] == 'ТОО "ЦЕМЕНТ ТРАНЗИТ"' and item["company_name_search"] == "цемент транзит"
    assert list(item)[:4] == ["id", "director", "bin", "company_name"]
    same = client.get("/clients/clients/?search=цемент&format=json", headers={"Authorization": headers["Authorization"]})
    assert same.get_json()["results"][0]["id"] == item["id"]


def test_json_search_with_filters_and_pagination(client, director, token_headers, companies, tree):
    headers = token_headers("director@test.kz", "director-pass")
    for n in range(3):
        make_company(f'ТОО "ЦЕМЕНТ {n}"', rubrics=[tree["cement"]])
    page = client.get(f"/clients/clients/?search=цемент&rubric={tree['cement'].public_id}&page_size=2", headers=headers).get_json()
    assert page["count"] == 4 and page["next"].endswith("page=2") and page["next"].startswith("http://")
    last = client.get(page["next"], headers=headers).get_json()
    assert len(last["results"]) == 2 and last["next"] is None
    assert client.get("/clients/clients/?search=цемент&page=9", headers=headers).status_code == 404
    bad = client.get("/clients/clients/?search=цемент&oked=4", headers=headers)
    assert bad.status_code == 400 and "oked" in bad.get_json()
    wrong_parent = f"/clients/clients/?search=цемент&section={tree['food'].public_id}&sub_section={tree['materials'].public_id}"
    assert client.get(wrong_parent, headers=headers).get_json()["count"] == 0  # the API applies what it is given


def test_html_drops_a_child_filter_of_another_parent(client, director, login, companies, tree):
    login("director@test.kz", "director-pass")
    url = f"/clients/clients/?search=цемент&section={tree['food'].public_id}&sub_section={tree['materials'].public_id}&rubric={tree['cement'].public_id}"
    response = client.get(url, headers=HTMX)
    assert response.headers["HX-Push-Url"] == f"/clients/clients/?search=%D1%86%D0%B5%D0%BC%D0%B5%D0%BD%D1%82&section={tree['food'].public_id}"
    assert "Ничего не найдено" in response.get_data(as_text=True)


def test_html_filter_errors_are_shown_beside_the_field(client, director, login, companies):
    login("director@test.kz", "director-pass")
    page = client.get("/clients/clients/?search=цемент&oked=4x", headers=HTML)
    body = page.get_data(as_text=True)
    assert page.status_code == 400 and 'value="4x"' in body and "field--error" in body and "Ожидается" in body
    fragment = client.get("/clients/clients/?search=цемент&oked=4x", headers=HTMX)
    assert fragment.status_code == 400 and "ОКЭД: Ожидается" in fragment.get_data(as_text=True)


def test_a_q_link_opens_the_search_and_unknown_parameters_are_left_out(client, director, login, companies):
    """People follow links of other sites (`?q=`, tracking parameters): the page searches."""
    login("director@test.kz", "director-pass")
    page = client.get("/clients/clients/?q=цемент&utm_source=mail&fbclid=x1", headers=HTML)
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "Неизвестный параметр" not in body
    assert "ЦЕМЕНТ ТРАНЗИТ" in body and "ТОРТЫ" not in body and 'value="цемент"' in body
    fragment = client.get("/clients/clients/?q=цемент&colour=red", headers=HTMX)
    assert fragment.status_code == 200 and "ЦЕМЕНТ ТРАНЗИТ" in fragment.get_data(as_text=True)
    assert fragment.headers["HX-Push-Url"] == "/clients/clients/?search=%D1%86%D0%B5%D0%BC%D0%B5%D0%BD%D1%82"
    # The form's own field wins over a link's `q`.
    both = client.get("/clients/clients/?search=кайрат&q=цемент", headers=HTMX).get_data(as_text=True)
    assert "ҚАЙРАТ" in both and "ЦЕМЕНТ" not in both


def test_other_directory_pages_leave_unknown_parameters_out(client, director, login, token_headers, tree):
    login("director@test.kz", "director-pass")
    for path in ("/clients/sections/", "/clients/staff/"):
        page = client.get(f"{path}?utm_source=mail", headers=HTML)
        assert page.status_code == 200 and "Неизвестный параметр" not in page.get_data(as_text=True), path
        assert client.get(f"{path}?utm_source=mail", headers=token_headers("director@test.kz", "director-pass")).status_code == 400
    rubrics = client.get(f"/clients/rubrics/?sub_section={tree['materials'].public_id}&fbclid=x", headers=HTML)
    assert rubrics.status_code == 200 and tree["cakes"].rubric not in rubrics.get_data(as_text=True)


def test_json_takes_q_as_search_and_stays_strict(client, director, token_headers, companies):
    headers = token_headers("director@test.kz", "director-pass")
    aliased = client.get("/clients/clients/?q=цемент", headers=headers)
    assert aliased.status_code == 200
    assert [c["id"] for c in aliased.get_json()["results"]] == [companies["cement"].public_id]
    unknown = client.get("/clients/clients/?q=цемент&colour=red", headers=headers)
    assert unknown.status_code == 400 and "Неизвестный параметр" in unknown.get_json()["colour"][0]
    both = client.get("/clients/clients/?search=кайрат&q=цемент", headers=headers).get_json()
    assert [c["id"] for c in both["results"]] == [companies["cakes"].public_id]  # `search` wins, as on the page
    synced = client.get("/clients/clients/?q=цемент&ordering=updated", headers=headers)
    assert synced.status_code == 400 and "search" in synced.get_json()


def test_empty_state_says_what_to_try(client, director, login, companies):
    login("director@test.kz", "director-pass")
    body = client.get("/clients/clients/?search=несуществующее", headers=HTMX).get_data(as_text=True)
    assert "Ничего не найдено по запросу «несуществующее»" in body and "первых 4 цифр" in body
    nothing = client.get("/clients/clients/?search=%21%21%21", headers=HTMX).get_data(as_text=True)
    assert "нет ни букв, ни цифр" in nothing


def test_rubric_from_the_directory_preselects_its_parents(client, director, login, companies, tree):
    login("director@test.kz", "director-pass")
    body = client.get(f"/clients/clients/?rubric={tree['cakes'].public_id}", headers=HTML).get_data(as_text=True)
    assert f'<option value="{tree["food"].public_id}" selected>' in body
    assert f'<option value="{tree["sweets"].public_id}" selected>' in body
    assert f'<option value="{tree["cakes"].public_id}" selected>' in body
    assert "ИП ТОРТЫ ҚАЙРАТ" in body and "ЦЕМЕНТ" not in body


def test_pagination_links_work_with_and_without_htmx(client, director, login, tree):
    login("director@test.kz", "director-pass")
    for n in range(3):
        make_company(f'ТОО "КИРПИЧ {n}"')
    body = client.get("/clients/clients/?search=кирпич&page_size=2", headers=HTMX).get_data(as_text=True)
    assert 'href="/clients/clients/?search=%D0%BA%D0%B8%D1%80%D0%BF%D0%B8%D1%87&amp;page=2&amp;page_size=2"' in body
    assert 'hx-get="/clients/clients/?search=%D0%BA%D0%B8%D1%80%D0%BF%D0%B8%D1%87&amp;page=2&amp;page_size=2"' in body
    second = client.get("/clients/clients/?search=кирпич&page=2&page_size=2", headers=HTML).get_data(as_text=True)
    assert "<html" in second and 'КИРПИЧ 2' in second and "Страница 2 из 2" in second


def test_filter_options_fragments_cascade(client, tree):
    subs = client.get(f"/clients/filters/sub_sections/?section={tree['build'].public_id}", headers=HTMX).get_data(as_text=True)
    assert subs.strip().startswith('<option value="">Все</option>') and "Материалы" in subs and "Кондитерские" not in subs
    rubrics = client.get(f"/clients/filters/rubrics/?sub_section={tree['materials'].public_id}", headers=HTMX).get_data(as_text=True)
    assert "Кирпич" in rubrics and "Цемент" in rubrics and "Торты" not in rubrics
    stale = client.get(
        f"/clients/filters/rubrics/?section={tree['food'].public_id}&sub_section={tree['materials'].public_id}", headers=HTMX,
    ).get_data(as_text=True)
    assert stale.strip() == '<option value="">Все</option>'
    districts = client.get(f"/clients/filters/districts/?locality={tree['kaskelen'].public_id}", headers=HTMX).get_data(as_text=True)
    assert "Центр" in districts
    assert client.get("/clients/filters/users/").status_code == 404
    assert client.get("/clients/filters/districts/?locality=zz").get_data(as_text=True).strip() == '<option value="">Все</option>'


def test_type_options_follow_the_rubric_and_a_stale_type_is_dropped(client, director, login, tree):
    plant, shop, bakery = CompanyType(type="завод"), CompanyType(type="магазин"), CompanyType(type="пекарня")
    db.session.add_all([plant, shop, bakery])
    db.session.commit()
    make_company('ТОО "ЦЕМЕНТ ЗАВОД"', rubrics=[tree["cement"]], types=[plant])
    make_company('ТОО "ЦЕМЕНТ МАГАЗИН"', rubrics=[tree["cement"]], types=[shop])
    make_company('ИП ТОРТЫ', rubrics=[tree["cakes"]], types=[bakery])
    options = client.get(f"/clients/filters/types/?rubric={tree['cement'].public_id}", headers=HTMX).get_data(as_text=True)
    assert "завод" in options and "магазин" in options and "пекарня" not in options
    stale = client.get(f"/clients/filters/types/?rubric={tree['cement'].public_id}&sub_section={tree['sweets'].public_id}",
                       headers=HTMX).get_data(as_text=True)
    assert stale.strip() == '<option value="">Все</option>'
    login("director@test.kz", "director-pass")
    page = client.get(f"/clients/clients/?rubric={tree['cement'].public_id}&type={plant.public_id}", headers=HTML)
    body = page.get_data(as_text=True)
    assert f'<option value="{plant.public_id}" selected>завод</option>' in body
    assert "ЦЕМЕНТ ЗАВОД" in body and "ЦЕМЕНТ МАГАЗИН" not in body
    # A type chosen under another rubric goes when the rubric changes; one chosen alone stays shown.
    moved = client.get(f"/clients/clients/?rubric={tree['cakes'].public_id}&type={plant.public_id}", headers=HTML)
    assert "ИП ТОРТЫ" in moved.get_data(as_text=True)
    alone = client.get(f"/clients/clients/?type={bakery.public_id}", headers=HTML).get_data(as_text=True)
    assert f'<option value="{bakery.public_id}" selected>пекарня</option>' in alone and "ИП ТОРТЫ" in alone


def test_company_card_shows_every_field_with_labels(client, director, login, tree):
    login("director@test.kz", "director-pass")
    kind = CompanyType(type="таможенный брокер")
    db.session.add(kind)
    company = make_company(
        'ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"', company_name_ex="Евразия Транзит Сервис", oked="52299",
        description="Прочая транспортно-экспедиционная деятельность", secondary_oked="46690, 49410",
        locality=tree["kaskelen"], district=tree["centre"], web_site_ex="dtc.kz", instagram_ex="https://instagram.com/eurasia",
        address_ex="Ахметова, 51Б", index_ex="050039", comment_to_adress_ex="4 этаж, 777 офис", subway_or_bus_ex="Ахметова (конечная)",
        registration_date=datetime(2012, 4, 28, tzinfo=timezone.utc), rubrics=[tree["cement"]], types=[kind],
    )
    db.session.add_all([PhoneNumber(phone_number="+7(727)382-15-31", company=company), Email(email="info@eurasia.kz", company=company)])
    db.session.commit()
    response = client.get(f"/clients/clients/{company.public_id}/", headers=HTML)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    for text in ["Регистрационные данные", "БИН", company.bin, "ИСАЕВА АСЕЛЬ ТОКТАРБЕКОВНА", "28.04.2012", "14 лет",
                 "52299", "Прочая транспортно-экспедиционная деятельность", "46690, 49410", "Малые предприятия (6 - 10)",
                 "Каскелен", "Центр", "Алматинская область", "+7(727)382-15-31", "mailto:info@eurasia.kz", "https://dtc.kz",
                 "Instagram", "Ахметова, 51Б", "индекс 050039", "4 этаж, 777 офис", "Ахметова (конечная)",
                 "Строительство › Материалы ›", "Цемент", "таможенный брокер", "Выставить документ"]:
        assert text in body, text
    assert f"/smart_doc/invoices_for_payment/new/?buyer={company.public_id}" in body
    data = client.get(f"/clients/clients/{company.public_id}/", headers={"Accept": "application/json"}).get_json()
    assert data["id"] == company.public_id and data["locality_ex"] == tree["kaskelen"].public_id and data["krp_name"]
    assert client.get("/clients/clients/ffffffff/", headers=HTML).status_code == 404
    assert client.get("/clients/clients/not-an-id/", headers={"Accept": "application/json"}).get_json() == {"detail": "Не найдено."}


@pytest.mark.parametrize("registered, today, expected", [
    (date(2012, 4, 28), date(2026, 11, 26), "14 лет"),
    (date(2025, 11, 26), date(2026, 11, 26), "1 год"),
    (date(2024, 11, 27), date(2026, 11, 26), "1 год"),
    (date(2004, 1, 1), date(2026, 11, 26), "22 года"),
    (date(2015, 1, 1), date(2026, 11, 26), "11 лет"),
    (date(2026, 4, 30), date(2026, 11, 26), "6 месяцев"),
    (date(2026, 11, 20), date(2026, 11, 26), "меньше месяца"),
    (date(2027, 1, 1), date(2026, 11, 26), None),
    (None, date(2026, 11, 26), None),
])
def test_company_age_in_words(registered, today, expected):
    assert company_age(registered, today) == expected


def test_public_directory_for_anyone_with_counts(client, companies, tree):
    make_company('ТОО "ЕЩЁ ЦЕМЕНТ"', rubrics=[tree["cement"]])
    response = client.get("/clients/directory/", headers=HTML)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Справочник компаний" in body
    assert "Строительство" in body and "Кондитерские изделия" in body and "Торты" in body
    assert f'href="/clients/clients/?rubric={tree["cakes"].public_id}"' in body
    assert "после <a" in body  # anonymous visitors are told companies open after login
    data = client.get("/clients/directory/", headers={"Accept": "application/json"}).get_json()
    build = next(s for s in data["results"] if s["section"] == "Строительство")
    materials = build["sub_sections"][0]
    # ЦЕМЕНТ ТРАНЗИТ is in two rubrics of «Материалы» and counts once there.
    assert build["companies"] == 2 and materials["companies"] == 2
    assert {r["rubric"]: r["companies"] for r in materials["rubrics"]} == {"Кирпич": 1, "Цемент": 2}
    assert response.headers["Cache-Control"] == "private, max-age=60"


def test_directory_follows_the_rubric_to_login_then_search(client, director, login, companies, tree):
    target = f"/clients/clients/?rubric={tree['cement'].public_id}"
    assert "/auth/login/" in client.get(target, headers=HTML).headers["Location"]
    login("director@test.kz", "director-pass")
    assert "ЦЕМЕНТ ТРАНЗИТ" in client.get(target, headers=HTML).get_data(as_text=True)


def test_nav_links_to_the_directory_page(client):
    assert 'href="/clients/directory/"' in client.get("/clients/directory/", headers=HTML).get_data(as_text=True)


def test_results_show_contacts_with_a_fixed_number_of_queries(app, client, director, login, companies):
    """Phones and e-mails come from one query each, however many companies the page shows."""
    from sqlalchemy import event

    login("director@test.kz", "director-pass")
    db.session.add_all([PhoneNumber(phone_number="+7(727)382-15-31", company=companies["cement"]),
                        Email(email="sales@cement.kz", company=companies["cement"])])
    db.session.commit()
    statements = []

    def count(*_):
        statements.append(1)

    def queries_for(url: str) -> tuple[int, str]:
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            body = client.get(url, headers=HTMX).get_data(as_text=True)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements), body

    # Three matches at least: fewer also look for similar names («Возможно, вы искали»), a few
    # queries more that do not grow with the page either.
    for n in range(6, 8):
        make_company(f'ТОО "ЦЕМЕНТ {n}"')
    few, body = queries_for("/clients/clients/?search=цемент")
    assert "+7(727)382-15-31" in body and "sales@cement.kz" in body
    for n in range(6):
        company = make_company(f'ТОО "ЦЕМЕНТ {n}"')
        db.session.add(PhoneNumber(phone_number=f"+7(701)000-00-0{n}", company=company))
    db.session.commit()
    many, body = queries_for("/clients/clients/?search=цемент")
    assert "+7(701)000-00-05" in body and many == few
