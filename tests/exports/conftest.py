"""A known data set: Paris over the days around the 2026 change to summer time, and a campus that must not leak in."""

from datetime import UTC, date, datetime

import pytest

from occupancy.models import Campus, Location, Seat

FIRST_DAY, LAST_DAY = date(2026, 3, 28), date(2026, 3, 30)  # Paris: +01:00, then +02:00 from the 29th
SINCE = datetime(2026, 3, 27, 23, tzinfo=UTC)  # local midnight of FIRST_DAY
UNTIL = datetime(2026, 3, 30, 22, tzinfo=UTC)  # local midnight after LAST_DAY
NOW = datetime(2026, 3, 30, 12, tzinfo=UTC)
PERIOD = {"campus": "1", "since": FIRST_DAY.isoformat(), "until": LAST_DAY.isoformat()}
FORMULA_LOGINS = ["=1+2", "@SUM(A1)", "+33", "-2", "\tlead", "\rlead"]
QUOTED_LOGIN = 'semi;colon, "quoted"\r\nnext line'



def utc(day, hour, minute=0):
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def paris(db):
    """Paris with four seats (one unplaced) and sessions before, across, inside and after the period."""
    campus = Campus.objects.create(id=1, name="Paris", time_zone="Europe/Paris")
    seen = utc(1, 0)
    seats = {host: Seat.objects.create(campus=campus, host=host, cluster=cluster, row=row, post=post,
                                       first_seen=seen, last_seen=seen)
             for host, cluster, row, post in [("e1r1p1", "e1", 1, 1), ("e1r1p2", "e1", 1, 2),
                                              ("e2r1p1", "e2", 1, 1), ("lab-mac", "", None, None)]}
    sessions = [
        (1, "e1r1p1", "early", utc(27, 20), utc(27, 22)),  # ends before the period
        (2, "e1r1p1", "night", utc(27, 22), utc(28, 1)),  # across its start
        (3, "e1r1p1", "jdoe", utc(28, 9), utc(28, 12, 30)),
        (4, "e1r1p2", FORMULA_LOGINS[0], utc(28, 10), utc(28, 11)),
        (5, "e2r1p1", FORMULA_LOGINS[1], utc(29, 8), utc(29, 9, 15)),
        (6, "lab-mac", FORMULA_LOGINS[2], utc(29, 10), utc(29, 11)),
        (7, "e1r1p2", FORMULA_LOGINS[3], utc(29, 14), utc(29, 15)),
        (8, "e2r1p1", FORMULA_LOGINS[4], utc(29, 16), utc(29, 17)),
        (9, "e1r1p1", QUOTED_LOGIN, utc(29, 18), utc(29, 19)),
        (10, "e2r1p1", "jdoe", utc(30, 8), None),  # still open
        (11, "e1r1p1", "late", utc(31, 8), utc(31, 9)),  # after the period
    ]
    for location_id, host, login, begin, end in sessions:
        Location.objects.create(id=location_id, campus=campus, seat=seats[host], user_id=100 + location_id,
                                login=login, begin_at=begin, end_at=end)
    elsewhere = Campus.objects.create(id=2, name="São Paulo", time_zone="America/Sao_Paulo")
    seat = Seat.objects.create(campus=elsewhere, host="e1r1p1", cluster="e1", row=1, post=1, first_seen=seen,
                               last_seen=seen)
    Location.objects.create(id=99, campus=elsewhere, seat=seat, user_id=999, login="other", begin_at=utc(29, 10),
                            end_at=utc(29, 11))
    return campus
