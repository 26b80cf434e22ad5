"""The locations export against the known data set: every column, each filter, times in the campus's zone."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from occupancy.models import Campus, Location, Seat
from occupancy.read.exports import locations_export
from tests.exports.conftest import FIRST_DAY, LAST_DAY, NOW, PERIOD, QUOTED_LOGIN

COLUMNS = ["location id", "campus", "host", "cluster", "row", "post", "user id", "login", "begin", "end",
           "duration (s)"]
# Paris is +01:00 until 2026-03-29 01:00 UTC, +02:00 after; location 10 is still open at NOW.
EXPECTED = [
    (2, "Paris", "e1r1p1", "e1", 1, 1, 102, "night", "2026-03-27T23:00:00+01:00", "2026-03-28T02:00:00+01:00", 10800),
    (3, "Paris", "e1r1p1", "e1", 1, 1, 103, "jdoe", "2026-03-28T10:00:00+01:00", "2026-03-28T13:30:00+01:00", 12600),
    (4, "Paris", "e1r1p2", "e1", 1, 2, 104, "=1+2", "2026-03-28T11:00:00+01:00", "2026-03-28T12:00:00+01:00", 3600),
    (5, "Paris", "e2r1p1", "e2", 1, 1, 105, "@SUM(A1)", "2026-03-29T10:00:00+02:00", "2026-03-29T11:15:00+02:00",
     4500),
    (6, "Paris", "lab-mac", "", None, None, 106, "+33", "2026-03-29T12:00:00+02:00", "2026-03-29T13:00:00+02:00",
     3600),
    (7, "Paris", "e1r1p2", "e1", 1, 2, 107, "-2", "2026-03-29T16:00:00+02:00", "2026-03-29T17:00:00+02:00", 3600),
    (8, "Paris", "e2r1p1", "e2", 1, 1, 108, "\tlead", "2026-03-29T18:00:00+02:00", "2026-03-29T19:00:00+02:00",
     3600),
    (9, "Paris", "e1r1p1", "e1", 1, 1, 109, QUOTED_LOGIN, "2026-03-29T20:00:00+02:00", "2026-03-29T21:00:00+02:00",
     3600),
    (10, "Paris", "e2r1p1", "e2", 1, 1, 110, "jdoe", "2026-03-30T10:00:00+02:00", "", 14400),
]


def exported(campus, **filters):
    return list(locations_export(campus, FIRST_DAY, LAST_DAY, now=NOW, **filters).rows)


def test_every_session_overlapping_the_period_is_exported_earliest_first(paris):
    export = locations_export(paris, FIRST_DAY, LAST_DAY, now=NOW)

    assert export.columns == COLUMNS
    assert list(export.rows) == EXPECTED
    assert export.count() == len(EXPECTED)
    assert export.filename == "locations_paris_2026-03-28_2026-03-30.csv"


def test_filters_narrow_the_sessions(paris):
    assert [row[0] for row in exported(paris, cluster="e2")] == [5, 8, 10]
    assert [row[0] for row in exported(paris, host="lab-mac")] == [6]
    assert [row[0] for row in exported(paris, login="jdoe")] == [3, 10]
    assert [row[0] for row in exported(paris, active=True)] == [10]
    assert [row[0] for row in exported(paris, cluster="e1", login="jdoe")] == [3]


def test_the_file_name_says_which_filters_made_it(paris):
    export = locations_export(paris, FIRST_DAY, LAST_DAY, now=NOW, cluster="e2", login="jdoe", active=True)

    assert export.filename == "locations_paris_e2_jdoe_active_2026-03-28_2026-03-30.csv"


def test_the_rows_are_read_in_one_query_whatever_their_number(paris, django_assert_max_num_queries):
    export = locations_export(paris, FIRST_DAY, LAST_DAY, now=NOW)

    with django_assert_max_num_queries(3):  # the select, inside a savepoint
        assert len(list(export.rows)) == len(EXPECTED)


def test_the_web_export_streams_the_same_rows_as_csv(staff_client, paris):
    response = staff_client.get("/exports/locations.csv", PERIOD)

    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="locations_paris_2026-03-28_2026-03-30.csv"'
    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode(), newline="")))
    assert table[0] == COLUMNS
    assert [row[:10] for row in table[1:]] == [
        [str(cell) if cell is not None else "" for cell in row[:7]]
        + ["'" + row[7] if row[7][:1] in "=@+-\t" else row[7], *row[8:10]] for row in EXPECTED]
    assert [row[10] for row in table[1:-1]] == [str(row[10]) for row in EXPECTED[:-1]]
    assert int(table[-1][10]) > 14400  # the open session counts until the request's now


def test_the_web_export_applies_every_filter(staff_client, paris):
    response = staff_client.get("/exports/locations.csv", {**PERIOD, "cluster": "e2", "login": "JDoe", "active": "1"})

    assert [row.split(",")[0] for row in b"".join(response.streaming_content).decode().splitlines()[1:]] == ["10"]



@pytest.mark.parametrize("zone", ["Europe/Paris", "America/Sao_Paulo", "Asia/Kolkata", "America/St_Johns",
                                  "Pacific/Kiritimati", "UTC"])
def test_times_carry_the_offset_of_the_campus_zone_across_its_changes(db, zone):
    campus = Campus.objects.create(id=5, name="Zoned", time_zone=zone)
    seat = Seat.objects.create(campus=campus, host="e1r1p1", cluster="e1", row=1, post=1, first_seen=NOW,
                               last_seen=NOW)
    moments = [datetime(2026, 3, 29, 0, 59, 59, 750000, tzinfo=UTC), datetime(2026, 3, 29, 1, tzinfo=UTC),
               datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
               datetime(2026, 11, 1, 4, 30, tzinfo=UTC)]
    for number, moment in enumerate(moments, 1):
        Location.objects.create(id=number, campus=campus, seat=seat, user_id=number, login="jdoe", begin_at=moment,
                                end_at=moment + timedelta(minutes=30))

    rows = list(locations_export(campus, date(2026, 3, 28), date(2026, 11, 1), now=NOW).rows)

    local = ZoneInfo(zone)
    assert [(row[8], row[9]) for row in rows] == [
        (moment.astimezone(local).isoformat(timespec="seconds"),
         (moment + timedelta(minutes=30)).astimezone(local).isoformat(timespec="seconds")) for moment in moments]
