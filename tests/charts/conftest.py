from datetime import UTC, datetime

import pytest

from occupancy.models import Campus, Location, Seat
from occupancy.sync.rollup import roll_up
from tests.intra.conftest import client_for

NOW = datetime(2025, 11, 26, 12, 30, tzinfo=UTC)  # a Wednesday: the roll-up of the `campus` fixture ends here


@pytest.fixture
def sim_client(intra_sim):
    return client_for(intra_sim)


@pytest.fixture
def client(client, staff_user):
    """Chart pages are for signed-in staff: every client of these tests is one."""
    client.force_login(staff_user)
    return client


@pytest.fixture
def campus():
    """Paris with 3 seats in e1, 2 in e2 and an unplaced host; sessions on Monday and Wednesday, one still open."""
    paris = Campus.objects.create(id=1, name="Paris", time_zone="Europe/Paris")
    seen = datetime(2025, 11, 2, tzinfo=UTC)
    seats = {host: Seat.objects.create(campus=paris, host=host, cluster=cluster, row=1 if cluster else None,
                                       post=post if cluster else None, first_seen=seen, last_seen=seen)
             for host, cluster, post in [("e1r1p1", "e1", 1), ("e1r1p2", "e1", 2), ("e1r1p3", "e1", 3),
                                         ("e2r1p1", "e2", 1), ("e2r1p2", "e2", 2), ("lab-imac", "", 0)]}
    sessions = [
        ("e1r1p1", "ana", datetime(2025, 11, 24, 8, 0), datetime(2025, 11, 24, 10, 0)),
        ("e1r1p2", "bob", datetime(2025, 11, 24, 8, 30), datetime(2025, 11, 24, 9, 0)),
        ("e2r1p1", "cleo", datetime(2025, 11, 24, 9, 15), datetime(2025, 11, 24, 18, 15)),
        ("lab-imac", "dan", datetime(2025, 11, 26, 7, 0), datetime(2025, 11, 26, 8, 0)),
        ("e1r1p3", "ana", datetime(2025, 11, 26, 9, 0), None),
    ]
    for index, (host, login, begin, end) in enumerate(sessions):
        Location.objects.create(id=index + 1, campus=paris, seat=seats[host], user_id=100 + ord(login[0]), login=login,
                                begin_at=begin.replace(tzinfo=UTC), end_at=end and end.replace(tzinfo=UTC))
    roll_up(paris.id, datetime(2025, 11, 23, tzinfo=UTC), NOW, now=NOW)
    return paris
