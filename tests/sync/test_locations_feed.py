"""The locations feed on PostgreSQL against the simulator: live windows, reconciliation, backfill."""

from datetime import datetime, timedelta

import pytest
import requests

from occupancy.intra import IntraUnavailable
from occupancy.models import Location, Seat, SyncState
from occupancy.sync.backfill import backfill_locations
from occupancy.sync.locations import reconcile_active_locations, sync_locations
from tests.intra.conftest import client_for
from tests.sync.conftest import campus_ids_of

pytestmark = pytest.mark.django_db


def database_rows():
    return {
        (loc.id, loc.campus_id, loc.seat.host, loc.login, loc.begin_at, loc.end_at)
        for loc in Location.objects.select_related("seat")
    }


def parse_time(value):
    return None if value is None else datetime.fromisoformat(value)


def truth_rows(items):
    return {
        (item["id"], item["campus_id"], item["host"], item["user"]["login"], parse_time(item["begin_at"]),
         parse_time(item["end_at"]))
        for item in items
    }


def play(sim, client, campuses, *, hours, step_minutes=10, reconcile_every=6):
    """Advance the simulator's clock step by step, syncing as beat would (reconciling now and then)."""
    for step in range(1, hours * 60 // step_minutes + 1):
        sim.clock.advance(step_minutes * 60)
        now = sim.clock.now()
        sync_locations(client, campus_ids=campuses, now=now)
        if step % reconcile_every == 0:
            reconcile_active_locations(client, campus_ids=campuses, now=now)


def load_history(sim, client, campuses):
    now = sim.clock.now()
    for campus in campuses:
        backfill_locations(client, campus_id=campus, since=now - timedelta(days=30), until=now)


def test_the_first_run_loads_every_active_session(intra_sim, sim_client):
    intra_sim.clock.pause()  # the world stands still between a run and the comparison
    now = intra_sim.clock.now()
    campuses = campus_ids_of(intra_sim)

    result = sync_locations(sim_client, campus_ids=campuses, now=now)

    assert truth_rows(intra_sim.world.active_locations(now)) == database_rows()
    assert result.created == Location.objects.count() > 0
    assert SyncState.objects.get(feed="locations").watermark == now


def test_a_steady_cycle_costs_two_requests_whatever_the_number_of_campuses(intra_sim, sim_client):
    campuses = campus_ids_of(intra_sim)
    assert len(campuses) >= 3
    sync_locations(sim_client, campus_ids=campuses, now=intra_sim.clock.now())
    intra_sim.clock.advance(30)

    result = sync_locations(sim_client, campus_ids=campuses, now=intra_sim.clock.now())

    assert result.requests == 2


def test_a_simulated_day_ends_equal_to_the_simulators_ground_truth(intra_sim, sim_client):
    intra_sim.clock.pause()  # else a session that begins between the last sync and the comparison differs
    campuses = campus_ids_of(intra_sim)
    load_history(intra_sim, sim_client, campuses)
    sync_locations(sim_client, campus_ids=campuses, now=intra_sim.clock.now())

    play(intra_sim, sim_client, campuses, hours=24)

    assert database_rows() == truth_rows(intra_sim.world.locations(intra_sim.clock.now()))


def test_running_a_feed_twice_changes_nothing_the_second_time(intra_sim, sim_client):
    campuses = campus_ids_of(intra_sim)
    sync_locations(sim_client, campus_ids=campuses, now=intra_sim.clock.now())
    intra_sim.clock.advance(600)
    now = intra_sim.clock.now()
    sync_locations(sim_client, campus_ids=campuses, now=now)
    before = database_rows()

    again = sync_locations(sim_client, campus_ids=campuses, now=now)

    assert again.rows_changed == 0
    assert database_rows() == before


def test_a_failed_run_writes_nothing_and_keeps_the_watermark(intra_sim):
    client = client_for(intra_sim, max_tries=2)
    campuses = campus_ids_of(intra_sim)
    first = intra_sim.clock.now()
    sync_locations(client, campus_ids=campuses, now=first)
    before = database_rows()
    intra_sim.clock.advance(3600)
    requests.post(f"{intra_sim.url}/_sim/faults", json={"malformed": 1.0}, timeout=5).raise_for_status()

    with pytest.raises(IntraUnavailable):
        sync_locations(client, campus_ids=campuses, now=intra_sim.clock.now())

    assert SyncState.objects.get(feed="locations").watermark == first
    assert database_rows() == before


def test_reconciliation_closes_sessions_the_api_no_longer_reports_active(intra_sim, sim_client):
    campuses = campus_ids_of(intra_sim)
    sync_locations(sim_client, campus_ids=campuses, now=intra_sim.clock.now())
    # A long outage: the live windows never ran while these sessions ended.
    intra_sim.clock.advance(6 * 3600)
    now = intra_sim.clock.now()
    SyncState.objects.filter(feed="locations").update(watermark=now)

    result = reconcile_active_locations(sim_client, campus_ids=campuses, now=now)

    active_truth = {item["id"] for item in intra_sim.world.active_locations(now)}
    assert result.details["closed_or_removed"] > 0
    assert set(Location.objects.active().values_list("id", flat=True)) <= active_truth


def test_hosts_that_fit_no_pattern_are_kept_as_unplaced_seats(intra_sim, sim_client):
    campuses = campus_ids_of(intra_sim)
    load_history(intra_sim, sim_client, campuses)

    unplaced = Seat.objects.filter(cluster="")
    assert unplaced.exists()
    assert all(seat.row is None and seat.post is None for seat in unplaced)
    assert Seat.objects.exclude(cluster="").count() > unplaced.count()


def test_a_stopped_backfill_resumes_after_its_last_committed_page(intra_sim):
    campus = campus_ids_of(intra_sim)[0]
    now = intra_sim.clock.now()
    since = now - timedelta(days=30)
    client = client_for(intra_sim, max_tries=1)
    pages_seen = []

    def stop_after_two_pages(done, total, rate):
        pages_seen.append(done)
        if len(pages_seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        backfill_locations(client, campus_id=campus, since=since, until=now, progress=stop_after_two_pages)
    assert Location.objects.count() == 200

    resumed = client_for(intra_sim)
    result = backfill_locations(resumed, campus_id=campus, since=since, until=now)

    expected = [item for item in intra_sim.world.locations(now) if item["campus_id"] == campus]
    assert Location.objects.filter(campus_id=campus).count() == len(expected)
    assert result.created == len(expected) - 200
