"""OAuth2 flows, token expiry, the rate limiter and the graph endpoint of the simulator."""

import re
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.conftest import ROOT, free_port, wait_for_http
from tests.simulator.conftest import Api

CLIENT = {"client_id": "occupancy-demo", "client_secret": "occupancy-demo-secret"}
REDIRECT = "http://127.0.0.1:8000/accounts/intra42/login/callback/"


def sign_in(sim, login, state="s-123"):
    """The authorization-code flow as a browser walks it: the authorize page, a button, the redirect."""
    page = requests.get(f"{sim.url}/oauth/authorize", params={
        "client_id": CLIENT["client_id"], "redirect_uri": REDIRECT, "response_type": "code", "scope": "public",
        "state": state}, timeout=5)
    assert f'data-login="{login}"' in page.text
    answer = requests.post(f"{sim.url}/oauth/authorize", data={
        "client_id": CLIENT["client_id"], "redirect_uri": REDIRECT, "response_type": "code", "scope": "public",
        "state": state, "login": login}, allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    return parse_qs(urlsplit(answer.headers["Location"]).query)


def test_client_credentials_give_an_application_token_as_facts_say(intra_sim):
    token = requests.post(f"{intra_sim.url}/oauth/token", data={"grant_type": "client_credentials", **CLIENT}).json()
    assert token["token_type"] == "bearer" and token["expires_in"] == 7200 and token["scope"] == "public"
    info = requests.get(f"{intra_sim.url}/oauth/token/info",
                        headers={"Authorization": f"Bearer {token['access_token']}"}).json()
    assert info["application"]["uid"] == "occupancy-demo" and info["resource_owner_id"] is None


def test_a_wrong_secret_is_refused(intra_sim):
    response = requests.post(f"{intra_sim.url}/oauth/token", data={
        "grant_type": "client_credentials", "client_id": "occupancy-demo", "client_secret": "nope"})
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"


def test_the_authorization_code_flow_returns_the_state_untouched_and_a_profile(intra_sim):
    query = sign_in(intra_sim, "amartin", state="a b&c")
    assert query["state"] == ["a b&c"]
    form = {"grant_type": "authorization_code", "code": query["code"][0], "redirect_uri": REDIRECT, **CLIENT}
    token = requests.post(f"{intra_sim.url}/oauth/token", data=form).json()
    me = requests.get(f"{intra_sim.url}/v2/me", headers={"Authorization": f"Bearer {token['access_token']}"}).json()

    assert me["login"] == "amartin" and me["staff?"] is True and me["kind"] == "admin"
    assert me["campus"][0]["id"] == 1 and me["campus_users"][0]["is_primary"] is True
    assert {"link", "versions"} <= set(me["image"])
    again = requests.post(f"{intra_sim.url}/oauth/token", data=form)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"  # a code is single-use
    refreshed = requests.post(f"{intra_sim.url}/oauth/token", data={
        "grant_type": "refresh_token", "refresh_token": token["refresh_token"], **CLIENT}).json()
    assert refreshed["access_token"] != token["access_token"]


def test_deny_redirects_with_access_denied(intra_sim):
    answer = requests.post(f"{intra_sim.url}/oauth/authorize", data={
        "client_id": "occupancy-demo", "redirect_uri": REDIRECT, "state": "x", "deny": "1"}, allow_redirects=False)
    assert parse_qs(urlsplit(answer.headers["Location"]).query) == {
        "error": ["access_denied"], "error_description": ["The user denied access"], "state": ["x"]}


def test_an_expired_or_unknown_token_gets_401_with_a_json_error(intra_sim, api):
    assert api.get("/v2/campus").status_code == 200
    intra_sim.clock.advance(7201)
    expired = api.get("/v2/campus")
    unknown = requests.get(f"{intra_sim.url}/v2/campus", headers={"Authorization": "Bearer nope"})
    assert expired.status_code == 401 and expired.json()["message"] == "The access token expired"
    assert unknown.status_code == 401 and unknown.json()["error"] == "Not authorized"


def test_every_answer_carries_the_rate_limit_headers_with_the_default_limits(intra_sim_factory):
    api = Api(intra_sim_factory(rate_second=2, rate_hour=1200))
    headers = api.get("/v2/campus").headers
    assert headers["X-Secondly-RateLimit-Limit"] == "2" and headers["X-Hourly-RateLimit-Limit"] == "1200"
    assert headers["X-Hourly-RateLimit-Remaining"] == "1199"


def test_the_limiter_refuses_past_the_rate_with_retry_after(intra_sim_factory):
    sim = intra_sim_factory(rate_second=2, rate_hour=5)
    api = Api(sim)
    statuses = [api.get("/v2/campus").status_code for _ in range(3)]
    assert statuses[:2] == [200, 200] and statuses[2] == 429
    refused = api.get("/v2/campus")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert requests.get(f"{sim.url}/_sim/stats").json()["rate_limited"] >= 2


def test_the_graph_defaults_to_created_at_by_month_of_year(api):
    default = api.get("/v2/projects_users/graph").json()
    explicit = api.get("/v2/projects_users/graph/on/created_at/by/month_of_year").json()
    assert default == explicit and set(default) <= {str(m) for m in range(1, 13)}


@pytest.mark.parametrize("interval, pattern", [
    ("day", r"\d{4}-\d{2}-\d{2}"), ("week", r"\d{4}-\d{2}-\d{2}"), ("month", r"\d{4}-\d{2}-01"),
    ("quarter", r"\d{4}-(01|04|07|10)-01"), ("year", r"\d{4}-01-01"), ("hour_of_day", r"\d|1\d|2[0-3]"),
    ("day_of_month", r"[1-9]|[12]\d|3[01]"), ("month_of_year", r"[1-9]|1[0-2]"),
])
def test_each_interval_keys_its_periods(api, interval, pattern):
    counts = api.get(f"/v2/projects_users/graph/on/updated_at/by/{interval}").json()
    assert counts and all(re.fullmatch(pattern, period) for period in counts)
    assert all(count > 0 for count in counts.values())


def test_graph_filters_take_only_the_listed_values(api):
    paris = api.get("/v2/projects_users/graph/on/created_at/by/day_of_week", **{"filter[campus]": "1"}).json()
    assert set(paris) <= {str(d) for d in range(7)}
    for params in ({"filter[campus]": "3"}, {"filter[cursus]": "2"}, {"filter[colour]": "x"}):
        assert api.get("/v2/projects_users/graph/on/created_at/by/day", **params).status_code == 400
    assert api.get("/v2/projects_users/graph/on/deleted_at/by/day").status_code == 400
    assert api.get("/v2/projects_users/graph/on/created_at/by/fortnight").status_code == 400


def test_admin_paths_are_off_unless_asked_for(intra_sim_factory):
    sim = intra_sim_factory(admin=False)
    assert requests.get(f"{sim.url}/_sim/stats").status_code == 404


def test_the_command_line_starts_and_refuses_bad_options():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "intrasim", "--port", str(port), "--days", "1"], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True)
    try:
        assert wait_for_http(f"http://127.0.0.1:{port}/v2/campus").status_code == 401
    finally:
        process.terminate()
        process.wait(timeout=10)
    bad = subprocess.run([sys.executable, "-m", "intrasim", "--faults", "fire=1"], cwd=ROOT, capture_output=True,
                         text=True)
    assert bad.returncode == 2 and "unknown fault 'fire'" in bad.stderr
