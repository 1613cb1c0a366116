"""The Clients API against the seed: keys, value types, retrieve, filters and their errors."""
import re

import pytest

from tests.api_data import build_directory

JSON = {"Accept": "application/json"}
HEX8 = re.compile(r"^[0-9a-f]{8}$")
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$")

# Each list's item keys, in the seed's order (companies carry `id` first, a decision of the lead).
SEED_KEYS = {
    "sections": ["id", "section"],
    "sub_sections": ["id", "sub_section", "section"],
    "rubrics": ["id", "rubric", "sub_section"],
    "regions": ["id", "region"],
    "localities": ["id", "locality"],
    "districts": ["id", "district"],
    "types": ["id", "type"],
    "krp_names": ["id", "krp_name"],
    "emails": ["id", "email", "clients_bin", "company_id", "company_name", "alternative_name"],
    "phone_numbers": ["id", "phone_number", "client"],
}
CLIENT_KEYS = [
    "id", "director", "bin", "company_name", "alternative_name", "company_name_ex", "company_name_search",
    "registration_date", "oked", "description", "secondary_oked", "krp_code", "kato", "address", "index_ex",
    "address_ex", "comment_to_adress_ex", "subway_or_bus_ex", "web_site_ex", "vk_ex", "twitter_ex",
    "facebook_ex", "instagram_ex", "seal_image", "updated", "krp_name", "region_ex", "locality_ex", "district_ex",
]
# Keys the seed shows as null for some companies; every other client key is always a string.
CLIENT_NULLABLE = {
    "director", "alternative_name", "company_name_ex", "company_name_search", "registration_date", "oked",
    "description", "secondary_oked", "krp_code", "kato", "address", "index_ex", "address_ex",
    "comment_to_adress_ex", "subway_or_bus_ex", "web_site_ex", "vk_ex", "twitter_ex", "facebook_ex",
    "instagram_ex", "seal_image", "krp_name", "region_ex", "locality_ex", "district_ex",
}
STAFF_KEYS = ["user", "role", "phone_number"]


@pytest.fixture
def directory(app):
    return build_directory()


@pytest.fixture
def auth(client, director, token_headers):
    return token_headers("director@test.kz", "director-pass")


def assert_envelope(body: dict) -> None:
    assert list(body) == ["count", "next", "previous", "results"]
    assert isinstance(body["count"], int)


def assert_client(item: dict) -> None:
    assert list(item) == CLIENT_KEYS
    for key, value in item.items():
        if value is None:
            assert key in CLIENT_NULLABLE, key
        else:
            assert isinstance(value, str), key
    assert HEX8.match(item["id"])
    assert re.fullmatch(r"\d{12}", item["bin"])
    assert ISO.match(item["updated"])
    for key in ("krp_name", "region_ex", "locality_ex", "district_ex"):
        assert item[key] is None or HEX8.match(item[key])


@pytest.mark.parametrize("name", list(SEED_KEYS))
def test_list_and_retrieve_have_the_seed_keys(client, directory, auth, name):
    body = client.get(f"/clients/{name}/", headers=auth).get_json()
    assert_envelope(body)
    assert body["count"] == len(body["results"]) > 0
    for item in body["results"]:
        assert list(item) == SEED_KEYS[name]
        assert HEX8.match(item["id"])
        assert all(isinstance(value, str) for value in item.values())
    first = body["results"][0]
    response = client.get(f"/clients/{name}/{first['id']}/", headers=auth)
    assert response.status_code == 200
    assert response.get_json() == first


def test_names_not_ids_where_the_seed_shows_names(client, directory, auth):
    subs = client.get("/clients/sub_sections/", headers=JSON).get_json()["results"]
    assert {item["section"] for item in subs} == {"Услуги", "Продукты"}
    rubrics = client.get("/clients/rubrics/", headers=JSON).get_json()["results"]
    assert {"Юридические услуги", "Кондитерские изделия"} == {item["sub_section"] for item in rubrics}
    phones = client.get("/clients/phone_numbers/", headers=auth).get_json()["results"]
    assert phones[0]["client"] == directory.companies[0].company_name
    assert re.fullmatch(r"\+7\(7\d\d\)\d{3}-\d\d-\d\d", phones[0]["phone_number"])


def test_email_points_at_its_company(client, directory, auth):
    email = client.get("/clients/emails/", headers=JSON).get_json()["results"][0]
    company = directory.companies[0]
    assert email["company_id"] == company.public_id
    assert email["clients_bin"] == company.bin
    assert email["company_name"] == company.company_name
    assert client.get(f"/clients/clients/{email['company_id']}/", headers=auth).get_json()["bin"] == company.bin


def test_clients_list_and_retrieve(client, directory, auth):
    body = client.get("/clients/clients/", headers=auth).get_json()
    assert_envelope(body)
    assert body["count"] == 4  # three built here and the director's own company
    for item in body["results"]:
        assert_client(item)
    company = directory.companies[0]
    item = client.get(f"/clients/clients/{company.public_id}/", headers=auth).get_json()
    assert_client(item)
    assert item["krp_name"] == directory.krp[0].public_id
    assert item["region_ex"] == directory.region.public_id
    assert item["locality_ex"] == directory.localities[0].public_id
    assert item["district_ex"] == directory.districts[0].public_id
    # Stored in UTC, shown in Almaty: 2012-04-27 18:00 UTC is midnight of the 28th at +06:00 (2012).
    assert item["registration_date"] == "2012-04-28T00:00:00+06:00"


def test_staff_and_user_company_shapes(client, director, worker, auth):
    staff = client.get("/clients/staff/", headers=auth).get_json()
    assert_envelope(staff)
    assert [item["role"] for item in staff["results"]] == ["Директор", "Работник"]
    for item in staff["results"]:
        assert list(item) == STAFF_KEYS
        assert HEX8.match(item["user"])
        assert item["phone_number"] is None
    one = client.get(f"/clients/staff/{worker.public_id}/", headers=auth)
    assert one.get_json() == {"user": worker.public_id, "role": "Работник", "phone_number": None}
    mine = client.get("/clients/get_user_company/", headers=auth).get_json()
    assert list(mine) == ["user", "company"]
    assert mine["user"] == {"user": director.public_id, "role": "Директор", "phone_number": None}
    assert_client(mine["company"])
    assert mine["company"]["bin"] == director.company.bin


@pytest.mark.parametrize("path", [f"/clients/{name}/0badc0de/" for name in SEED_KEYS] + [
    "/clients/clients/0badc0de/", "/clients/staff/0badc0de/", "/clients/sections/not-an-id/",
    "/clients/sections/%ff%fe/", "/clients/no_such_list/",
])
def test_unknown_ids_are_404_detail(client, directory, auth, path):
    response = client.get(path, headers=auth)
    assert response.status_code == 404
    assert list(response.get_json()) == ["detail"]


def _ids(client, path, headers) -> set[str]:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return {item.get("id") for item in response.get_json()["results"]}


def test_classifier_filters(client, directory, auth):
    services, food = directory.sections
    assert _ids(client, f"/clients/sub_sections/?section={services.public_id}", JSON) == {directory.sub_sections[0].public_id}
    legal = directory.sub_sections[0]
    assert _ids(client, f"/clients/rubrics/?sub_section={legal.public_id}", JSON) == {r.public_id for r in directory.rubrics[:2]}
    talgar = directory.localities[1]
    assert _ids(client, f"/clients/districts/?locality={talgar.public_id}", JSON) == {directory.districts[2].public_id}
    assert _ids(client, f"/clients/sub_sections/?section={food.public_id}", JSON) == {directory.sub_sections[1].public_id}
    # An empty value means no filter, as in DRF.
    assert len(_ids(client, "/clients/sub_sections/?section=", JSON)) == 2


def test_company_filters(client, directory, director, auth):
    almaty_ones = {c.public_id for c in directory.companies[0::2]}
    talgar_ones = {c.public_id for c in directory.companies[1::2]}
    own = director.company.public_id  # OKED 52299, KRP 110, no rubric, type or district
    first = directory.companies[0]
    cases = {
        f"bin={first.bin}": {first.public_id},
        "oked=52299": almaty_ones | {own},
        "oked=4669": talgar_ones,
        "oked=46": talgar_ones,
        "krp=105": almaty_ones,
        f"krp={directory.krp[1].public_id}": talgar_ones | {own},
        "krp=110": talgar_ones | {own},
        f"section={directory.sections[0].public_id}": almaty_ones,
        f"sub_section={directory.sub_sections[1].public_id}": talgar_ones,
        f"rubric={directory.rubrics[0].public_id}": almaty_ones,
        f"rubric={directory.rubrics[1].public_id}": set(),
        f"locality={directory.localities[1].public_id}": talgar_ones,
        f"district={directory.districts[0].public_id}": almaty_ones,
        f"type={directory.types[1].public_id}": talgar_ones,
        f"locality={directory.localities[0].public_id}&krp=105&oked=52": almaty_ones,
    }
    for query, expected in cases.items():
        assert _ids(client, f"/clients/clients/?{query}", auth) == expected, query
    region = _ids(client, f"/clients/clients/?region={directory.region.public_id}", auth)
    assert region == almaty_ones | talgar_ones | {own}


@pytest.mark.parametrize("path, param", [
    ("/clients/sub_sections/?section=xyz", "section"),
    ("/clients/sub_sections/?section=ABCDEF12", "section"),
    ("/clients/sub_sections/?section=%20abcdef12", "section"),
    ("/clients/clients/?bin=%20123456789012", "bin"),
    ("/clients/sub_sections/?section=0badc0de", "section"),
    ("/clients/rubrics/?sub_section=12345678901", "sub_section"),
    ("/clients/districts/?locality=%ff", "locality"),
    ("/clients/clients/?bin=12345", "bin"),
    ("/clients/clients/?bin=１２３４５６７８９０１２", "bin"),
    ("/clients/clients/?oked=abc", "oked"),
    ("/clients/clients/?oked=1", "oked"),
    ("/clients/clients/?krp=big", "krp"),
    ("/clients/clients/?region=0badc0de", "region"),
    ("/clients/clients/?type=0badc0de", "type"),
    ("/clients/clients/?rubric=%00", "rubric"),
    ("/clients/sections/?colour=red", "colour"),
    ("/clients/clients/?sectoin=abc", "sectoin"),
    ("/clients/staff/?role=Директор", "role"),
    ("/clients/clients/?oked=46&oked=52", "oked"),
    ("/clients/sections/?page=1&page=2", "page"),
])
def test_invalid_filters_are_400_naming_the_parameter(client, directory, auth, path, param):
    response = client.get(path, headers=auth)
    assert response.status_code == 400
    body = response.get_json()
    assert list(body) == [param]
    assert isinstance(body[param], list) and all(isinstance(m, str) and m for m in body[param])
