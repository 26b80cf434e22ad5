"""Each fault of the simulator does what it says."""

import json
import time

import pytest
import requests

from tests.simulator.conftest import Api, set_faults


def test_errors_answer_500_502_or_503(intra_sim, api):
    set_faults(intra_sim, error=1.0)
    assert {api.get("/v2/campus").status_code for _ in range(6)} <= {500, 502, 503}


def test_storms_answer_429_with_retry_after(intra_sim, api):
    set_faults(intra_sim, storm=1.0)
    response = api.get("/v2/campus")
    assert response.status_code == 429 and response.headers["Retry-After"] == "1"


def test_resets_close_the_connection_without_an_answer(intra_sim, api):
    set_faults(intra_sim, reset=1.0)
    with pytest.raises(requests.ConnectionError):
        api.get("/v2/campus")


def test_hung_requests_outlast_the_clients_timeout(intra_sim, api):
    set_faults(intra_sim, hang=1.0, hang_seconds=2)
    with pytest.raises(requests.ReadTimeout):
        api.session.get(f"{intra_sim.url}/v2/campus", timeout=0.5)


def test_malformed_bodies_are_not_json(intra_sim, api):
    set_faults(intra_sim, malformed=1.0)
    response = api.get("/v2/locations")
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.text)


def test_latency_slows_every_answer(intra_sim, api):
    set_faults(intra_sim, latency=0.3)
    started = time.monotonic()
    api.get("/v2/campus")
    assert time.monotonic() - started >= 0.3


def test_shifting_pages_show_an_item_twice_and_lose_none(intra_sim, api):
    set_faults(intra_sim, shift=5)
    first = api.get("/v2/locations", **{"page[size]": 30}).json()
    second = api.get("/v2/locations", **{"page[size]": 30, "page[number]": 2}).json()
    assert [item["id"] for item in first[-5:]] == [item["id"] for item in second[:5]]


def test_tokens_revoked_early_get_401(intra_sim, api):
    set_faults(intra_sim, revoke=1.0)
    assert api.get("/v2/campus").status_code == 401
    set_faults(intra_sim)
    assert api.get("/v2/campus").status_code == 401  # revoked for good
    assert Api(intra_sim).get("/v2/campus").status_code == 200


def test_faults_never_touch_the_admin_paths(intra_sim):
    set_faults(intra_sim, error=1.0, reset=1.0)
    assert requests.get(f"{intra_sim.url}/_sim/stats", timeout=5).status_code == 200


def test_the_clock_moves_forward_only(intra_sim):
    before = intra_sim.clock.now()
    moved = requests.post(f"{intra_sim.url}/_sim/clock", json={"advance": 3600}, timeout=5).json()
    assert moved["now"] > before.isoformat()[:19]
    assert requests.post(f"{intra_sim.url}/_sim/faults", json={"fire": 1}, timeout=5).status_code == 400
