"""While deliveries flow the live poll slows down; once they stop it speeds up again on its own."""

from datetime import timedelta

import pytest
from django.utils import timezone

from occupancy.models import SyncState, WebhookDelivery
from occupancy.sync.webhooks import delivery_stats, live_poll_due, poll_interval, prune_deliveries, record_outcome
from tests.conftest import manage_env, run_manage

pytestmark = pytest.mark.django_db


@pytest.fixture
def intervals(settings, webhook_secret):
    settings.SYNC_LOCATIONS_EVERY = 30
    settings.SYNC_LOCATIONS_EVERY_WITH_WEBHOOKS = 60
    settings.WEBHOOK_QUIET_AFTER = 120


def test_the_poll_runs_at_every_beat_without_deliveries(intervals):
    now = timezone.now()
    SyncState.objects.create(feed="locations", last_success_at=now - timedelta(seconds=5))

    assert poll_interval(now) == 30 and live_poll_due(now)


def test_the_poll_rests_while_deliveries_flow_and_resumes_when_they_stop(intervals):
    now = timezone.now()
    SyncState.objects.create(feed="locations", last_success_at=now - timedelta(seconds=30))
    record_outcome("accepted", now=now)

    assert poll_interval(now) == 60 and not live_poll_due(now)
    assert live_poll_due(now + timedelta(seconds=20))  # the slower cycle still comes round
    quiet = now + timedelta(seconds=121)
    assert poll_interval(quiet) == 30 and live_poll_due(quiet)
    assert delivery_stats(quiet)["poll_interval"] == 30


def test_rejected_deliveries_do_not_slow_the_poll(intervals):
    now = timezone.now()
    record_outcome("rejected_secret", now=now)

    assert poll_interval(now) == 30


def test_delivery_ids_are_forgotten_after_a_week():
    now = timezone.now()
    WebhookDelivery.objects.create(delivery="old", event="create", location_id=1, received_at=now - timedelta(days=8))
    WebhookDelivery.objects.create(delivery="new", event="create", location_id=2, received_at=now - timedelta(days=1))

    assert prune_deliveries(now=now) == 1
    assert list(WebhookDelivery.objects.values_list("delivery", flat=True)) == ["new"]


def test_a_rest_of_three_cycles_or_more_is_refused_at_start():
    result = run_manage("check", env=manage_env(SYNC_LOCATIONS_EVERY="30", SYNC_LOCATIONS_EVERY_WITH_WEBHOOKS="90"))

    assert result.returncode != 0
    assert "SYNC_LOCATIONS_EVERY_WITH_WEBHOOKS must stay below three SYNC_LOCATIONS_EVERY" in result.stderr
