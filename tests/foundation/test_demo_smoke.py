"""The demo's embedded default (SQLite, no broker) boots, syncs from the simulator and serves pages."""

import requests

from tests.conftest import manage_env, run_manage


def test_demo_configuration_boots_syncs_and_serves_on_sqlite_without_a_broker(tmp_path, served_site, intra_sim):
    env = manage_env(DATABASE_URL=f"sqlite:///{tmp_path}/demo.sqlite3", REDIS_URL=None, SECRET_KEY=None, DEBUG="1",
                     INTRA_API_URL=intra_sim.url, INTRA_CLIENT_ID="occupancy-demo",
                     INTRA_CLIENT_SECRET="occupancy-demo-secret", INTRA_CAMPUS_IDS="9", INTRA_RATE_PER_SECOND="100")
    migrated = run_manage("migrate", "--noinput", env=env, timeout=120)
    assert migrated.returncode == 0, migrated.stderr

    base = served_site(env)
    fresh = requests.get(base + "/healthz", timeout=10)
    since = intra_sim.clock.now().date().isoformat()
    backfill = run_manage("backfill_locations", "--campus", "9", "--since", since, "--foreground", env=env,
                          timeout=120)
    live = run_manage("sync_now", "locations", env=env, timeout=120)
    again = run_manage("sync_now", "locations", env=env, timeout=120)

    assert fresh.status_code == 200
    assert fresh.json() == {"database": "ok", "broker": "embedded", "last_sync": None, "last_sync_age": None}
    assert backfill.returncode == 0 and live.returncode == 0 and again.returncode == 0, backfill.stderr + live.stderr
    assert requests.get(base + "/healthz", timeout=10).json()["last_sync"] is not None
    page = requests.get(base + "/campus/9/cluster/c1/", timeout=10)
    assert page.status_code in (200, 302)  # 302: the sign-in page, once sign-in guards every page
