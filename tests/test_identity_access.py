"""Every new endpoint × method × {owner, another company's user, anonymous}."""
import pytest

from tests.eds_support import (  # noqa: F401  (fixtures)
    JSON, app_config, claimant, gost_pki, open_claim, pki, unproven,
)

CLAIM_ROUTES = [
    ("get", "/identity/claims/{id}/", None),
    ("post", "/identity/claims/{id}/challenge/", None),
    ("post", "/identity/claims/{id}/eds/", {"challenge": "b2b-portal:claim:x", "signature": "aGVsbG8="}),
    ("post", "/identity/claims/{id}/code/", {"email": "00000000"}),
    ("post", "/identity/claims/{id}/code/check/", {"code": "123456"}),
    ("post", "/identity/claims/{id}/director/", {}),
    ("post", "/identity/claims/{id}/cancel/", None),
]
# What the owner gets on each: the page, a challenge, refusals that name the field, and the cancel.
OWNER_STATUS = {0: 200, 1: 201, 2: 400, 3: 400, 4: 400, 5: 409, 6: 200}


@pytest.mark.parametrize("index", range(len(CLAIM_ROUTES)))
def test_claim_routes_for_owner_other_and_anonymous(client, login, unproven, claimant, other_director, index):
    method, path, body = CLAIM_ROUTES[index]
    login("claimant@test.kz", "claimant-pass")
    url = path.format(id=open_claim(client, unproven.bin))
    call = getattr(client, method)
    kwargs = {"headers": JSON, **({"json": body} if body is not None else {})}
    assert call(url, **kwargs).status_code == OWNER_STATUS[index]
    client.post("/auth/logout/")
    login("other@test.kz", "other-pass")
    assert call(url, **kwargs).status_code == 404  # another company's user: not found, whatever it is
    client.post("/auth/logout/")
    assert call(url, **kwargs).status_code == 401


ACCOUNT_ROUTES = [
    ("get", "/identity/eds/", None, 200),
    ("post", "/identity/eds/challenge/", None, 201),
    ("post", "/identity/eds/", {"challenge": "b2b-portal:link:x", "signature": "aGVsbG8="}, 400),
]


@pytest.mark.parametrize("method, path, body, status", ACCOUNT_ROUTES)
def test_account_routes_are_for_the_logged_in_user_only(client, login, director, other_director, method, path, body,
                                                        status):
    kwargs = {"headers": JSON, **({"json": body} if body is not None else {})}
    login("director@test.kz", "director-pass")
    assert getattr(client, method)(path, **kwargs).status_code == status
    client.post("/auth/logout/")
    assert getattr(client, method)(path, **kwargs).status_code == 401


def test_one_users_link_is_not_anothers(client, login, director, other_director):
    from portal.extensions import db
    from portal.models.identity import EdsLink

    db.session.add(EdsLink(user_id=director.id, iin="880101300123", holder="тест"))
    db.session.commit()
    login("other@test.kz", "other-pass")
    assert client.get("/identity/eds/", headers=JSON).get_json()["linked"] is False


@pytest.mark.parametrize("method, path, body, status", [
    ("get", "/identity/login/", None, 200),
    ("post", "/identity/login/challenge/", None, 201),
    ("post", "/identity/login/", {"challenge": "b2b-portal:login:x", "signature": "aGVsbG8="}, 400),
])
def test_login_routes_are_open_to_anonymous(client, method, path, body, status):
    kwargs = {"headers": JSON, **({"json": body} if body is not None else {})}
    assert getattr(client, method)(path, **kwargs).status_code == status


def test_a_challenge_of_one_user_does_not_prove_anothers_claim(client, login, pki, unproven, claimant, other_director):
    from tests.eds_support import IIN_HEAD, challenge

    login("claimant@test.kz", "claimant-pass")
    mine = open_claim(client, unproven.bin)
    text = challenge(client, f"/identity/claims/{mine}/challenge/")
    client.post("/auth/logout/")
    from tests import factories

    factories.make_user("rival@test.kz", "rival-pass")
    login("rival@test.kz", "rival-pass")
    theirs = open_claim(client, unproven.bin)
    response = client.post(f"/identity/claims/{theirs}/eds/", json={
        "challenge": text, "signature": pki.person(IIN_HEAD, unproven.bin).sign(text.encode())}, headers=JSON)
    assert response.status_code == 400 and "не для этого действия" in response.get_json()["signature"][0]
