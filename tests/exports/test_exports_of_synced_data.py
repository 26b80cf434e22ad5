"""Exports of a day loaded by the backfill from the simulator match the rows the sync stored."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from occupancy.models import Campus, Location
from occupancy.read.exports import locations_export, utilisation_export
from occupancy.read.usage import local_day_bounds
from occupancy.sync.backfill import backfill_locations
from tests.intra.conftest import client_for
from tests.sync.conftest import campus_ids_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def synced_day(intra_sim):
    now = intra_sim.clock.now()
    campus_id = campus_ids_of(intra_sim)[0]
    backfill_locations(client_for(intra_sim), campus_id=campus_id, since=now - timedelta(days=1), until=now)
    campus = Campus.objects.get(id=campus_id)
    zone = ZoneInfo(campus.time_zone)
    return campus, (now - timedelta(days=1)).astimezone(zone).date(), now.astimezone(zone).date(), now


def test_the_locations_export_is_every_stored_session_of_the_period(synced_day):
    campus, first_day, last_day, now = synced_day
    zone = ZoneInfo(campus.time_zone)

    rows = list(locations_export(campus, first_day, last_day, now=now).rows)

    stored = Location.objects.filter(campus=campus).select_related("seat").order_by("begin_at", "id")
    assert len(rows) > 50
    assert rows == [(location.id, campus.name, location.seat.host, location.seat.cluster, location.seat.row,
                     location.seat.post, location.user_id, location.login,
                     location.begin_at.astimezone(zone).isoformat(),
                     location.end_at.astimezone(zone).isoformat() if location.end_at else "",
                     int(((location.end_at or now) - location.begin_at).total_seconds())) for location in stored]


def test_the_seats_hours_add_up_to_the_stored_sessions(synced_day):
    campus, first_day, last_day, now = synced_day
    since, until = local_day_bounds(campus, first_day, last_day)
    end = min(until, now)

    rows = list(utilisation_export(campus, first_day, last_day, now=now).rows)

    stored = Location.objects.filter(campus=campus)
    seconds = sum((min(location.end_at or end, end) - max(location.begin_at, since)).total_seconds()
                  for location in stored)
    assert sum(row[6] for row in rows) == stored.count()
    assert sum(row[7] for row in rows) == pytest.approx(seconds / 3600, abs=0.01 * len(rows))
