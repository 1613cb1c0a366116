"""Claiming a company by BIN; join requests approved or declined by the director."""
import pytest

from portal.extensions import db
from portal.models import JoinRequest, Staff, User
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


def claim_id(client, bin_value: str, message: str = "") -> str:
    """Open a claim through the real endpoint; its id."""
    response = client.post("/staff/claim/", json={"bin": bin_value, "message": message}, headers=JSON)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["claim"]["id"]


def ask_director(client, bin_value: str, message: str = "") -> dict:
    """Claim a company and choose «approval by the director»: the join request."""
    response = client.post(f"/identity/claims/{claim_id(client, bin_value, message)}/director/", headers=JSON)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["join_request"]


def test_typing_a_bin_seats_nobody_as_director(client, login, company, free_user):
    """The hole of issue #16: a claim waits for a proof; the first claimant only gets a draft seat."""
    login("free@test.kz", "free-pass-1")
    response = client.post("/staff/claim/", json={"bin": company.bin}, headers=JSON)
    assert response.status_code == 201
    body = response.get_json()
    assert body["claim"]["status"] == "pending" and body["next"] == f"/identity/claims/{body['claim']['id']}/"
    seat = position("free@test.kz")
    assert seat.company_id == company.id and seat.role == "Работник"
    page = client.get(body["next"]).get_data(as_text=True)
    assert "Ожидает подтверждения" in page and "ЭЦП компании" in page


def test_claim_form_redirects_to_the_claim(client, login, company, free_user):
    login("free@test.kz", "free-pass-1")
    response = client.post("/staff/claim/", data={"bin": " ".join([company.bin[:4], company.bin[4:]])})
    assert response.status_code == 302 and response.headers["Location"].startswith("/identity/claims/")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ожидает подтверждения" in page


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
    first = claim_id(client, company.bin, "Я бухгалтер")
    assert claim_id(client, company.bin) == first  # no duplicate claim
    assert position("free@test.kz") is None  # the company has staff: no draft seat
    response = client.post(f"/identity/claims/{first}/director/", headers=JSON)
    assert response.status_code == 200
    body = response.get_json()
    assert body["outcome"] == "requested" and body["join_request"]["status"] == "pending"
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
    request_id = ask_director(client, company.bin)["id"]
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
    request_id = ask_director(client, company.bin)["id"]
    response = client.post(f"/staff/claim/requests/{request_id}/cancel/", headers=JSON)
    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"


def test_only_own_director_decides(client, login, company, director, worker, other_director, free_user):
    login("free@test.kz", "free-pass-1")
    request_id = ask_director(client, company.bin)["id"]
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
    request_id = ask_director(client, company.bin)["id"]
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


def test_claim_page_html_and_json(client, login, free_user):
    login("free@test.kz", "free-pass-1")
    page = client.get("/staff/claim/")
    assert page.status_code == 200 and "Привязать аккаунт по БИН" in page.get_data(as_text=True)
    assert client.get("/staff/claim/", headers=JSON).get_json() == {
        "company": None, "join_requests": [], "claim": None, "company_proven": False}
    assert client.get("/staff/claim/", headers={"Accept": "text/html"}).mimetype == "text/html"
