"""Crashes: a worker killed mid-feed, Redis restarted, PostgreSQL connections dropped. The next runs complete."""

import signal
import subprocess
import sys
import time
import uuid

import psycopg
import pytest
import redis
import requests
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from occupancy.intra.client import IntraClient
from occupancy.intra.ratelimit import Limits, RedisRateLimiter
from occupancy.intra.token import TokenStore
from occupancy.models import Location, SyncState
from occupancy.sync.locations import sync_locations
from occupancy.sync.runner import run_feed
from occupancy.tasks import sync_feed
from tests.conftest import ROOT, free_port, manage_env, test_database_url_for_subprocesses
from tests.sync.conftest import campus_ids_of
from tests.sync.test_locations_feed import database_rows, truth_rows


def wait_for(condition, what, timeout=60):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen within {timeout} s"
        time.sleep(0.1)


def api_requests(sim):
    """Requests the simulator answered on /v2/ (not counting this test's own /_sim/ calls)."""
    stats = requests.get(f"{sim.url}/_sim/stats", timeout=5).json()["requests"]
    return sum(count for key, count in stats.items() if " /v2/" in key)


def start_worker(sim, queue, **env):
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "occupancy", "worker", "--pool", "solo", "-Q", queue,
         "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel", "WARNING"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env=manage_env(DATABASE_URL=test_database_url_for_subprocesses(), INTRA_API_URL=sim.url,
                       INTRA_CLIENT_ID="occupancy-demo", INTRA_CLIENT_SECRET="occupancy-demo-secret",
                       INTRA_CAMPUS_IDS=",".join(map(str, campus_ids_of(sim))), INTRA_RATE_PER_SECOND="100",
                       **env),
    )


def test_a_worker_killed_in_the_middle_of_a_feed_leaves_nothing_half_done(intra_sim, transactional_db):
    queue = f"crash-{uuid.uuid4().hex[:8]}"
    # Slow answers, so the kill lands while the first full load is paging.
    requests.post(f"{intra_sim.url}/_sim/faults", json={"latency": 0.3}, timeout=5).raise_for_status()
    worker = start_worker(intra_sim, queue, SYNC_LOCK_TTL="2")
    try:
        sync_feed.apply_async(args=["locations"], queue=queue)
        wait_for(lambda: api_requests(intra_sim) >= 3, "the worker's first requests")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert not Location.objects.exists()  # the killed run committed nothing
    assert not SyncState.objects.filter(feed="locations", watermark__isnull=False).exists()

    requests.post(f"{intra_sim.url}/_sim/faults", json={}, timeout=5).raise_for_status()
    time.sleep(2)  # the killed worker's lock expires (SYNC_LOCK_TTL=2 s)
    now = intra_sim.clock.now()
    run_feed("locations", client=_client(intra_sim), now=now)

    assert database_rows() == truth_rows(intra_sim.world.active_locations(now))


def _client(sim):
    from tests.intra.conftest import client_for

    return client_for(sim)


@pytest.fixture
def own_redis():
    """A Redis server of this test's own, so restarting it disturbs nothing else."""
    port = free_port()
    args = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    server = {"process": subprocess.Popen(args, stdout=subprocess.DEVNULL)}
    client = redis.Redis(port=port)
    wait_for(lambda: _pings(client), "redis start")

    def restart():
        server["process"].terminate()
        server["process"].wait(timeout=10)
        server["process"] = subprocess.Popen(args, stdout=subprocess.DEVNULL)
        wait_for(lambda: _pings(client), "redis restart")

    yield port, restart
    server["process"].terminate()
    server["process"].wait(timeout=10)


def _pings(client):
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


def test_after_redis_restarts_the_next_runs_complete(intra_sim, own_redis, db):
    intra_sim.clock.pause()  # the world stands still between a run and the comparison
    port, restart = own_redis
    url = f"redis://127.0.0.1:{port}/0"
    client = IntraClient(intra_sim.url, "occupancy-demo", "occupancy-demo-secret",
                         limiter=RedisRateLimiter(redis.Redis.from_url(url), Limits(100, 100_000)),
                         tokens=TokenStore(RedisCache(url, {}), api_url=intra_sim.url), backoff_base=0.01)
    campuses = campus_ids_of(intra_sim)
    sync_locations(client, campus_ids=campuses, now=intra_sim.clock.now())

    restart()  # the token and the limiter's windows are gone with it
    intra_sim.clock.advance(600)
    now = intra_sim.clock.now()
    sync_locations(client, campus_ids=campuses, now=now)

    assert client.stats.counts[("/oauth/token", 200)] == 2
    truth = truth_rows(intra_sim.world.locations(now))
    assert {row for row in database_rows() if row[5] is None} == {row for row in truth if row[5] is None}


def test_after_postgresql_drops_the_connections_mid_run_the_next_run_completes(intra_sim, transactional_db):
    queue = f"pg-{uuid.uuid4().hex[:8]}"
    requests.post(f"{intra_sim.url}/_sim/faults", json={"latency": 0.3}, timeout=5).raise_for_status()
    worker = start_worker(intra_sim, queue, SYNC_LOCK_TTL="2")
    name = connection.settings_dict["NAME"]
    connection.ensure_connection()
    try:
        sync_feed.apply_async(args=["locations"], queue=queue)
        wait_for(lambda: api_requests(intra_sim) >= 3, "the worker's first requests")
        with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as admin:
            dropped = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
                [name, connection.connection.info.backend_pid],
            ).fetchone()[0]
        assert dropped >= 1  # the worker's connection, in the middle of its run
        requests.post(f"{intra_sim.url}/_sim/faults", json={}, timeout=5).raise_for_status()
        time.sleep(2)  # the failed run's lock expires (SYNC_LOCK_TTL=2 s)

        sync_feed.apply_async(args=["locations"], queue=queue)
        wait_for(lambda: SyncState.objects.filter(feed="locations", last_success_at__isnull=False).exists(),
                 "a run after the drop")
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    truth = {item["id"] for item in intra_sim.world.active_locations(intra_sim.clock.now())}
    synced = list(Location.objects.values_list("id", flat=True))
    assert len(synced) == len(set(synced))
    assert len(truth & set(synced)) >= 0.95 * len(truth) > 0
