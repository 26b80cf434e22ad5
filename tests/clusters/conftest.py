from pathlib import Path

import pytest

from occupancy.models import Campus
from occupancy.sync.clusters import sync_cluster_plans
from occupancy.sync.locations import sync_campuses, sync_locations
from tests.intra.conftest import client_for

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "intra_real" / "clusters"


@pytest.fixture
def cdn(intra_sim, settings):
    """The simulator serves the drawings: INTRA_CDN_URL points at it."""
    settings.INTRA_CDN_URL = intra_sim.url
    return intra_sim


@pytest.fixture
def imported(cdn):
    """The simulator's campuses with their hosts seen, then the clusters feed run once: (sim, client, result)."""
    client = client_for(cdn)
    ids = sorted(campus["id"] for campus in cdn.world.campuses())
    sync_campuses(client, ids)
    sync_locations(client, campus_ids=ids, now=cdn.clock.now())
    result = sync_cluster_plans(client, campus_ids=ids, now=cdn.clock.now())
    return cdn, client, result


def campus(campus_id):
    return Campus.objects.get(id=campus_id)
