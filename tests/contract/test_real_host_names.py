"""Every real host name collected (3,274 of eight campuses, tests/fixtures/intra_real/hosts.csv) gets a seat,
or is listed as unplaced with the reason it fits no pattern."""

import csv
from collections import defaultdict
from datetime import UTC, datetime

import pytest
from django.db import transaction

from occupancy.models import Campus
from occupancy.read.queries import drift_report
from occupancy.sync.locations import upsert_locations
from occupancy.sync.seats import place_of
from tests.contract.conftest import REAL

with open(REAL / "hosts.csv", newline="") as handle:
    HOSTS = list(csv.DictReader(handle))
# Why a collected name gets no seat; each was checked by hand against its source.
UNPLACED = {
    "c2r3p52sporgbr": "a typo in São Paulo's drawing of Nave 7a: the seat c2r3p5 with its campus suffix missing "
                      "its 4 (42sporgbr); no machine answers to it",
}


def test_every_real_host_name_is_placed_and_no_two_share_a_seat():
    seats = defaultdict(dict)
    unplaced = []
    for row in HOSTS:
        place = place_of(row["host"])
        if place == ("", None, None):
            unplaced.append(row["host"])
        else:
            seats[row["campus_id"]].setdefault(place, []).append(row["host"])

    assert sorted(unplaced) == sorted(UNPLACED)
    assert sum(len(places) for places in seats.values()) + len(unplaced) == len(HOSTS) > 3000
    assert [hosts for places in seats.values() for hosts in places.values() if len(hosts) > 1] == []


def test_each_campus_scheme_gives_its_own_clusters():
    clusters = defaultdict(set)
    for row in HOSTS:
        clusters[row["campus"]].add(place_of(row["host"])[0])

    # Paris: two buildings' first floors stay apart; the zones of a floor (paul-f4Ar6s1) are rooms of their own.
    assert {"bess-f1", "bess-f4", "paul-f3a", "paul-f3b", "made-f0d", "e1", "e3"} <= clusters["Paris"]
    # São Paulo's drawings glue the campus domain on (c2r10p142sporgbr): the post is 1, not 142.
    assert place_of("c2r10p142sporgbr") == ("c2", 10, 1)
    assert clusters["São-Paulo"] - {""} == {"c1", "c2", "c3"}
    assert {"c1", "c3", "c5"} <= clusters["Seoul"] and clusters["Rome"] == {"e3", "e4"}


@pytest.mark.django_db
def test_a_name_that_fits_no_pattern_is_in_the_drift_report():
    campus = Campus.objects.create(id=20, name="São-Paulo")
    begin = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    items = [{"id": index, "begin_at": begin.isoformat(), "end_at": None, "primary": True, "host": host,
              "campus_id": 20, "user": {"id": 100 + index, "login": f"qxuser{index}"}}
             for index, host in enumerate([*UNPLACED, "c2r10p142sporgbr"], start=1)]
    with transaction.atomic():
        upsert_locations(items)

    report = drift_report(campus, stale_days=30, now=begin)

    assert [seat.host for seat, _seen in report["unplaced"]] == list(UNPLACED)
