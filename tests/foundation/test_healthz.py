from datetime import timedelta

import requests
from django.utils import timezone

from occupancy.models import SyncState
from tests.conftest import manage_env


def test_healthz_answers_200_with_database_and_broker_up(client, db):
    synced = timezone.now()
    SyncState.objects.create(feed="locations", last_success_at=synced)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "last_sync": synced.isoformat(), "last_sync_age": 0}


def test_healthz_needs_no_login_and_shows_no_personal_data(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert set(response.json()) == {"database", "broker", "last_sync", "last_sync_age"}


def test_healthz_answers_503_when_the_last_location_sync_is_too_old(client, db, settings):
    settings.HEALTH_MAX_SYNC_AGE = 300
    SyncState.objects.create(feed="locations", last_success_at=timezone.now() - timedelta(seconds=301))

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["last_sync_age"] >= 301


def test_healthz_answers_503_when_the_database_is_unreachable(served_site):
    base = served_site(manage_env(DATABASE_URL="postgres://postgres@127.0.0.1:1/occupancy"))

    response = requests.get(base + "/healthz", timeout=10)

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
