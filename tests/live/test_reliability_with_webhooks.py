"""A stretch of a simulated afternoon with webhooks on and every fault of the simulator switched on (lost,
repeated, reordered and wrongly signed deliveries, and the API's own faults): a real worker polling, a real
ASGI server taking the deliveries, real Redis. It ends with the database equal to the simulator's truth."""

import uuid

import pytest
import requests

from occupancy.models import SyncState, WebhookDelivery
from occupancy.tasks import sync_feed
from tests.conftest import Gunicorn, manage_env, test_database_url_for_subprocesses
from tests.reliability.test_crashes import start_worker, wait_for
from tests.reliability.test_faults import EVERY_FAULT
from tests.sync.test_locations_feed import database_rows, truth_rows

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "reliability-secret"
EVERY_WEBHOOK_FAULT = {"webhook_drop": 0.15, "webhook_duplicate": 0.15, "webhook_delay": 0.15,
                       "webhook_bad_secret": 0.1}
STEP_MINUTES = 10
STEPS = 6  # a simulated hour of a busy afternoon
POLL_EVERY = 2  # steps: the live poll; reconciliation every other poll
API_FAULTS = {**EVERY_FAULT, "hang": 0, "revoke": 0.02}  # no hangs: a hung answer only makes the test longer


def run_on_worker(queue, feed, state, sim):
    """Queue one feed run for the worker at the simulator's now and wait until it succeeded or failed."""
    now = sim.clock.now()
    sync_feed.apply_async(args=[feed, now.isoformat()], queue=queue)
    wait_for(lambda: SyncState.objects.filter(feed=state, last_run_at__gte=now).exists(), f"the {feed} run")


def test_a_stretch_of_day_with_webhooks_and_every_fault_ends_equal_to_the_ground_truth(intra_sim_factory):
    site = Gunicorn(manage_env(DATABASE_URL=test_database_url_for_subprocesses(),
                               INTRA_WEBHOOK_SECRET=SECRET)).start()
    sim = intra_sim_factory(webhook_url=f"{site.url}/webhooks/intra/", webhook_secret=SECRET)
    queue = f"live-{uuid.uuid4().hex[:8]}"
    worker = start_worker(sim, queue, INTRA_MAX_TRIES="8", INTRA_TIMEOUT="2", INTRA_BACKOFF_BASE="0.05")
    try:
        start = sim.clock.start  # deliveries begin here; the first run loads the sessions open then
        run_on_worker(queue, "locations", "locations", sim)
        requests.post(f"{sim.url}/_sim/faults", json={**API_FAULTS, **EVERY_WEBHOOK_FAULT},
                      timeout=5).raise_for_status()
        for step in range(1, STEPS + 1):
            sim.clock.advance(STEP_MINUTES * 60)
            assert sim.webhooks.wait_idle(), "the simulator's deliveries did not drain"
            if step % POLL_EVERY == 0:
                run_on_worker(queue, "locations", "locations", sim)
            if step % (2 * POLL_EVERY) == 0:
                run_on_worker(queue, "reconcile", "locations_reconcile", sim)

        requests.post(f"{sim.url}/_sim/faults", json={}, timeout=5).raise_for_status()
        run_on_worker(queue, "locations", "locations", sim)
        run_on_worker(queue, "reconcile", "locations_reconcile", sim)
        # Everything open at the start or begun or ended since (the poll's overlap also brings a few older ones).
        since_start = {row for row in truth_rows(sim.world.locations(sim.clock.now())) if not row[5] or row[5] > start}
        assert {row for row in database_rows() if not row[5] or row[5] > start} == since_start
    finally:
        worker.terminate()
        worker.wait(timeout=20)
        site.stop()

    sent = sim.webhooks.stats
    assert sent["dropped"] and sent["duplicated"] and sent["delayed"] and sent["bad_secret"]
    assert sent["answered 200"] > 50 and sent["answered 403"]  # the wrongly signed ones were refused
    assert WebhookDelivery.objects.count() > 50
