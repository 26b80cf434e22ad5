"""The intra client against the simulator, over real sockets."""

import pytest
import requests

from occupancy.intra.errors import IntraAuthError, IntraForbidden, IntraRejected, IntraUnavailable
from tests.intra.conftest import client_for


def set_faults(sim, **faults):
    requests.post(f"{sim.url}/_sim/faults", json=faults, timeout=5).raise_for_status()


def test_a_list_is_read_to_the_end_in_pages_of_100(intra_sim, intra_client):
    now = intra_sim.clock.now()
    truth = intra_sim.world.locations(now)

    items = intra_client.get_all("/v2/locations")

    assert sorted(item["id"] for item in items) == sorted(item["id"] for item in truth)
    pages = sum(count for (endpoint, status), count in intra_client.stats.counts.items()
                if endpoint == "/v2/locations" and status == 200)
    assert pages == -(-len(truth) // 100)


def test_requests_are_counted_by_endpoint_and_status_with_the_rate_headers_kept(intra_sim, intra_client):
    intra_client.get("/v2/campus")
    intra_client.get("/v2/campus/1")

    assert intra_client.stats.counts[("/v2/campus", 200)] == 1
    assert intra_client.stats.counts[("/v2/campus/:id", 200)] == 1
    assert intra_client.stats.counts[("/oauth/token", 200)] == 1
    assert {"secondly_limit", "hourly_limit", "hourly_remaining"} <= set(intra_client.stats.last_headers)


def test_an_expired_token_is_renewed_once_and_the_request_goes_through(intra_sim, intra_client):
    intra_client.get("/v2/campus")
    intra_sim.clock.advance(7300)

    assert intra_client.get("/v2/campus")
    assert intra_client.stats.counts[("/v2/campus", 401)] == 1
    assert intra_client.stats.counts[("/oauth/token", 200)] == 2


def test_server_errors_are_retried_until_an_answer_comes(intra_sim):
    client = client_for(intra_sim, max_tries=8)
    set_faults(intra_sim, error=0.3)

    items = client.get_all("/v2/locations")

    assert len(items) == len(intra_sim.world.locations(intra_sim.clock.now()))
    assert any(str(status).startswith("5") for _, status in client.stats.counts)


def test_a_malformed_body_is_an_error_naming_the_endpoint_never_half_read_data(intra_sim):
    client = client_for(intra_sim, max_tries=3)
    client.get("/v2/campus")
    set_faults(intra_sim, malformed=1.0)

    with pytest.raises(IntraUnavailable) as raised:
        client.get_all("/v2/locations")

    assert raised.value.endpoint == "/v2/locations"
    assert raised.value.status == 200
    assert "malformed JSON" in str(raised.value)


def test_resets_and_hung_requests_are_retried(intra_sim, intra_client):
    set_faults(intra_sim, reset=0.3, hang=0.2, hang_seconds=5)

    assert intra_client.get_all("/v2/campus")
    statuses = {status for _, status in intra_client.stats.counts}
    assert statuses & {"ConnectionError", "ReadTimeout", "ChunkedEncodingError"}


def test_429_is_retried_no_sooner_than_retry_after(intra_sim):
    client = client_for(intra_sim, max_tries=10)
    client.get("/v2/campus")
    set_faults(intra_sim, storm=0.5)
    delays = []
    client.sleep = delays.append

    for _ in range(6):
        client.get("/v2/campus")

    assert client.stats.counts[("/v2/campus", 200)] == 7
    assert client.stats.counts[("/v2/campus", 429)] == len(delays) >= 1
    assert min(delays) >= 1  # the simulator's Retry-After


def test_the_client_tightens_itself_to_the_limits_the_api_reports(intra_sim_factory):
    sim = intra_sim_factory(rate_second=1, rate_hour=1000)
    # The client believes it may send 10 a second; the headers say 1, and it obeys them.
    client = client_for(sim, per_second=10)

    for _ in range(3):
        client.get("/v2/campus")

    assert client.stats.counts[("/v2/campus", 200)] == 3
    assert client.stats.counts[("/v2/campus", 429)] == 0


def test_tries_are_bounded_and_the_error_names_endpoint_and_status(intra_sim):
    client = client_for(intra_sim, max_tries=2)
    client.get("/v2/campus")
    set_faults(intra_sim, error=1.0)

    with pytest.raises(IntraUnavailable, match=r"/v2/campus: gave up after 2 tries.*last status 5\d\d"):
        client.get("/v2/campus")


def test_a_missing_role_is_a_typed_error(intra_sim, intra_client):
    with pytest.raises(IntraForbidden) as raised:
        intra_client.get_all("/v2/balances")
    assert raised.value.role == "Advanced tutor"


def test_a_bad_parameter_is_rejected_without_retrying(intra_sim, intra_client):
    with pytest.raises(IntraRejected) as raised:
        intra_client.get_all("/v2/locations", {"filter[colour]": "blue"})
    assert raised.value.status == 400
    assert intra_client.stats.counts[("/v2/locations", 400)] == 1


def test_wrong_credentials_are_an_auth_error(intra_sim):
    client = client_for(intra_sim)
    client.client_secret = "wrong"
    with pytest.raises(IntraAuthError):
        client.get("/v2/campus")
