"""A chart's CSV writes its times as every export does: ISO 8601 with the campus's offset."""

import csv
import io

import pytest

pytestmark = pytest.mark.django_db


def chart_csv(client, slug):
    response = client.get(f"/charts/usage/{slug}.csv?campus=1&since=2025-11-24&until=2025-11-26")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_hours_days_and_session_times_are_iso_8601_with_the_campus_offset(client, campus):
    hours, days, sessions = (chart_csv(client, slug) for slug in ("people-hour", "people-day", "longest-sessions"))

    assert hours[1][0] == "2025-11-24T00:00:00+01:00" and hours[2][0] == "2025-11-24T01:00:00+01:00"
    assert days[1][0] == "2025-11-24T00:00:00+01:00"
    cleo = next(row for row in sessions if row[0] == "cleo")
    assert cleo[2:4] == ["2025-11-24T10:15:00+01:00", "2025-11-24T19:15:00+01:00"]


def test_the_page_still_says_the_weekday(client, campus):
    assert "Mon 2025-11-24 00:00" in client.get("/charts/?campus=1&since=2025-11-24&until=2025-11-26").content.decode()
