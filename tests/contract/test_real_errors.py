"""Real error answers and headers read by our client: a 403 with the API's words, a 404 that is not JSON,
a 429 whose Retry-After is 1 when the second's quota is spent (as a daily client relies on)."""

import pytest

from occupancy.intra import IntraRejected
from occupancy.intra.stats import read_rate_headers
from occupancy.models import SyncState
from occupancy.sync.pools import sync_balances
from tests.contract.conftest import real
from tests.intra.conftest import client_for

FORBIDDEN = real("errors/403_insufficient_scope_apidoc.json")
RATE = real("shapes/rate_limit_headers_api42wrapper.json")


@pytest.mark.django_db
def test_a_real_403_stops_the_balances_and_shows_the_apis_words(replay):
    replay.serve_token()
    replay.on("GET", "/v2/balances", (FORBIDDEN["status"], FORBIDDEN["headers"], FORBIDDEN["body"]))

    result = sync_balances(client_for(replay))

    state = SyncState.objects.get(feed="balances")
    assert state.needs_role == "Advanced tutor" and "needs the role" in result.details["skipped"]
    assert FORBIDDEN["body"]["message"][:60] in state.last_error


def test_a_404_that_is_not_json_is_a_one_line_rejection(replay):
    replay.serve_token()  # no route for the campus: the replay answers an HTML 404, as the API may

    with pytest.raises(IntraRejected) as caught:
        client_for(replay).get("/v2/campus/999")

    assert caught.value.status == 404 and str(caught.value) == "/v2/campus/:id: HTTP 404 (last status 404)"


def test_a_429_waits_the_retry_after_of_the_spent_second(replay):
    replay.serve_token()
    waited = []
    replay.on("GET", "/v2/campus/1",
              (429, {"Retry-After": str(RATE["retry_after_when_the_second_is_spent"])}, "Rate Limit Exceeded"),
              (200, {}, real("campus/campus_1_paris_1337logtime.json")))

    campus = client_for(replay, sleep=waited.append).get("/v2/campus/1")

    assert campus["name"] == "Paris" and len(waited) == 1 and waited[0] >= 1


def test_the_real_application_headers_are_read():
    headers = real("headers/paging_messages_page2_apidoc.json")["headers"]
    # Without the rate-limit headers (none of the published answers shows them) only the roles are read.
    assert read_rate_headers({name.lower(): value for name, value in headers.items()}) == {"roles": "None"}
