"""Paging, filters, ranges and sorts exactly as the reference pages document them."""

from datetime import datetime

import pytest

from intrasim.server import SimServer


def ids(response):
    return [item["id"] for item in response.json()]


def test_lists_are_paged_by_30_by_default_and_100_at_most_with_the_paging_headers(intra_sim, api):
    total = len(intra_sim.world.locations(intra_sim.clock.now()))

    first = api.get("/v2/locations")
    big = api.get("/v2/locations", **{"page[size]": 500, "page[number]": 2})

    assert len(first.json()) == 30
    assert first.headers["X-Page"] == "1" and first.headers["X-Per-Page"] == "30"
    assert int(first.headers["X-Total"]) == total
    assert {'rel="first"', 'rel="next"', 'rel="last"'} <= {part.split(";")[1].strip() for part in
                                                          first.headers["Link"].split(", ")}
    assert 'rel="prev"' not in first.headers["Link"]
    assert len(big.json()) == 100 and big.headers["X-Per-Page"] == "100"
    assert 'rel="prev"' in big.headers["Link"]


def test_following_next_reads_every_item_once(api, intra_sim):
    seen, response = [], api.get("/v2/locations", **{"page[size]": 100})
    while True:
        seen += ids(response)
        if "next" not in response.links:
            break
        response = api.session.get(response.links["next"]["url"], timeout=10)
    assert sorted(seen) == sorted(item["id"] for item in intra_sim.world.locations(intra_sim.clock.now()))


def test_the_older_page_and_per_page_forms_are_accepted(api):
    response = api.get("/v2/locations", page=2, per_page=10)
    assert response.headers["X-Page"] == "2" and len(response.json()) == 10


def test_locations_are_sorted_by_begin_at_descending_by_default(api):
    begins = [item["begin_at"] for item in api.get("/v2/locations", **{"page[size]": 100}).json()]
    assert begins == sorted(begins, reverse=True)


def test_sort_takes_several_fields_with_minus_for_descending(api):
    items = api.get("/v2/locations", sort="-campus_id,host", **{"page[size]": 100}).json()
    keys = [(-item["campus_id"], item["host"]) for item in items]
    assert keys == sorted(keys)


def test_filters_keep_any_of_the_values(api):
    items = api.get("/v2/locations", **{"filter[campus_id]": "9,21", "page[size]": 100}).json()
    assert items and {item["campus_id"] for item in items} <= {9, 21}


def test_ranges_are_inclusive_on_times(api, intra_sim):
    one = api.get("/v2/locations").json()[5]
    response = api.get("/v2/locations", **{"range[begin_at]": f"{one['begin_at']},{one['begin_at']}"})
    assert one["id"] in ids(response)


def test_the_special_location_filters(api, intra_sim):
    now = intra_sim.clock.now()
    active = api.get("/v2/locations", **{"filter[active]": "true", "page[size]": 100})
    ended = api.get("/v2/locations", **{"filter[inactive]": "true", "page[size]": 100}).json()
    assert int(active.headers["X-Total"]) == len(intra_sim.world.active_locations(now))
    assert all(item["end_at"] is None for item in active.json())
    assert all(item["end_at"] is not None for item in ended)
    assert api.get("/v2/locations", **{"filter[future]": "true"}).json() == []


def test_campus_and_user_scoped_locations(api, intra_sim):
    login = intra_sim.world.location_json(intra_sim.world.sessions[0], intra_sim.clock.now())["user"]["login"]
    assert {item["campus_id"] for item in api.get("/v2/campus/9/locations", **{"page[size]": 100}).json()} == {9}
    assert {item["user"]["login"] for item in api.get(f"/v2/users/{login}/locations").json()} == {login}


@pytest.mark.parametrize(
    "params, names",
    [
        ({"filter[colour]": "blue"}, "filter[colour]"),
        ({"range[login]": "a,b"}, "range[login]"),
        ({"sort": "-colour"}, "sort"),
        ({"filter[campus_id]": "paris"}, "filter[campus_id]"),
        ({"range[begin_at]": "yesterday,today"}, "not an ISO 8601 time"),
        ({"filter[active]": "maybe"}, "must be true or false"),
        ({"range[id]": "1"}, "expected min,max"),
        ({"page[size]": "ten"}, "must be numbers"),
    ],
)
def test_an_unknown_field_or_a_bad_value_is_refused_never_ignored(api, params, names):
    response = api.get("/v2/locations", **params)
    assert response.status_code == 400
    assert names in response.json()["message"]


def test_project_sessions_follow_their_page(api):
    items = api.get("/v2/project_sessions", **{"page[size]": 100}).json()
    assert ids(api.get("/v2/project_sessions")) == sorted(ids(api.get("/v2/project_sessions")), reverse=True)
    documented = {"id", "project_id", "campus_id", "cursus_id", "begin_at", "end_at", "project", "updated_at"}
    assert documented <= set(items[0])
    assert any(item["project"]["exam"] for item in items)
    assert any(item["campus_id"] is None for item in items)
    project = items[0]["project_id"]
    assert {item["project_id"] for item in api.get(f"/v2/projects/{project}/project_sessions").json()} == {project}
    assert all(item["end_at"] > item["begin_at"] for item in
               api.get("/v2/project_sessions", **{"filter[future]": "true"}).json())


def test_balances_need_the_advanced_tutor_role(api):
    response = api.get("/v2/balances")
    assert response.status_code == 403
    assert "Advanced tutor" in response.json()["message"]


def test_balances_with_the_role_in_their_documented_shape_and_order(intra_sim_factory):
    from tests.simulator.conftest import Api

    api = Api(intra_sim_factory(roles=["Advanced tutor"]))
    items = api.get("/v2/balances", **{"page[size]": 100}).json()

    assert set(items[0]) == {"id", "begin_at", "end_at", "pool_id"}
    datetime.strptime(items[0]["begin_at"], "%Y-%m-%d %H:%M:%S")
    assert {item["pool_id"] for item in api.get("/v2/balances", **{"filter[pool_id]": "11"}).json()} == {11}


def test_pools_and_campuses(api):
    pools = api.get("/v2/pools").json()
    assert {"id", "current_points", "max_points", "campus_id", "cursus_id"} <= set(pools[0])
    assert api.get(f"/v2/pools/{pools[0]['id']}").json()["id"] == pools[0]["id"]
    assert [c["id"] for c in api.get("/v2/campus").json()] == [1, 9, 21]
    assert api.get("/v2/campus/21").json()["time_zone"] == "Africa/Casablanca"
    assert api.get("/v2/campus/77").status_code == 404


def test_the_world_is_a_function_of_the_seed_and_the_clock():
    start = datetime.fromisoformat("2026-11-24T12:00:00+00:00")
    one, two, other = (SimServer(seed=seed, days=1, clock=start) for seed in (7, 7, 8))
    now = one.clock.start
    assert one.world.locations(now)[:50] == two.world.locations(now)[:50]
    assert one.world.locations(now)[:50] != other.world.locations(now)[:50]
    for server in (one, two, other):
        server.httpd.server_close()


def test_facts_of_seed_7_are_pinned(intra_sim):
    world = intra_sim.world
    hosts = {session[5] for session in world.sessions}
    assert world.staff_logins(1)[:2] == ["amartin", "bleroy"]
    assert sum(1 for h in hosts if h[0] in "ez") >= 1000  # Paris: more than 1,000 seats in use
    assert {"lab-imac-07", "bess-mac-mini"} & hosts  # hosts that fit no pattern
    assert any(h.startswith("c3r9s") for h in hosts)  # a row added partway through history
    assert len(world.users) > 3000 and 30 <= len(world.staff_logins()) <= 60


def test_a_public_holiday_is_quieter_than_the_same_weekday_a_week_before():
    sim = SimServer(seed=7, days=10, clock=datetime.fromisoformat("2026-11-14T12:00:00+00:00"))
    sim.httpd.server_close()

    def begun_in_paris(day):
        return sum(1 for _, begin, _, _, campus_id, _ in sim.world.sessions
                   if campus_id == 1 and begin.date().isoformat() == day)

    assert begun_in_paris("2026-11-11") < 0.6 * begun_in_paris("2026-11-04")  # Armistice Day, both Wednesdays


def test_sessions_begin_and_end_as_the_clock_moves(intra_sim):
    before = intra_sim.clock.now()
    active = {item["id"] for item in intra_sim.world.active_locations(before)}
    intra_sim.clock.advance(3 * 3600)
    after = intra_sim.clock.now()
    now_active = {item["id"] for item in intra_sim.world.active_locations(after)}
    assert now_active - active and active - now_active
