from datetime import timedelta

import pytest
from django.utils import timezone

from occupancy.models import ApiQuota, ApiUsage, SyncState
from occupancy.read.status import record_heartbeat

pytestmark = pytest.mark.django_db


def test_the_status_page_shows_each_feed_its_lag_and_last_error(staff_client):
    now = timezone.now()
    SyncState.objects.create(feed="locations", last_run_at=now, last_success_at=now, rows_changed=7,
                             requests_spent=2)
    SyncState.objects.create(feed="pools", last_run_at=now, last_success_at=now - timedelta(hours=2),
                             last_error="/v2/pools: gave up after 5 tries (last status 503)", last_error_at=now)
    SyncState.objects.create(feed="balances", needs_role="Advanced tutor", last_run_at=now)

    text = staff_client.get("/status/").content.decode()

    assert "gave up after 5 tries (last status 503)" in text
    assert "needs the intra role “Advanced tutor”" in text
    assert 'class="warning" data-feed="pools"' in text  # 2 hours late for a 10-minute feed


def test_the_status_page_shows_api_spending_against_the_quota(staff_client):
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    ApiUsage.objects.create(hour=hour, endpoint="/v2/locations", status="200", count=150)
    ApiUsage.objects.create(hour=hour, endpoint="/v2/locations", status="429", count=3)
    ApiQuota.objects.create(pk=1, seen_at=timezone.now(), headers={"hourly_remaining": 1047})

    text = staff_client.get("/status/").content.decode()

    assert "153 requests this hour and the last, against a quota of 1200 an hour" in text
    assert "hourly_remaining 1047" in text


def test_worker_and_beat_are_alive_while_heartbeats_come(staff_client):
    record_heartbeat()
    assert "Worker and beat: running" in staff_client.get("/status/").content.decode()


def test_a_missing_heartbeat_says_what_is_stopped(staff_client):
    record_heartbeat(timezone.now() - timedelta(minutes=10))
    text = staff_client.get("/status/").content.decode()
    assert "beat not scheduling" in text or "worker not running" in text
