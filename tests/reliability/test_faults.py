"""A simulated day with every fault of the simulator switched on ends equal to its ground truth."""

import pytest
import requests

from occupancy.intra import IntraUnavailable
from occupancy.sync.locations import reconcile_active_locations, sync_locations
from tests.intra.conftest import client_for
from tests.sync.conftest import campus_ids_of
from tests.sync.test_locations_feed import database_rows, load_history, play, truth_rows

pytestmark = pytest.mark.django_db

EVERY_FAULT = {"error": 0.08, "reset": 0.04, "hang": 0.01, "hang_seconds": 3, "malformed": 0.04, "shift": 3,
               "revoke": 0.03, "storm": 0.02}


def test_a_simulated_day_with_every_fault_ends_equal_to_the_ground_truth(intra_sim):
    intra_sim.clock.pause()  # the world stands still between a run and the comparison
    client = client_for(intra_sim, max_tries=8, timeout=(1, 1))
    campuses = campus_ids_of(intra_sim)
    load_history(intra_sim, client, campuses)
    sync_locations(client, campus_ids=campuses, now=intra_sim.clock.now())
    requests.post(f"{intra_sim.url}/_sim/faults", json=EVERY_FAULT, timeout=5).raise_for_status()

    failed_runs = 0
    for _ in range(24):
        try:
            play(intra_sim, client, campuses, hours=1)
        except IntraUnavailable:
            failed_runs += 1  # a run that gives up changes nothing; the next one catches up
    requests.post(f"{intra_sim.url}/_sim/faults", json={}, timeout=5).raise_for_status()
    now = intra_sim.clock.now()
    sync_locations(client, campus_ids=campuses, now=now)
    reconcile_active_locations(client, campus_ids=campuses, now=now)

    assert database_rows() == truth_rows(intra_sim.world.locations(now))
    counts = client.stats.counts
    for answer in (401, 429, 500, "ConnectionError"):
        assert any(status == answer or str(status) == str(answer) for _, status in counts), answer
