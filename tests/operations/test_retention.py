"""Retention: old locations are folded into the roll-up, then removed; charts keep their history."""

from datetime import timedelta

import pytest
from django.utils import timezone

from occupancy.models import Location, OccupancyHour
from occupancy.sync.retention import prune_locations
from occupancy.sync.rollup import roll_up
from tests.maps.conftest import make_campus, sit

pytestmark = pytest.mark.django_db


def test_by_default_every_location_is_kept(settings):
    campus = make_campus()
    sit(campus, "e1r1p1", "old", begun_minutes_ago=60 * 24 * 400, ended=True)

    assert prune_locations().deleted == 0
    assert Location.objects.count() == 1


def test_old_locations_are_folded_into_the_rollup_then_removed(settings):
    settings.LOCATION_RETENTION_DAYS = 30
    now = timezone.now()
    campus = make_campus()
    old = sit(campus, "e1r1p1", "old", begun_minutes_ago=60 * 24 * 40, ended=True)
    recent = sit(campus, "e1r1p2", "recent", begun_minutes_ago=60 * 24 * 2, ended=True)
    active = sit(campus, "e1r1p3", "here", begun_minutes_ago=60 * 24 * 45)  # still open: kept

    result = prune_locations(now=now)

    assert result.deleted == 1
    assert set(Location.objects.values_list("id", flat=True)) == {recent.id, active.id}
    hour = old.begin_at.replace(minute=0, second=0, microsecond=0)
    folded = OccupancyHour.objects.get(campus=campus, cluster="", hour=hour)
    assert folded.people >= 1 and folded.taken_seconds > 0

    # A later re-roll of that old hour must not erase what was folded in.
    roll_up(campus.id, old.begin_at - timedelta(hours=1), old.end_at, now=now)
    assert OccupancyHour.objects.get(campus=campus, cluster="", hour=hour).people == folded.people
