"""Each Clients path: a page for browsers, JSON for API clients, from the same data; `Vary`."""
import re

import pytest

from portal.extensions import db
from portal.models import Section
from tests.api_data import build_directory

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"}


@pytest.fixture
def directory(app):
    return build_directory()


@pytest.mark.parametrize("headers, query, is_json", [
    ({"Accept": "application/json"}, "", True),
    ({"Accept": "*/*"}, "", True),
    ({}, "", True),
    ({"Accept": "application/json, text/plain, */*"}, "", True),
    (BROWSER, "", False),
    ({"Accept": "text/html"}, "", False),
    ({"Accept": "text/html"}, "?format=json", True),
    ({"Accept": "application/json"}, "?format=html", False),
])
def test_negotiation_and_vary(client, directory, headers, query, is_json):
    response = client.get(f"/clients/sections/{query}", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == ("application/json" if is_json else "text/html")
    assert {"Accept", "HX-Request"} <= set(response.vary)


def test_html_and_json_show_the_same_rows(client, directory):
    body = client.get("/clients/rubrics/", headers={"Accept": "application/json"}).get_json()
    page = client.get("/clients/rubrics/", headers=BROWSER).get_data(as_text=True)
    linked = re.findall(r'href="/clients/rubrics/([0-9a-f]{8})/"', page)
    assert linked == [item["id"] for item in body["results"]]
    for item in body["results"]:
        assert item["rubric"] in page and item["sub_section"] in page


def test_list_page_has_russian_captions_links_and_filters(client, directory):
    services = directory.sections[0]
    page = client.get("/clients/sections/", headers=BROWSER).get_data(as_text=True)
    assert "<h1>Разделы</h1>" in page
    assert "<th scope=\"col\">Раздел</th>" in page and ">section<" not in page
    assert f'href="/clients/sub_sections/?section={services.public_id}"' in page
    # Every public list is one click away.
    for name in ("sub_sections", "rubrics", "regions", "localities", "districts", "types", "krp_names", "emails"):
        assert f'href="/clients/{name}/"' in page
    filtered = client.get(f"/clients/sub_sections/?section={services.public_id}", headers=BROWSER).get_data(as_text=True)
    assert "Отобрано по" in filtered and "Юридические услуги" in filtered and "Кондитерские изделия" not in filtered


def test_list_page_paginates(client, app):
    db.session.add_all([Section(section=f"Раздел {n:02d}") for n in range(45)])
    db.session.commit()
    page = client.get("/clients/sections/?page=2", headers=BROWSER).get_data(as_text=True)
    assert "Страница 2 из 3" in page
    assert 'href="http://localhost/clients/sections/?page=3"' in page
    assert 'href="http://localhost/clients/sections/"' in page  # page 1 has no page parameter
    assert "Раздел 20" in page and "Раздел 19" not in page


def test_detail_page_uses_captions_and_links(client, directory):
    company = directory.companies[0]
    email = company.emails[0]
    page = client.get(f"/clients/emails/{email.public_id}/", headers=BROWSER).get_data(as_text=True)
    for caption in ("Код", "Электронная почта", "БИН компании", "Компания", "Наименование"):
        assert f"<dt>{caption}</dt>" in page, caption
    assert f'href="/clients/clients/{company.public_id}/"' in page
    assert email.email in page and company.bin in page


def test_email_page_links_to_the_company(client, directory):
    page = client.get("/clients/emails/", headers=BROWSER).get_data(as_text=True)
    assert f'href="/clients/clients/{directory.companies[0].public_id}/"' in page
    assert "<th scope=\"col\">Электронная почта</th>" in page


def test_staff_and_user_company_pages(client, director, worker, login):
    login("director@test.kz", "director-pass")
    page = client.get("/clients/staff/", headers=BROWSER).get_data(as_text=True)
    assert "worker@test.kz" in page and "Работник" in page and "<th scope=\"col\">Должность</th>" in page
    page = client.get("/clients/get_user_company/", headers=BROWSER).get_data(as_text=True)
    assert "<dt>БИН</dt>" in page and director.company.bin in page and "Директор" in page


def test_error_pages_for_browsers(client, directory):
    response = client.get("/clients/sections/?page=abc", headers=BROWSER)
    assert response.status_code == 400 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<code>page</code>" in page and "Ожидается целое положительное число." in page
    response = client.get("/clients/sections/0badc0de/", headers=BROWSER)
    assert response.status_code == 404 and "Страница не найдена" in response.get_data(as_text=True)
