"""The occupancy export reads the hourly roll-up: per hour or per local day, for the campus or a cluster."""

from datetime import timedelta

import pytest

from occupancy.models import OccupancyHour
from occupancy.read.exports import occupancy_export
from occupancy.sync.rollup import roll_up
from tests.exports.conftest import FIRST_DAY, LAST_DAY, NOW, PERIOD, SINCE, UNTIL


@pytest.fixture
def rolled_up(paris):
    roll_up(paris.id, SINCE - timedelta(hours=3), UNTIL, now=NOW)
    return paris


def test_each_hour_is_its_roll_up_row_in_the_campus_time_until_now(rolled_up):
    export = occupancy_export(rolled_up, FIRST_DAY, LAST_DAY, now=NOW)

    rows = list(export.rows)
    assert export.columns == ["hour", "campus", "cluster", "seats", "taken at peak", "taken on average", "people"]
    assert len(rows) == 1 + 24 + 24 + 13  # 23:00 UTC on the 27th to the hour of NOW
    stored = {hour: row for hour, *row in OccupancyHour.objects.filter(campus=rolled_up, cluster="").values_list(
        "hour", "seats", "taken_peak", "taken_seconds", "people")}
    for index, row in enumerate(rows):
        seats, peak, seconds, people = stored.get(SINCE + index * timedelta(hours=1), (0, 0, 0, 0))
        assert row[1:] == ("Paris", "", seats, peak, round(seconds / 3600, 2), people)
    assert rows[0][0] == "2026-03-28T00:00:00+01:00" and rows[-1][0] == "2026-03-30T14:00:00+02:00"
    eleven = rows[11]  # 10:00 UTC on the 28th: jdoe and =1+2 the whole hour
    assert eleven == ("2026-03-28T11:00:00+01:00", "Paris", "", 4, 2, 2.0, 2)


def test_a_cluster_has_its_own_hours(rolled_up):
    rows = list(occupancy_export(rolled_up, FIRST_DAY, LAST_DAY, now=NOW, cluster="e2").rows)

    by_hour = {row[0]: row[2:] for row in rows}
    assert by_hour["2026-03-29T10:00:00+02:00"] == ("e2", 1, 1, 1.0, 1)
    assert by_hour["2026-03-29T11:00:00+02:00"] == ("e2", 1, 1, 0.25, 1)
    assert by_hour["2026-03-28T11:00:00+01:00"] == ("e2", 1, 0, 0.0, 0)


def test_days_are_local_days_with_their_busiest_hour(rolled_up):
    export = occupancy_export(rolled_up, FIRST_DAY, LAST_DAY, now=NOW, by="day")

    assert export.columns[0] == "day" and export.columns[-1] == "people (busiest hour)"
    assert list(export.rows) == [
        ("2026-03-28T00:00:00+01:00", "Paris", "", 4, 2, round((2 + 3.5 + 1) / 24, 2), 2),
        ("2026-03-29T00:00:00+01:00", "Paris", "", 4, 1, round(5.25 / 23, 2), 1),  # 23 hours: summer time
        ("2026-03-30T00:00:00+02:00", "Paris", "", 4, 1, round(4 / 14, 2), 1),  # the 14 hours until NOW
    ]
    assert export.filename == "occupancy-by-day_paris_2026-03-28_2026-03-30.csv"


def test_the_web_export_takes_the_period_cluster_and_step(staff_client, rolled_up):
    response = staff_client.get("/exports/occupancy.csv", {**PERIOD, "cluster": "e2", "by": "day"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="occupancy-by-day_paris_e2_2026-03-28_2026-03-30.csv"')
    assert len(b"".join(response.streaming_content).decode().splitlines()) == 1 + 3
