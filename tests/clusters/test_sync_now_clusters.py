"""`manage.py sync_now clusters`: the operator's way to import the intra's plans now."""

from occupancy.layouts.versions import in_use
from occupancy.models import Campus
from tests.conftest import run_manage, test_database_url_for_subprocesses
from tests.operations.test_sync_commands import sim_env


def test_sync_now_clusters_imports_the_plans_of_the_campuses_synced(intra_sim, transactional_db):
    env = sim_env(intra_sim, DATABASE_URL=test_database_url_for_subprocesses(), INTRA_CAMPUS_IDS="9",
                  INTRA_CDN_URL=intra_sim.url)

    locations = run_manage("sync_now", "locations", env=env, timeout=120)
    result = run_manage("sync_now", "clusters", env=env, timeout=120)

    assert locations.returncode == 0, locations.stderr
    assert result.returncode == 0, result.stderr
    assert "clusters: 1 requests, 3 new" in result.stdout  # Lyon's three; the CDN costs no API request
    version = in_use(Campus.objects.get(id=9))
    assert [cluster["name"] for cluster in version.document["clusters"]] == ["c1", "c2", "c3"]
    assert version.source.startswith("imported from the intra on")
