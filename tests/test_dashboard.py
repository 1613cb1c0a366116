"""The home page: landing for visitors, the company dashboard for staff, and its JSON twin."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from portal.extensions import db
from portal.models import ExchangeRate, NewsItem, SmartDocument, User
from portal.timeutil import now_utc
from tests import factories

JSON = {"Accept": "application/json"}


@pytest.fixture(autouse=True)
def browser_accept(client):
    """Requests without an Accept header of their own come from a browser in these tests
    (the portal answers JSON to a request that names no type)."""
    client.environ_base["HTTP_ACCEPT"] = "text/html,application/xhtml+xml"


def add_market_data() -> None:
    """Rates of one day and four news items, as the market fetcher stores them."""
    today = date(2026, 11, 26)
    for code, rate, change in (("USD", "512.34", "1.07"), ("EUR", "540.10", "-2.50"), ("RUB", "6.41", None), ("CNY", "71.20", "0")):
        db.session.add(ExchangeRate(
            source="nbk", currency=code, rate_date=today, rate=Decimal(rate),
            change=Decimal(change) if change else None, fetched_at=now_utc(),
        ))
    base = datetime(2026, 11, 26, 6, 0, tzinfo=timezone.utc)
    for i in range(4):
        db.session.add(NewsItem(
            link=f"https://kapital.kz/news/{i}", link_hash=f"{i:064d}", title=f"Новость номер {i}",
            source="kapital.kz", published=base + timedelta(hours=i),
        ))
    db.session.commit()


def add_document(company, counterparty, total: str = "11600.00") -> SmartDocument:
    """An invoice for payment of `company` to `counterparty`."""
    doc = SmartDocument(
        company_id=company.id, doc_type="ip", date=date(2026, 11, 25), counterparty_id=counterparty.id,
        nds_percent=16, total_sum=Decimal(total), nds_sum=Decimal("1600.00"), total_count=1, total_quantity=2,
    )
    db.session.add(doc)
    db.session.commit()
    return doc


def test_anonymous_sees_the_landing_page(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Зарегистрироваться" in html and "/auth/login/" in html and "/clients/sections/" in html
    body = client.get("/", headers=JSON).get_json()
    assert body["account"] is None and body["company"] is None and body["staff"] == []
    assert "Accept" in response.headers["Vary"]


def test_director_dashboard_html(client, login, director, worker):
    login("director@test.kz", "director-pass")
    html = client.get("/").get_data(as_text=True)
    company = director.company
    for text in (company.bin, "ИСАЕВА АСЕЛЬ ТОКТАРБЕКОВНА", "УЛИЦА ЗАКАРПАТСКАЯ, 51",
                 "Малые предприятия (6 - 10)", "Прочая транспортно-экспедиционная деятельность",
                 f"/clients/clients/{company.public_id}/", "Worker", "Работник"):
        assert text in html, text
    # Empty states while the market fetcher and smart documents have nothing stored.
    assert "Курсы ещё не загружены" in html
    assert "Новостей пока нет" in html
    assert "Документов пока нет" in html


def test_staff_lookup_leaves_the_companys_places_to_the_views_that_read_them(app, director):
    from sqlalchemy import event

    from portal.staffing.service import staff_of

    user_id = director.id
    db.session.expunge_all()  # nothing of the company already loaded in the session
    user = db.session.get(User, user_id)
    statements = []

    def remember(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        staff = staff_of(user)
        lookup = list(statements)
        krp = staff.company.krp.krp_name  # still there when read: one more query
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    assert len(lookup) == 1 and "companies" in lookup[0]
    assert not any(name in lookup[0] for name in ("krp_names", "regions", "localities", "districts"))
    assert krp == "Малые предприятия (6 - 10)" and len(statements) == 2


def test_dashboard_json_twin(client, login, director, worker):
    login("director@test.kz", "director-pass")
    body = client.get("/?format=json").get_json()
    assert body["account"]["email"] == "director@test.kz"
    assert body["user"] == {"user": director.public_id, "role": "Директор", "phone_number": None}
    assert body["company"]["bin"] == director.company.bin
    assert body["company_url"].endswith(f"/clients/clients/{director.company.public_id}/")
    assert [(m["email"], m["role"]) for m in body["staff"]] == [("director@test.kz", "Директор"), ("worker@test.kz", "Работник")]
    assert body["currencies"] is None and body["news"] == [] and body["documents"] == []
    assert body["pending_join_requests"] == 0


def test_rates_and_latest_three_news(client, login, director):
    add_market_data()
    login("director@test.kz", "director-pass")
    html = client.get("/").get_data(as_text=True)
    assert "512,34" in html and "540,10" in html and "trend--up" in html and "trend--down" in html
    assert "Новость номер 3" in html and "Новость номер 1" in html and "Новость номер 0" not in html
    body = client.get("/", headers=JSON).get_json()
    assert body["currencies"]["USD_sale"] == "512.34" and body["currencies"]["USD_difference"] == "1.07"
    assert [n["title"] for n in body["news"]] == ["Новость номер 3", "Новость номер 2", "Новость номер 1"]


def test_recent_documents_of_own_company_only(client, login, director, other_director):
    buyer = factories.make_company(name='ТОО "ПОКУПАТЕЛЬ"')
    doc = add_document(director.company, buyer)
    add_document(other_director.company, buyer, total="999.00")
    login("director@test.kz", "director-pass")
    html = client.get("/").get_data(as_text=True)
    assert "Счёт на оплату" in html and "ТОО &#34;ПОКУПАТЕЛЬ&#34;" in html and "11\u202f600,00" in html
    assert "999,00" not in html
    documents = client.get("/", headers=JSON).get_json()["documents"]
    assert [(d["id"], d["type"], d["total_sum"]) for d in documents] == [(doc.public_id, "ip", "11600.00")]
    assert documents[0]["url"].endswith(f"/smart_doc/invoices_for_payment/{doc.public_id}/")


def test_user_without_company_sees_next_steps(client, login, app):
    factories.make_user("free@test.kz", "free-pass-1")
    login("free@test.kz", "free-pass-1")
    html = client.get("/").get_data(as_text=True)
    assert "Следующий шаг" in html and 'action="/staff/claim/"' in html and "ссылку-приглашение" in html
    body = client.get("/", headers=JSON).get_json()
    assert body["account"]["email"] == "free@test.kz" and body["company"] is None and body["user"] is None


def test_layout_shows_user_company_and_nav(client, login, director):
    login("director@test.kz", "director-pass")
    html = client.get("/").get_data(as_text=True)
    assert "Director" in html and director.company.company_name.replace('"', "&#34;") in html
    assert 'href="/staff/"' in html and "Сменить пароль" in html and "Выйти" in html


def test_error_pages_share_the_layout(client, login, director):
    login("director@test.kz", "director-pass")
    missing = client.get("/no/such/page/")
    assert missing.status_code == 404
    html = missing.get_data(as_text=True)
    assert "Страница не найдена" in html and 'class="topbar"' in html
    assert client.get("/no/such/page/", headers=JSON).get_json() == {"detail": "Не найдено."}


def test_500_and_403_pages_share_the_layout(app, client, login, director, worker):
    def broken():
        raise RuntimeError("boom")

    app.add_url_rule("/test-broken/", "test_broken", broken)
    response = client.get("/test-broken/")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Ошибка сервера" in html and 'class="topbar"' in html and "boom" not in html
    assert client.get("/test-broken/", headers=JSON).get_json() == {"detail": "Внутренняя ошибка сервера. Мы уже разбираемся."}
    login("worker@test.kz", "worker-pass")
    forbidden = client.post(f"/staff/members/{director.public_id}/remove/")
    assert forbidden.status_code == 403
    assert "Доступ запрещён" in forbidden.get_data(as_text=True) and 'class="topbar"' in forbidden.get_data(as_text=True)
