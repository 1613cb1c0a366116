"""Claiming a company by BIN; join requests approved or declined by the director."""
import threading

import pytest

from portal.extensions import db
from portal.models import CompanyClaim, JoinRequest, Staff, User
from tests import factories

JSON = {"Accept": "application/json"}
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def browser_accept(client):
    """Requests without an Accept header of their own come from a browser in these tests
    (the portal answers JSON to a request that names no type)."""
    client.environ_base["HTTP_ACCEPT"] = "text/html,application/xhtml+xml"


def position(email: str) -> Staff | None:
    """The current position of the account with this e-mail, if any."""
    db.session.expire_all()
    user = db.session.query(User).filter_by(email=email).one()
    return db.session.query(Staff).filter_by(user_id=user.id).one_or_none()


@pytest.fixture
def free_user(app):
    """A registered user who belongs to no company yet."""
    return factories.make_user("free@test.kz", "free-pass-1", full_name="Свободный Человек")


def test_first_claimant_becomes_director(client, login, company, free_user):
    login("free@test.kz", "free-pass-1")
    response = client.post("/staff/claim/", json={"bin": company.bin}, headers=JSON)
    assert response.status_code == 201
    body = response.get_json()
    assert body["outcome"] == "director" and body["staff"]["role"] == "Директор"
    assert position("free@test.kz").company_id == company.id
    assert db.session.query(CompanyClaim).filter_by(company_id=company.id).count() == 1


def test_claim_form_redirects_to_dashboard(client, login, company, free_user):
    login("free@test.kz", "free-pass-1")
    response = client.post("/staff/claim/", data={"bin": " ".join([company.bin[:4], company.bin[4:]])})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Вы — директор компании" in page


@pytest.mark.parametrize("typed, message", [
    ("", "Введите БИН компании."),
    ("12345", "БИН состоит из 12 цифр."),
    ("12044002539Х", "БИН состоит из 12 цифр."),
    ("120440025391", "не сходится контрольная цифра"),
    ("940140000385", "нет в справочнике"),
])
def test_bad_bins_are_explained_beside_the_field(client, login, company, free_user, typed, message):
    login("free@test.kz", "free-pass-1")
    response = client.post("/staff/claim/", data={"bin": typed, "message": "Здравствуйте"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and "field--error" in html
    assert "Здравствуйте" in html  # what was typed stays
    api = client.post("/staff/claim/", json={"bin": typed}, headers=JSON)
    assert api.status_code == 400 and message in " ".join(api.get_json()["bin"])
    assert position("free@test.kz") is None


def test_later_claimant_asks_to_join_and_director_approves(client, login, company, director, free_user):
    login("free@test.kz", "free-pass-1")
    response = client.post("/staff/claim/", json={"bin": company.bin, "message": "Я бухгалтер"}, headers=JSON)
    assert response.status_code == 201
    body = response.get_json()
    assert body["outcome"] == "requested" and body["join_request"]["status"] == "pending"
    again = client.post("/staff/claim/", json={"bin": company.bin}, headers=JSON).get_json()
    assert again["join_request"]["id"] == body["join_request"]["id"]  # no duplicate request
    mine = client.get("/staff/claim/", headers=JSON).get_json()["join_requests"]
    assert [r["status"] for r in mine] == ["pending"]
    client.post("/auth/logout/")

    login("director@test.kz", "director-pass")
    listed = client.get("/staff/", headers=JSON).get_json()["join_requests"]
    assert [(r["email"], r["message"]) for r in listed] == [("free@test.kz", "Я бухгалтер")]
    assert "Я бухгалтер" in client.get("/staff/").get_data(as_text=True)
    dashboard = client.get("/").get_data(as_text=True)
    assert "Заявок на вступление в компанию: 1" in dashboard
    approved = client.post(f"/staff/requests/{listed[0]['id']}/approve/", headers=HTMX)
    assert approved.status_code == 200
    panel = approved.get_data(as_text=True)
    assert "принят(а) в компанию" in panel and "free@test.kz" in panel
    assert position("free@test.kz").role == "Работник"
    assert client.post(f"/staff/requests/{listed[0]['id']}/decline/", headers=JSON).status_code == 409


def test_director_declines(client, login, company, director, free_user):
    login("free@test.kz", "free-pass-1")
    request_id = client.post("/staff/claim/", json={"bin": company.bin}, headers=JSON).get_json()["join_request"]["id"]
    client.post("/auth/logout/")
    login("director@test.kz", "director-pass")
    response = client.post(f"/staff/requests/{request_id}/decline/")
    assert response.status_code == 302
    assert position("free@test.kz") is None
    assert db.session.query(JoinRequest).one().status == "declined"
    client.post("/auth/logout/")
    login("free@test.kz", "free-pass-1")
    assert "Отклонена" in client.get("/staff/claim/").get_data(as_text=True)


def test_applicant_cancels_own_request(client, login, company, director, free_user):
    login("free@test.kz", "free-pass-1")
    request_id = client.post("/staff/claim/", json={"bin": company.bin}, headers=JSON).get_json()["join_request"]["id"]
    response = client.post(f"/staff/claim/requests/{request_id}/cancel/", headers=JSON)
    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"


def test_only_own_director_decides(client, login, company, director, worker, other_director, free_user):
    login("free@test.kz", "free-pass-1")
    request_id = client.post("/staff/claim/", json={"bin": company.bin}, headers=JSON).get_json()["join_request"]["id"]
    client.post("/auth/logout/")
    login("worker@test.kz", "worker-pass")
    assert client.post(f"/staff/requests/{request_id}/approve/", headers=JSON).status_code == 403
    assert client.get("/staff/", headers=JSON).get_json()["join_requests"] == []
    client.post("/auth/logout/")
    login("other@test.kz", "other-pass")
    assert client.post(f"/staff/requests/{request_id}/approve/", headers=JSON).status_code == 404
    assert client.post(f"/staff/requests/{request_id}/approve/").status_code == 404
    client.post("/auth/logout/")
    assert client.post(f"/staff/requests/{request_id}/approve/", headers=JSON).status_code == 401
    assert position("free@test.kz") is None


def test_member_of_a_company_cannot_claim_another(client, login, director, other_director):
    login("director@test.kz", "director-pass")
    other_bin = position("other@test.kz").company.bin
    response = client.post("/staff/claim/", json={"bin": other_bin}, headers=JSON)
    assert response.status_code == 400
    assert "только в одной компании" in response.get_json()["bin"][0]
    assert db.session.query(JoinRequest).count() == 0


def test_approving_someone_who_joined_elsewhere_closes_the_request(client, login, company, director, free_user):
    login("free@test.kz", "free-pass-1")
    request_id = client.post("/staff/claim/", json={"bin": company.bin}, headers=JSON).get_json()["join_request"]["id"]
    elsewhere = factories.make_company(name='ТОО "ГДЕ-ТО ЕЩЁ"')
    db.session.add(Staff(user_id=free_user.id, company_id=elsewhere.id, role="Работник"))
    db.session.commit()
    client.post("/auth/logout/")
    login("director@test.kz", "director-pass")
    response = client.post(f"/staff/requests/{request_id}/approve/", headers=JSON)
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.query(JoinRequest).one().status == "cancelled"
    assert position("free@test.kz").company_id == elsewhere.id


def test_two_claims_at_once_seat_one_director(app, company):
    """Two people claim the same company at the same moment: one director, one request."""
    from portal.staffing import claims

    ids = [factories.make_user(f"claimer{i}@test.kz", "claim-pass-1").id for i in range(2)]
    bin_value = company.bin
    barrier = threading.Barrier(2)
    outcomes: list = []

    def claim(user_id: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                outcomes.append(claims.claim_company(db.session.get(User, user_id), bin_value).outcome)
            except Exception as exc:  # noqa: BLE001  (reported and asserted below)
                outcomes.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=claim, args=(uid,)) for uid in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["director", "requested"]
    db.session.expire_all()
    assert db.session.query(Staff).filter_by(company_id=company.id, role="Директор").count() == 1
    assert db.session.query(JoinRequest).filter_by(company_id=company.id, status="pending").count() == 1


def test_claim_page_html_and_json(client, login, free_user):
    login("free@test.kz", "free-pass-1")
    page = client.get("/staff/claim/")
    assert page.status_code == 200 and "Привязать аккаунт по БИН" in page.get_data(as_text=True)
    assert client.get("/staff/claim/", headers=JSON).get_json() == {"company": None, "join_requests": []}
    assert client.get("/staff/claim/", headers={"Accept": "text/html"}).mimetype == "text/html"
