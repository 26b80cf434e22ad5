"""The hourly roll-up on PostgreSQL, against values computed directly from Location rows."""

from datetime import timedelta

import pytest

from occupancy.models import Location, OccupancyHour, Seat
from occupancy.sync.backfill import backfill_locations
from occupancy.sync.locations import reconcile_active_locations, sync_locations
from occupancy.sync.rollup import floor_hour
from tests.sync.conftest import campus_ids_of

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


def direct_hour(locations, seats_first_seen, hour, now):
    """(seats, taken_peak, taken_seconds, people) of one hour, straight from the rows: no sweep, no sharing."""
    end_of_hour = min(hour + HOUR, now)
    spans = [(max(begin, hour), min(end or now, end_of_hour), user) for begin, end, user in locations]
    spans = [(begin, end, user) for begin, end, user in spans if end > begin]
    instants = [hour] + [begin for begin, _, _ in spans]
    peak = max((sum(1 for begin, end, _ in spans if begin <= moment < end) for moment in instants), default=0)
    seconds = round(sum((end - begin).total_seconds() for begin, end, _ in spans))
    seats = sum(1 for first_seen in seats_first_seen if first_seen < hour + HOUR)
    return seats, peak, seconds, len({user for _, _, user in spans})


def assert_rollup_matches_locations(campus_id, since, now):
    rows = {(row.cluster, row.hour): (row.seats, row.taken_peak, row.taken_seconds, row.people)
            for row in OccupancyHour.objects.filter(campus_id=campus_id, hour__gte=since)}
    locations = list(Location.objects.filter(campus_id=campus_id).values_list("seat__cluster", "begin_at", "end_at",
                                                                               "user_id"))
    seats = list(Seat.objects.filter(campus_id=campus_id).values_list("cluster", "first_seen"))
    clusters = {""} | {cluster for cluster, _ in seats if cluster}
    hour = since
    checked = 0
    while hour <= now:
        for cluster in clusters:
            of_cluster = [(b, e, u) for c, b, e, u in locations if cluster in ("", c)]
            first_seen = [seen for c, seen in seats if cluster in ("", c)]
            assert rows[cluster, hour] == direct_hour(of_cluster, first_seen, hour, now), (cluster, hour)
            checked += 1
        hour += HOUR
    return checked


def test_the_live_rollup_matches_locations_after_a_simulated_day(intra_sim, sim_client):
    campuses = campus_ids_of(intra_sim)
    start = intra_sim.clock.now()
    sync_locations(sim_client, campus_ids=campuses, now=start)
    for step in range(1, 24 * 2 + 1):
        intra_sim.clock.advance(30 * 60)
        now = intra_sim.clock.now()
        sync_locations(sim_client, campus_ids=campuses, now=now)
        if step % 4 == 0:
            reconcile_active_locations(sim_client, campus_ids=campuses, now=now)

    for campus_id in campuses:
        checked = assert_rollup_matches_locations(campus_id, floor_hour(start), now)
        assert checked >= 25 * 2
    busiest = OccupancyHour.objects.filter(cluster="").order_by("-taken_peak").first()
    assert busiest.taken_peak > 10 and busiest.people >= busiest.taken_peak


def test_the_backfill_rolls_up_the_hours_it_loads(intra_sim, sim_client):
    now = intra_sim.clock.now()
    campus_id = campus_ids_of(intra_sim)[0]

    backfill_locations(sim_client, campus_id=campus_id, since=now - timedelta(days=1), until=now)

    assert assert_rollup_matches_locations(campus_id, floor_hour(now - timedelta(days=1)), now) > 24
