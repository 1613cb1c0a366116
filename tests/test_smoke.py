"""The app starts and answers the basic paths."""


def test_sections_json_envelope(client):
    response = client.get("/clients/sections/", headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.get_json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_clients_requires_auth(client):
    response = client.get("/clients/clients/", headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert "detail" in response.get_json()


def test_token_and_user_company(client, director, token_headers):
    headers = token_headers("director@test.kz", "director-pass")
    body = client.get("/clients/get_user_company/", headers=headers).get_json()
    assert body["user"]["role"] == "Директор"
    assert body["company"]["bin"] == director.company.bin
