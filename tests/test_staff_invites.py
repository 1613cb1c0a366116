"""Invite links: created by a director, stored hashed, single use, expiring, for a newcomer or a member."""
import hashlib
import re
import threading
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.models import Invite, Staff, User
from portal.timeutil import now_utc
from tests import factories

JSON = {"Accept": "application/json"}
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def browser_accept(client):
    """Requests without an Accept header of their own come from a browser in these tests
    (the portal answers JSON to a request that names no type)."""
    client.environ_base["HTTP_ACCEPT"] = "text/html,application/xhtml+xml"


def new_invite(client, login, **payload) -> dict:
    """Create an invite as the director through the JSON API and return the answer."""
    login("director@test.kz", "director-pass")
    response = client.post("/staff/invites/", json={"role": "Работник", **payload}, headers=JSON)
    assert response.status_code == 201, response.get_data(as_text=True)
    client.post("/auth/logout/")
    return response.get_json()


def path_of(link: str) -> str:
    """The path of an absolute link, for the test client."""
    return "/" + link.split("/", 3)[3]


def position(email: str) -> Staff | None:
    """The current position of the account with this e-mail, if any."""
    db.session.expire_all()
    user = db.session.query(User).filter_by(email=email).one_or_none()
    return None if user is None else db.session.query(Staff).filter_by(user_id=user.id).one_or_none()


def test_link_is_shown_once_and_stored_hashed(client, login, director):
    body = new_invite(client, login, email="New@Test.kz")
    token = body["link"].rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 40 and body["status"] == "active" and body["email"] == "new@test.kz"
    invite = db.session.query(Invite).one()
    assert invite.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in (invite.token_hash, invite.public_id)
    login("director@test.kz", "director-pass")
    listed = client.get("/staff/", headers=JSON).get_json()["invites"]
    assert [i["id"] for i in listed] == [body["id"]] and "link" not in listed[0]


def test_invite_expires_after_the_configured_hours(client, login, director):
    before = now_utc()
    body = new_invite(client, login)
    invite = db.session.query(Invite).filter_by(public_id=body["id"]).one()
    expires = invite.expires_at if invite.expires_at.tzinfo else invite.expires_at.replace(tzinfo=before.tzinfo)
    assert timedelta(hours=71, minutes=59) < expires - before < timedelta(hours=72, minutes=1)


class TestConfiguredTtl:
    @pytest.fixture
    def app_config(self):
        return {"INVITE_TTL_HOURS": 2}

    def test_ttl_from_config(self, client, login, director):
        body = new_invite(client, login)
        invite = db.session.query(Invite).filter_by(public_id=body["id"]).one()
        created = invite.created if invite.created.tzinfo else invite.created.replace(tzinfo=now_utc().tzinfo)
        expires = invite.expires_at if invite.expires_at.tzinfo else invite.expires_at.replace(tzinfo=now_utc().tzinfo)
        assert abs((expires - created) - timedelta(hours=2)) < timedelta(seconds=5)


def test_the_page_offers_a_newcomer_an_account_by_mail(client, login, director):
    # What follows the form (the e-mail, the same answer for a taken address): test_staff_invite_signup.
    link = path_of(new_invite(client, login)["link"])
    page = client.get(link)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert director.company.company_name.replace('"', "&#34;") in html and "Создайте аккаунт" in html
    assert "Получить ссылку на почту" in html


def test_registration_errors_keep_input_and_write_nothing(client, login, director):
    link = path_of(new_invite(client, login)["link"])
    response = client.post(link, data={"full_name": "Новый", "email": "new@test.kz", "password": "short", "confirm": "other"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'value="new@test.kz"' in html and 'value="Новый"' in html
    assert "От 8 до 200 символов." in html
    assert db.session.query(User).filter_by(email="new@test.kz").count() == 0
    assert db.session.query(Invite).one().used_at is None


def test_existing_user_logs_in_and_joins(client, login, director):
    factories.make_user("free@test.kz", "free-pass-1")
    link = path_of(new_invite(client, login, role="Директор")["link"])
    login_page = client.get(link).get_data(as_text=True)
    assert "/auth/login/?next=" in login_page
    login("free@test.kz", "free-pass-1")
    page = client.get(link).get_data(as_text=True)
    assert "Присоединиться к компании" in page
    response = client.post(link, headers=JSON)
    assert response.status_code == 201
    assert response.get_json()["role"] == "Директор"
    assert position("free@test.kz").role == "Директор"


def test_link_is_single_use(client, login, director):
    link = path_of(new_invite(client, login)["link"])
    factories.make_user("first@test.kz", "first-pass-1")
    factories.make_user("second@test.kz", "second-pass-1")
    login("first@test.kz", "first-pass-1")
    assert client.post(link, headers=JSON).status_code == 201
    client.post("/auth/logout/")
    login("second@test.kz", "second-pass-1")
    response = client.post(link, headers=JSON)
    assert response.status_code == 410
    assert "уже использовано" in response.get_json()["detail"]
    page = client.get(link)
    assert page.status_code == 410 and "уже использовано" in page.get_data(as_text=True)
    assert position("second@test.kz") is None


def test_expired_link_is_refused_with_a_clear_message(client, login, director):
    body = new_invite(client, login)
    invite = db.session.query(Invite).filter_by(public_id=body["id"]).one()
    invite.expires_at = now_utc() - timedelta(minutes=1)
    db.session.commit()
    link = path_of(body["link"])
    page = client.get(link)
    assert page.status_code == 410
    assert "Срок действия приглашения истёк" in page.get_data(as_text=True)
    response = client.post(link, data={"full_name": "Поздний", "email": "late@test.kz", "password": "late-pass-1", "confirm": "late-pass-1"})
    assert response.status_code == 410
    assert db.session.query(User).filter_by(email="late@test.kz").count() == 0
    assert client.get(link, headers=JSON).get_json()["detail"].startswith("Срок действия")


def test_unknown_and_revoked_links(client, login, director):
    assert client.get("/staff/join/not-a-real-token/", headers=JSON).status_code == 404
    body = new_invite(client, login)
    login("director@test.kz", "director-pass")
    revoked = client.post(f"/staff/invites/{body['id']}/revoke/", headers=JSON)
    assert revoked.status_code == 200 and revoked.get_json()["status"] == "revoked"
    client.post("/auth/logout/")
    response = client.get(path_of(body["link"]))
    assert response.status_code == 410 and "отозвано" in response.get_data(as_text=True)


def test_invite_for_an_email_is_for_that_account_only(client, login, director):
    link = path_of(new_invite(client, login, email="right@test.kz")["link"])
    factories.make_user("wrong@test.kz", "wrong-pass-1")
    login("wrong@test.kz", "wrong-pass-1")
    assert client.post(link, headers=JSON).status_code == 403
    client.post("/auth/logout/")
    response = client.post(link, data={"full_name": "Чужой", "email": "other@test.kz", "password": "other-pass-1", "confirm": "other-pass-1"})
    assert response.status_code == 400 and "right@test.kz" in response.get_data(as_text=True)
    assert position("wrong@test.kz") is None


def test_member_of_another_company_cannot_use_a_link(client, login, director, other_director):
    link = path_of(new_invite(client, login)["link"])
    login("other@test.kz", "other-pass")
    response = client.post(link, headers=JSON)
    assert response.status_code == 409
    assert position("other@test.kz").company_id != director.company.id
    assert db.session.query(Invite).one().used_at is None


def test_two_people_racing_for_one_link_one_wins(app, director):
    """Two threads accept the same link at once: the conditional UPDATE lets exactly one in."""
    from portal.staffing import invites

    with app.test_request_context():
        staff = db.session.query(Staff).filter_by(user_id=director.id).one()
        token = invites.create_invite(staff, "Работник").token
    users = [factories.make_user(f"racer{i}@test.kz", "racer-pass-1") for i in range(2)]
    ids = [u.id for u in users]
    barrier = threading.Barrier(2)
    outcomes: list = []

    def accept(user_id: int) -> None:
        with app.app_context():
            user = db.session.get(User, user_id)
            barrier.wait()
            try:
                invites.accept_invite(token, user)
                outcomes.append("joined")
            except Exception as exc:  # noqa: BLE001  (the loser's refusal is the point of the test)
                outcomes.append(getattr(exc, "status", repr(exc)))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=accept, args=(uid,)) for uid in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(map(str, outcomes)) == ["410", "joined"]
    db.session.expire_all()
    assert db.session.query(Staff).filter(Staff.user_id.in_(ids)).count() == 1


def test_invite_form_errors_and_htmx_result(client, login, director):
    login("director@test.kz", "director-pass")
    bad = client.post("/staff/invites/", data={"email": "not-an-email", "role": "Работник"}, headers=HTMX)
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert 'id="staff-panel"' in html and "<html" not in html
    assert "Неверный адрес электронной почты." in html and 'value="not-an-email"' in html
    good = client.post("/staff/invites/", data={"email": "", "role": "Работник"}, headers=HTMX)
    assert good.status_code == 201
    link = re.search(r'id="invite-link" value="([^"]+)"', good.get_data(as_text=True)).group(1)
    assert "/staff/join/" in link
    full = client.post("/staff/invites/", data={"role": "Работник"})
    assert full.status_code == 201 and "<html" in full.get_data(as_text=True)
    assert db.session.query(Invite).count() == 2
    json_bad = client.post("/staff/invites/", json={"role": "Главный"}, headers=JSON)
    assert json_bad.status_code == 400 and "role" in json_bad.get_json()
    assert client.post("/staff/invites/", json=["role"], headers=JSON).status_code == 400


def claimant(client, email: str, proven: bool) -> str:
    """A user without a company who has claimed one by BIN (and got its provisional seat); the claim's id."""
    factories.make_user(email, "claim-pass-1")
    target = factories.make_company(name='ТОО "ИЩУ СВОЮ КОМПАНИЮ"', proven=proven)
    token = client.post("/auth/token/", json={"email": email, "password": "claim-pass-1"}).get_json()["token"]
    claim = client.post("/staff/claim/", json={"bin": target.bin, "message": ""},
                        headers={**JSON, "Authorization": f"Token {token}"}).get_json()
    assert position(email).company_id == target.id and position(email).role == "Работник"
    return claim["claim"]["id"]


@pytest.mark.parametrize("proven", [True, False])
def test_a_claimant_without_a_company_accepts_the_invite(client, login, director, proven):
    from portal.models.identity import IdentityClaim

    link = path_of(new_invite(client, login, role="Директор")["link"])
    claim_id = claimant(client, "seeker@test.kz", proven)
    login("seeker@test.kz", "claim-pass-1")
    page = client.get(link)
    assert page.status_code == 200 and "Присоединиться к компании" in page.get_data(as_text=True)
    assert client.get(link, headers=JSON).get_json()["role"] == "Директор"
    joined = client.post(link)
    assert joined.status_code == 302 and joined.headers["Location"] == "/"
    seat = position("seeker@test.kz")
    assert (seat.company_id, seat.role) == (director.company.id, "Директор")
    claim = db.session.query(IdentityClaim).filter_by(public_id=claim_id).one()
    assert claim.status == "cancelled"  # the claim went with the provisional seat
    assert db.session.query(Invite).one().used_by_id == seat.user_id


def test_a_real_worker_elsewhere_is_still_refused(client, login, director, other_director):
    link = path_of(new_invite(client, login)["link"])
    factories.make_user("colleague@test.kz", "colleague-1", company=other_director.staff.company)
    login("colleague@test.kz", "colleague-1")
    refused = client.get(link)
    assert refused.status_code == 409 and "другой компании" in refused.get_data(as_text=True)
    assert client.post(link, headers=JSON).status_code == 409
    assert position("colleague@test.kz").company_id == other_director.staff.company.id
    assert db.session.query(Invite).one().used_at is None


def test_an_anonymous_visitor_logs_in_and_lands_back_on_the_invite(client, login, director):
    factories.make_user("later@test.kz", "later-pass-1")
    link = path_of(new_invite(client, login)["link"])
    page = client.get(link).get_data(as_text=True)
    login_url = re.search(r'href="(/auth/login/\?next=[^"]+)"', page).group(1).replace("&amp;", "&")
    assert client.get(link, headers=JSON).status_code == 200  # the JSON twin says what the link is
    assert client.post(link, headers=JSON, json={}).status_code == 400  # anonymous JSON: the account fields
    logged_in = client.post(login_url, data={"email": "later@test.kz", "password": "later-pass-1"})
    assert logged_in.status_code == 302 and logged_in.headers["Location"] == link
    assert "Присоединиться к компании" in client.get(link).get_data(as_text=True)
    assert client.post(link, headers=JSON).status_code == 201
    assert position("later@test.kz").company_id == director.company.id
