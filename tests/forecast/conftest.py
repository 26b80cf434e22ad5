"""Hourly roll-up rows made to order: a weekly rhythm, a cluster's seats, days to leave out."""

import math
import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from occupancy.forecast.store import compute_forecasts
from occupancy.models import Campus, OccupancyHour, Project, ProjectSession

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2025, 11, 10, 23, 0, tzinfo=UTC)  # midnight in Paris: Tuesday 11 November, a French holiday, begins


def usual_share(local):
    """The share of seats taken at a local moment: busy afternoons on weekdays, quiet nights and weekends."""
    day = 1.0 if local.weekday() < 5 else 0.4
    return 0.05 + 0.75 * day * max(0.0, math.sin(math.pi * (local.hour - 7) / 15)) ** 2 if 7 <= local.hour <= 22 \
        else 0.05


def make_campus(campus_id=1, name="Paris", country="France"):
    return Campus.objects.create(id=campus_id, name=name, time_zone="Europe/Paris", country=country)


def add_history(campus, *, cluster="e1", seats=40, first=date(2025, 10, 6), until=NOW, share=usual_share,
                seats_from=None, seed=1, whole_campus=True):
    """Rows of `cluster` (and of the whole campus, as the roll-up keeps both) from `first` up to `until`.

    seats_from: (moment, seats) from which the cluster has another number of seats.
    """
    rng = random.Random(seed)
    hour = datetime.combine(first, time(), PARIS).astimezone(UTC)
    rows = []
    while hour < until:
        count = seats_from[1] if seats_from and hour >= seats_from[0] else seats
        taken = min(count, max(0, round(count * share(hour.astimezone(PARIS)) + rng.gauss(0, 1))))
        for group in (cluster, "") if whole_campus else (cluster,):
            rows.append(OccupancyHour(campus=campus, cluster=group, hour=hour, seats=count, taken_peak=taken))
        hour += timedelta(hours=1)
    OccupancyHour.objects.bulk_create(rows)


def schedule_exam(campus, begin, *, hours=4, session_id=1, updated_at=None):
    project, _ = Project.objects.get_or_create(id=1, defaults={"name": "Exam Rank 02", "exam": True})
    return ProjectSession.objects.create(id=session_id, project=project, campus_id=campus.id, begin_at=begin,
                                         end_at=begin + timedelta(hours=hours),
                                         updated_at=updated_at or begin - timedelta(days=7))


@pytest.fixture
def live_campus(settings):
    """Paris with three weeks of e1 up to this hour and five days of e9, its forecast computed now."""
    settings.FORECAST_REPLAY_DAYS = 1
    now = timezone.now()
    campus = make_campus(country="")
    add_history(campus, first=(now - timedelta(days=21)).date(), until=now)
    add_history(campus, cluster="e9", first=(now - timedelta(days=5)).date(), until=now, seed=2, whole_campus=False)
    compute_forecasts(campus, now=now)
    return campus
