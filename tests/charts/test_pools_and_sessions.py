"""Pools (points and balances) and project sessions as charts, from their feeds."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from occupancy.models import Balance, Campus, Pool, PoolPoints, Project, ProjectSession
from occupancy.sync.pools import sync_balances
from tests.intra.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def paris():
    return Campus.objects.create(id=1, name="Paris", time_zone="Europe/Paris")


def test_pool_points_and_balances_are_charted_per_pool(client, paris, intra_sim_factory, settings):
    now = timezone.now()
    pool = Pool.objects.create(id=5, campus_id=1, current_points=40, max_points=100, synced_at=now)
    PoolPoints.objects.create(pool=pool, seen_at=now - timedelta(days=40), current_points=10)
    PoolPoints.objects.create(pool=pool, seen_at=now - timedelta(days=2), current_points=40)
    Balance.objects.create(id=1, pool_id=5, begin_at=now - timedelta(days=10), end_at=now - timedelta(days=3))

    response = client.get("/charts/pools/?campus=1")

    points, balances = response.context["charts"]
    assert [row[1] for row in points.rows] == [10, 40]  # the value before the period, then the sighting in it
    assert balances.rows[0][:2] == [5, 1] and not balances.unavailable
    assert "Pool balances (begin to end), Paris" in response.content.decode()


def test_balances_say_the_role_is_missing_instead_of_an_empty_chart(client, paris, intra_sim, settings):
    settings.INTRA_CLIENT_ID = "occupancy-demo"
    sync_balances(client_for(intra_sim))  # the simulator grants no role: 403

    response = client.get("/charts/pools/?campus=1")

    page = response.content.decode()
    assert "lacks the role &#x27;Advanced tutor&#x27; that balances need" in page
    assert 'id="chart-balances-table"' not in page


def test_ongoing_and_upcoming_sessions_are_listed_with_exams_marked(client, paris):
    now = timezone.now()
    exam = Project.objects.create(id=17, name="Exam Rank 02", exam=True)
    libft = Project.objects.create(id=1, name="Libft")
    for session_id, project, campus_id, begin, end in [
        (1, libft, 1, now - timedelta(days=3), now + timedelta(days=4)),  # ongoing
        (2, exam, None, now + timedelta(days=1), now + timedelta(days=1, hours=3)),  # upcoming, every campus
        (3, libft, 1, now - timedelta(days=9), now - timedelta(days=2)),  # over
        (4, exam, 9, now + timedelta(days=1), now + timedelta(days=2)),  # another campus
        (5, libft, 1, now + timedelta(days=60), now + timedelta(days=70)),  # beyond the horizon
    ]:
        ProjectSession.objects.create(id=session_id, project=project, campus_id=campus_id, begin_at=begin,
                                      end_at=end, updated_at=datetime(2026, 1, 1, tzinfo=UTC))

    response = client.get("/charts/sessions/?campus=1")

    chart = response.context["charts"][0]
    assert [(row[0], row[2], row[3], row[6]) for row in chart.rows] == [
        ("Libft", "project", "ongoing", "Paris"), ("Exam Rank 02", "exam", "upcoming", "every campus")]
    assert [len(dataset["data"]) for dataset in chart.datasets] == [1, 1]
    assert '<tr class="exam">' in response.content.decode()
