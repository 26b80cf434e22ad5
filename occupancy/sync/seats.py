"""Seats from host names: one regular expression per campus with named groups cluster, row and post."""

import re
from datetime import timedelta
from functools import lru_cache

from django.db import connection

from occupancy.models import Seat

LAST_SEEN_RESOLUTION = timedelta(hours=1)
# Checked against 3,274 real host names of eight campuses (tests/fixtures/intra_real/hosts.csv):
# e1r2p3 (old Paris, Rome), c1r2s3 and c1r2p3 (most campuses), a building before the floor whose name
# stays in the cluster (Paris: bess-f1r2s3 -> "bess-f1", so two buildings' first floors stay apart),
# a zone letter after the floor (Paris: paul-f4Ar6s1 -> "paul-f4a"), and the campus's domain glued on
# without its dots (São Paulo's drawings: c2r10p142sporgbr -> c2, row 10, post 1). A campus whose
# names differ sets Campus.host_pattern.
DEFAULT_HOST_PATTERN = (r"^(?P<cluster>(?:[a-z]+-)?[a-z]+\d+[a-z]?)r(?P<row>\d+)[ps](?P<post>\d+?)"
                        r"(?:42[a-z]+)?$")


@lru_cache(maxsize=64)
def compiled(pattern):
    return re.compile(pattern or DEFAULT_HOST_PATTERN, re.IGNORECASE)


def place_of(host, pattern="", *, floor=None, row=None, post=None):
    """(cluster, row, post) of a host; the API's own floor/row/post win where it fills them.

    A host that fits no pattern gets ("", None, None): kept, and shown as unplaced.
    """
    match = compiled(pattern).match(host)
    parsed = match.groupdict() if match else {}
    cluster = str(floor) if floor not in (None, "") else (parsed.get("cluster") or "").lower()
    row = _number(row) if row not in (None, "") else _number(parsed.get("row"))
    post = _number(post) if post not in (None, "") else _number(parsed.get("post"))
    if not cluster or row is None or post is None:
        return "", None, None
    return cluster, row, post


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def upsert_seats(sightings, patterns):
    """Create or refresh the seats of sightings {(campus_id, host): (seen_first, seen_last, floor, row, post)}.

    Returns {(campus_id, host): seat_id}. last_seen only moves forward and first_seen only back, so
    a backfill of old sessions and the live feed can write in any order.
    """
    if not sightings:
        return {}
    rows = [
        (campus_id, host, *place_of(host, patterns.get(campus_id, ""), floor=floor, row=row, post=post), first, last)
        for (campus_id, host), (first, last, floor, row, post) in sightings.items()
    ]
    _write(rows)
    campus_ids = {campus_id for campus_id, _ in sightings}
    hosts = {host for _, host in sightings}
    return dict(
        ((campus_id, host), seat_id)
        for campus_id, host, seat_id in Seat.objects.filter(campus_id__in=campus_ids, host__in=hosts).values_list(
            "campus_id", "host", "id"
        )
    )


# last_seen serves the drift report (days): refreshing it more than hourly is wasted writes.
_UPSERT_SQL = """
INSERT INTO occupancy_seat AS s (campus_id, host, cluster, "row", post, first_seen, last_seen, state, note, marked_by)
SELECT t.*, '', '', '' FROM unnest(%s::integer[], %s::varchar[], %s::varchar[], %s::integer[], %s::integer[],
                                   %s::timestamptz[], %s::timestamptz[])
    AS t(campus_id, host, cluster, "row", post, first_seen, last_seen)
ON CONFLICT (campus_id, host) DO UPDATE SET cluster = EXCLUDED.cluster, "row" = EXCLUDED."row",
    post = EXCLUDED.post, first_seen = LEAST(s.first_seen, EXCLUDED.first_seen),
    last_seen = GREATEST(s.last_seen, EXCLUDED.last_seen)
WHERE (s.cluster, s."row", s.post) IS DISTINCT FROM (EXCLUDED.cluster, EXCLUDED."row", EXCLUDED.post)
    OR EXCLUDED.first_seen < s.first_seen OR EXCLUDED.last_seen >= s.last_seen + %s
"""


def _write(rows):
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT_SQL, [*(list(column) for column in zip(*rows, strict=True)), LAST_SEEN_RESOLUTION])
