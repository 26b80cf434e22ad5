"""Operators' commands: bad input is one line and a non-zero exit; good input does the work."""

import pytest

from occupancy.models import Location, SyncState
from tests.conftest import manage_env, run_manage, test_database_url_for_subprocesses


def sim_env(sim, **extra):
    return manage_env(INTRA_API_URL=sim.url, INTRA_CLIENT_ID="occupancy-demo",
                      INTRA_CLIENT_SECRET="occupancy-demo-secret", INTRA_RATE_PER_SECOND="100", **extra)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--campus", "1", "--since", "yesterday"], "'yesterday' is not a date"),
        (["--campus", "1", "--since", "2026-11-10", "--until", "2026-11-01"], "--since must be before --until"),
        (["--campus", "paris", "--since", "2026-11-10"], "invalid int value"),
    ],
)
def test_backfill_refuses_bad_input_with_one_line(args, message):
    result = run_manage("backfill_locations", *args, env=manage_env())
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_sync_now_names_an_unknown_feed():
    result = run_manage("sync_now", "weather", env=manage_env())
    assert result.returncode != 0
    assert "invalid choice: 'weather'" in result.stderr


def test_sync_now_reports_an_unreachable_api_in_one_line(transactional_db):
    env = manage_env(INTRA_API_URL="http://127.0.0.1:1", INTRA_MAX_TRIES="1", INTRA_CAMPUS_IDS="1",
                     DATABASE_URL=test_database_url_for_subprocesses())
    result = run_manage("sync_now", "locations", env=env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("CommandError: locations: /oauth/token")
    assert "Traceback" not in result.stderr


def test_backfill_and_sync_now_fill_the_database(intra_sim, transactional_db):
    env = sim_env(intra_sim, DATABASE_URL=test_database_url_for_subprocesses(), INTRA_CAMPUS_IDS="9")
    since = (intra_sim.clock.now().date()).isoformat()

    backfill = run_manage("backfill_locations", "--campus", "9", "--since", since, env=env, timeout=120)
    live = run_manage("sync_now", "locations", env=env, timeout=120)

    assert backfill.returncode == 0, backfill.stderr
    assert "campus 9:" in backfill.stdout and "rows/s" in backfill.stderr
    assert live.returncode == 0, live.stderr
    assert Location.objects.filter(campus_id=9).exists()
    assert SyncState.objects.get(feed="locations").last_success_at is not None

