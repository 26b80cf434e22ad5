"""Pools, balances and project sessions against the simulator, on PostgreSQL."""

import pytest

from occupancy.models import Balance, Pool, PoolPoints, Project, ProjectSession, SyncState
from occupancy.sync.pools import sync_balances, sync_pools
from occupancy.sync.project_sessions import sync_project_sessions
from tests.intra.conftest import client_for

pytestmark = pytest.mark.django_db


def test_pools_are_synced_and_their_points_kept_over_time(intra_sim, sim_client):
    sync_pools(sim_client, now=intra_sim.clock.now())
    intra_sim.clock.advance(3 * 86400)
    sync_pools(sim_client, now=intra_sim.clock.now())

    assert Pool.objects.count() == len(intra_sim.world.pools)
    moving = [pool["id"] for pool in intra_sim.world.pools if abs(pool["rate"]) > 0.5]
    assert PoolPoints.objects.filter(pool_id__in=moving).count() == 2 * len(moving)


def test_balances_without_the_role_mark_the_feed_and_stop_asking(intra_sim, sim_client):
    first = sync_balances(sim_client, now=intra_sim.clock.now())
    second = sync_balances(sim_client, now=intra_sim.clock.now())

    state = SyncState.objects.get(feed="balances")
    assert state.needs_role == "Advanced tutor"
    assert first.requests >= 1 and second.requests == 0
    assert "needs the role" in second.details["skipped"]


def test_balances_with_the_role_are_read_then_read_incrementally(intra_sim_factory):
    sim = intra_sim_factory(roles=["Advanced tutor"])
    client = client_for(sim)
    now = sim.clock.now()

    sync_balances(client, now=now)
    sim.clock.advance(600)
    again = sync_balances(client, now=sim.clock.now())

    assert Balance.objects.count() == sum(1 for b in sim.world.balances if b["created_at"] <= now)
    assert again.rows_changed == 0
    assert SyncState.objects.get(feed="balances").needs_role == ""


def test_project_sessions_arrive_with_their_projects_and_exams(intra_sim, sim_client):
    sync_project_sessions(sim_client, now=intra_sim.clock.now())
    created = ProjectSession.objects.count()
    # Some sessions change in the next two days; only those are read again.
    intra_sim.clock.advance(2 * 86400)
    later = sync_project_sessions(sim_client, now=intra_sim.clock.now())

    assert created > 0
    assert Project.objects.filter(exam=True).exists()
    assert ProjectSession.objects.filter(campus_id__isnull=True).exists()
    assert 0 < later.updated < created
