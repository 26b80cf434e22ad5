"""What intrasim serves has the shape of the real answers: the keys every real sample has, with their JSON
types and time format, no key no real answer has, and the same headers."""

import re

import pytest
import requests

from occupancy.sync.surprises import unexpected_fields
from tests.contract.conftest import TIME, real, real_profiles
from tests.intra.conftest import DEMO_CLIENT

REAL_LOCATIONS = real("locations/campus_29_locations_2022_icp.json")
REAL_PROFILES = [profile for profile in real_profiles().values() if "login" in profile]
REAL_CAMPUSES = real("campus/campus_list_2022_icp.json") + [real("campus/campus_1_paris_1337logtime.json")]


def kind(value):
    return {bool: "bool", int: "int", float: "number", str: "str", list: "list", dict: "dict"}.get(type(value), "null")


def common_shape(objects):
    """{key: set of JSON types} of the keys every object has."""
    keys = set.intersection(*(set(obj) for obj in objects))
    return {key: {kind(obj[key]) for obj in objects} for key in keys}


def assert_has_shape(served, real_objects):
    """Every key the real objects all have is served, with one of their types (or null where they have null)."""
    for key, types in common_shape(real_objects).items():
        assert key in served, f"{key} is missing"
        assert kind(served[key]) in types | {"null"} if "null" in types else kind(served[key]) in types, (
            f"{key} is {kind(served[key])}, real answers have {types}")
        if isinstance(served[key], str) and all(isinstance(obj[key], str) and re.match(TIME, obj[key])
                                                for obj in real_objects):
            assert re.match(TIME, served[key]), f"{key}: {served[key]!r} is not written as the API writes times"


@pytest.fixture
def api(intra_sim):
    session = requests.Session()
    token = session.post(f"{intra_sim.url}/oauth/token", data={"grant_type": "client_credentials",
                                                               "client_id": DEMO_CLIENT[0],
                                                               "client_secret": DEMO_CLIENT[1]}, timeout=5).json()
    session.headers["Authorization"] = f"Bearer {token['access_token']}"
    session.token = token

    def get(path, **params):
        response = session.get(f"{intra_sim.url}{path}", params=params, timeout=10)
        return response

    get.session = session
    return get


def test_the_token_has_the_real_keys(api):
    token = api.session.token
    assert set(real("token/client_credentials_apidoc.json")) | set(real("shapes/token_keys_victorhdsp.json")["body"]) \
        == set(token)
    assert_has_shape(token, [real("token/client_credentials_apidoc.json")])
    info = api("/oauth/token/info").json()
    assert set(info) == set(real("token/token_info_2022_icp.json"))


def test_locations_have_the_real_item_and_user_shape(api):
    items = api("/v2/locations", **{"filter[inactive]": "true", "page[size]": 100}).json()
    closed = items[0]
    open_ = api("/v2/locations", **{"filter[active]": "true", "page[size]": 1}).json()[0]

    for item in (closed, open_):
        assert_has_shape({k: v for k, v in item.items() if k != "end_at"}, [
            {k: v for k, v in real_item.items() if k != "end_at"} for real_item in REAL_LOCATIONS])
        assert_has_shape(item["user"], [location["user"] for location in REAL_LOCATIONS] + REAL_PROFILES)
    assert open_["end_at"] is None and re.match(TIME, closed["end_at"])
    assert open_["user"]["location"] == open_["host"]  # as the real answers: the user's seat while seated
    assert unexpected_fields("/v2/locations", items + [open_]) == {}


def test_a_user_has_the_real_profile_shape(api, intra_sim):
    staff = next(user for user in intra_sim.world.users if user["staff"])
    profile = api(f"/v2/users/{staff['id']}").json()

    assert_has_shape(profile, REAL_PROFILES)
    for campus in profile["campus"]:
        assert_has_shape(campus, [entry for real_profile in REAL_PROFILES for entry in real_profile["campus"]])
    modern = [link for real_profile in REAL_PROFILES for link in real_profile["campus_users"] if "created_at" in link]
    for link in profile["campus_users"]:
        assert_has_shape(link, modern)
    assert unexpected_fields("/v2/me", [profile]) == {}


def test_campuses_have_the_real_shape(api):
    campuses = api("/v2/campus").json()
    for campus in campuses:
        assert_has_shape(campus, REAL_CAMPUSES)
    assert unexpected_fields("/v2/campus", campuses) == {}


def test_pools_have_the_keys_and_types_real_clients_check(api):
    expected = real("shapes/pool_keys_42lyon.json")["item"]
    for pool in api("/v2/pools").json():
        assert {key: kind(value) for key, value in pool.items()} == expected


def test_lists_carry_the_real_paging_and_application_headers(api):
    real_headers = real("headers/paging_messages_page2_apidoc.json")["headers"]
    response = api("/v2/campus", **{"page[size]": 1, "page[number]": 2})

    wanted = {"X-Page", "X-Per-Page", "X-Total", "Link", "X-Application-Id", "X-Application-Name",
              "X-Application-Roles", "Content-Type"}
    assert wanted <= set(real_headers) and wanted <= set(response.headers)
    assert response.headers["X-Application-Roles"] == real_headers["X-Application-Roles"] == "None"
    assert {rel for rel in response.links} == {"first", "prev", "next", "last"}
    assert response.headers["Content-Type"] == real_headers["Content-Type"]


def test_a_refusal_has_the_real_error_body(api):
    forbidden = api("/v2/balances")
    real_forbidden = real("errors/403_insufficient_scope_apidoc.json")

    assert forbidden.status_code == real_forbidden["status"] == 403
    assert set(forbidden.json()) == set(real_forbidden["body"]) == {"error", "message"}
    assert forbidden.json()["error"] == real_forbidden["body"]["error"]
