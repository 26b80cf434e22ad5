"""A real Celery worker on the real Redis runs a feed end to end."""

import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings

from occupancy.models import Location, SyncState
from occupancy.tasks import sync_feed
from tests.conftest import ROOT, manage_env, test_database_url_for_subprocesses
from tests.sync.conftest import campus_ids_of


@pytest.fixture
def worker(intra_sim, transactional_db):
    """A Celery worker process on its own queue, pointed at the simulator and the test database."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = manage_env(
        DATABASE_URL=test_database_url_for_subprocesses(),
        REDIS_URL=settings.REDIS_URL,
        INTRA_API_URL=intra_sim.url,
        INTRA_CLIENT_ID="occupancy-demo",
        INTRA_CLIENT_SECRET="occupancy-demo-secret",
        INTRA_CAMPUS_IDS=",".join(map(str, campus_ids_of(intra_sim))),
        INTRA_RATE_PER_SECOND="100",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "occupancy", "worker", "--pool", "solo", "-Q", queue,
         "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel", "WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    yield queue
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_a_worker_on_redis_runs_the_locations_feed_end_to_end(intra_sim, worker):
    sync_feed.apply_async(args=["locations"], queue=worker)

    deadline = time.monotonic() + 60
    while not SyncState.objects.filter(feed="locations", last_success_at__isnull=False).exists():
        assert time.monotonic() < deadline, "the worker did not finish the feed within 60 s"
        time.sleep(0.2)

    truth = {item["id"] for item in intra_sim.world.active_locations(intra_sim.clock.now())}
    synced = set(Location.objects.values_list("id", flat=True))
    # Sessions may begin or end between the worker's run and this check; nearly all must match.
    assert len(truth & synced) >= 0.95 * len(truth) > 0
