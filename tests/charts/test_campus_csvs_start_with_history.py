"""The campus page's CSVs cover the same period as the charts: no rows from before history began."""

import pytest

from occupancy.export_forms import build_export
from tests.charts.conftest import NOW

pytestmark = pytest.mark.django_db


def test_occupancy_per_hour_begins_with_the_roll_up_and_says_so_in_its_name(campus):
    export, _ = build_export("occupancy", {"campus": "1", "by": "hour"}, now=NOW)

    rows = list(export.rows)
    assert export.filename == "occupancy-by-hour_paris_2025-11-23_2025-11-26.csv"
    assert rows[0][0] == "2025-11-23T00:00:00+01:00" and len(rows) == 3 * 24 + 14


def test_seat_utilisation_divides_by_the_days_there_is_history_for(campus):
    export, _ = build_export("utilisation", {"campus": "1"}, now=NOW)

    shares = {row[0]: row[-1] for row in export.rows}
    assert export.filename == "utilisation_paris_2025-11-23_2025-11-26.csv"
    assert shares["e1r1p3"] == round(100 * 3.5 / 85.5, 1)  # open since 09:00 UTC on the 26th, now 12:30


def test_an_asked_for_period_is_kept_as_asked(campus):
    export, _ = build_export("occupancy", {"campus": "1", "since": "2025-11-01", "until": "2025-11-26"}, now=NOW)
    assert export.filename == "occupancy-by-hour_paris_2025-11-01_2025-11-26.csv"
