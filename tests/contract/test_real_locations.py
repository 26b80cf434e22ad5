"""Real location answers (Seoul, 2022: whole user objects, no floor/row/post keys) read by our client and sync."""

from datetime import UTC, datetime

import pytest

from occupancy.models import ApiSurprise, Campus, Location, Seat
from occupancy.sync.locations import sync_campuses, sync_locations
from tests.contract.conftest import real
from tests.intra.conftest import client_for

pytestmark = pytest.mark.django_db

LOCATIONS = real("locations/campus_29_locations_2022_icp.json")
PAGING = real("headers/paging_messages_page2_apidoc.json")["headers"]


def paged(path, items, per_page):
    """The real paging headers (X-Page, X-Per-Page, X-Total, a Link of ?page=N) over items, page by page."""
    pages = [items[start:start + per_page] for start in range(0, len(items), per_page)]
    answers = {}
    for number, page in enumerate(pages, start=1):
        links = [f'<https://api.intra.42.fr{path}?page=1>; rel="first"']
        if number > 1:
            links.append(f'<https://api.intra.42.fr{path}?page={number - 1}>; rel="prev"')
        links.append(f'<https://api.intra.42.fr{path}?page={len(pages)}>; rel="last"')
        if number < len(pages):
            links.append(f'<https://api.intra.42.fr{path}?page={number + 1}>; rel="next"')
        headers = {**PAGING, "X-Page": str(number), "X-Per-Page": str(per_page), "X-Total": str(len(items)),
                   "Link": ", ".join(links)}
        answers[str(number)] = (200, headers, page)
    return answers


def test_real_locations_become_sessions_and_seats(replay):
    replay.serve_token()
    for number, answer in paged("/v2/locations", LOCATIONS, per_page=20).items():
        replay.on("GET", "/v2/locations", answer, page=number)
    now = datetime(2022, 2, 15, 6, 0, tzinfo=UTC)

    sync_locations(client_for(replay), campus_ids=[29], now=now)

    assert Location.objects.count() == len({item["id"] for item in LOCATIONS}) == 30
    open_session = Location.objects.get(end_at__isnull=True)
    assert (open_session.seat.host, open_session.login) == ("c1r9s4", LOCATIONS[0]["user"]["login"])
    assert open_session.user_id == LOCATIONS[0]["user"]["id"]
    assert open_session.begin_at == datetime(2022, 2, 15, 5, 26, 13, 869000, tzinfo=UTC)
    assert set(Seat.objects.values_list("host", "cluster", "row", "post")) >= {("c1r9s4", "c1", 9, 4),
                                                                               ("c2r7s1", "c2", 7, 1)}
    assert not Seat.objects.filter(cluster="").exists()
    # The whole user object and the missing floor/row/post keys are what the API sends: no surprise.
    assert not ApiSurprise.objects.exists()
    # The client followed the real Link form (?page=2, without page[size]) to the end.
    assert [path for method, path in replay.requests if method == "GET"][-1] == "/v2/locations?page=2"


def test_real_campus_answers_name_the_campuses(replay):
    replay.serve_token()
    campuses = real("campus/campus_list_2022_icp.json")
    replay.on("GET", "/v2/campus", (200, {**PAGING, "X-Page": "1", "X-Per-Page": "100", "X-Total": "30",
                                          "Link": ""}, campuses))
    replay.on("GET", "/v2/campus/1", (200, {}, real("campus/campus_1_paris_1337logtime.json")))
    client = client_for(replay)

    assert sync_campuses(client, []) == sorted(campus["id"] for campus in campuses)
    assert sync_campuses(client, [1]) == [1]

    assert Campus.objects.get(id=1).time_zone == "Europe/Paris"
    assert (Campus.objects.get(id=55).name, Campus.objects.get(id=55).time_zone) == ("Tétouan", "Africa/Casablanca")
    assert not ApiSurprise.objects.exists()
