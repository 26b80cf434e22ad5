"""The seat utilisation export: each seat's sessions, hours taken and share of the period, with its state."""

import csv
import io

from occupancy.models import Seat, SeatState
from occupancy.read.exports import utilisation_export
from tests.exports.conftest import FIRST_DAY, LAST_DAY, NOW, PERIOD

PERIOD_HOURS = 61  # 23:00 UTC on the 27th to NOW, 12:00 UTC on the 30th


def test_each_seat_has_its_sessions_hours_and_share_of_the_period_until_now(paris):
    Seat.objects.filter(host="lab-mac").update(state=SeatState.RESERVED, note="-for exams, do not use")

    export = utilisation_export(paris, FIRST_DAY, LAST_DAY, now=NOW)

    assert export.columns == ["host", "cluster", "row", "post", "state", "note", "sessions", "hours taken",
                              "share of period (%)"]
    assert list(export.rows) == [
        ("lab-mac", "", None, None, "Reserved", "-for exams, do not use", 1, 1.0, round(100 * 1 / PERIOD_HOURS, 1)),
        # night (the 2 h inside the period), jdoe 3.5 h, and 1 h
        ("e1r1p1", "e1", 1, 1, "In service", "", 3, 6.5, round(100 * 6.5 / PERIOD_HOURS, 1)),
        ("e1r1p2", "e1", 1, 2, "In service", "", 2, 2.0, round(100 * 2 / PERIOD_HOURS, 1)),
        # 1.25 h, 1 h, and the open session's 4 h until NOW
        ("e2r1p1", "e2", 1, 1, "In service", "", 3, 6.25, round(100 * 6.25 / PERIOD_HOURS, 1)),
    ]
    assert export.filename == "utilisation_paris_2026-03-28_2026-03-30.csv"


def test_a_cluster_lists_only_its_seats_even_those_never_taken(paris):
    Seat.objects.create(campus=paris, host="e2r1p2", cluster="e2", row=1, post=2, first_seen=NOW, last_seen=NOW)

    rows = list(utilisation_export(paris, FIRST_DAY, LAST_DAY, now=NOW, cluster="e2").rows)

    assert [(row[0], row[6], row[7], row[8]) for row in rows] == [("e2r1p1", 3, 6.25, 10.2), ("e2r1p2", 0, 0.0, 0.0)]


def test_the_web_export_neutralises_a_note_that_reads_as_a_formula(staff_client, paris):
    Seat.objects.filter(host="lab-mac").update(note="=HYPERLINK(\"http://evil\",\"click\")")

    response = staff_client.get("/exports/utilisation.csv", PERIOD)

    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode(), newline="")))
    assert table[1][:6] == ["lab-mac", "", "", "", "In service", "'=HYPERLINK(\"http://evil\",\"click\")"]
    assert [row[0] for row in table[1:]] == ["lab-mac", "e1r1p1", "e1r1p2", "e2r1p1"]
