"""The locations feed: who sits where, kept live by small incremental windows.

A steady cycle asks twice, for all configured campuses at once: sessions begun in the window and
sessions ended in it. Each window reaches back SYNC_OVERLAP before the last one, so an item seen
twice is harmless (upserts keyed on the intra id) and an item written late is not missed. Now and
then `reconcile_active_locations` compares the whole active set with ours and closes what the API
no longer reports as active.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from occupancy.live import versions
from occupancy.models import Campus, Location
from occupancy.sync.normalise import avatar_of, format_time, optional_int, parse_time, require, require_id
from occupancy.sync.rollup import TouchedHours, roll_up_live, roll_up_touched
from occupancy.sync.seats import upsert_seats
from occupancy.sync.state import FeedResult, feed_state, save_success
from occupancy.sync.surprises import note_surprises

FEED = "locations"
RECONCILE_FEED = "locations_reconcile"
LOCATIONS_PATH = "/v2/locations"
BATCH = 5000

MAX_LOCATION_ID = 2**63 - 1  # Location.id is a bigint


def normalise_location(item):
    user = require(item, "user", dict)
    campus_id = require_id(item, "campus_id")
    return {
        "id": require_id(item, "id", maximum=MAX_LOCATION_ID),
        "campus_id": campus_id,
        "host": require(item, "host", str),
        "floor": item.get("floor"),
        "row": optional_int(item, "row"),
        "post": optional_int(item, "post"),
        "user_id": require_id(user, "id"),
        "login": require(user, "login", str),
        "begin_at": parse_time(item.get("begin_at"), field="begin_at", nullable=False),
        "end_at": parse_time(item.get("end_at"), field="end_at"),
        "primary": bool(item.get("primary", True)),
        "avatar": avatar_of(user),
    }


def upsert_locations(items, touched=None):
    """Write API location items; returns (created, updated). Call inside a transaction.

    touched (a TouchedHours) collects the time each written location covers, for the roll-up.
    """
    created = updated = 0
    note_surprises(LOCATIONS_PATH, items)
    rows = {}
    for item in items:
        row = normalise_location(item)
        # The same session seen twice in one run (begun and ended in the window): keep the closed one.
        if row["id"] not in rows or row["end_at"] is not None:
            rows[row["id"]] = row
    ordered = list(rows.values())
    for start in range(0, len(ordered), BATCH):
        c, u = _upsert_batch(ordered[start : start + BATCH], touched)
        created += c
        updated += u
    return created, updated


def _upsert_batch(rows, touched):
    ensure_campuses({row["campus_id"] for row in rows})
    sightings = {}
    for row in rows:
        key = (row["campus_id"], row["host"])
        last = row["end_at"] or row["begin_at"]
        first, seen_last = sightings.get(key, (row["begin_at"], last))[:2]
        sightings[key] = (min(first, row["begin_at"]), max(seen_last, last), row["floor"], row["row"], row["post"])
    patterns = dict(Campus.objects.filter(id__in={r["campus_id"] for r in rows}).values_list("id", "host_pattern"))
    seat_ids = upsert_seats(sightings, patterns)
    locations = [
        (row["id"], row["campus_id"], seat_ids[(row["campus_id"], row["host"])], row["user_id"], row["login"],
         row["begin_at"], row["end_at"], row["primary"], row["avatar"])
        for row in rows
    ]
    written = _write(locations)
    seat_of = {location[0]: location[2] for location in locations}
    versions.seats_changed(seat_of[row[0]] for row in written)  # open pages hear of it once this commits
    for _id, inserted, campus_id, begin_at, end_at, before in written if touched is not None else ():
        touched.add(campus_id, begin_at, end_at)
        if not inserted:
            touched.add(*before)
    created = sum(1 for row in written if row[1])
    return created, len(written) - created


# An ended session is never reopened: a page of open sessions read before the session ended (by a poll
# that raced a webhook's close, or a list that shifted while paged) arrives after its end.
# One statement for a whole batch: the rows that differ are written, each with whether it was new
# and, if not, the campus and times it had before (for the roll-up). Django's bulk_create spends more
# time building its SQL than PostgreSQL spends running this.
_UPSERT_SQL = """
WITH incoming AS (
    SELECT * FROM unnest(%s::bigint[], %s::integer[], %s::bigint[], %s::integer[], %s::varchar[],
                         %s::timestamptz[], %s::timestamptz[], %s::boolean[], %s::varchar[])
        AS t(id, campus_id, seat_id, user_id, login, begin_at, end_at, "primary", avatar)
),
before AS (
    SELECT l.id, l.campus_id, l.begin_at, l.end_at FROM occupancy_location l JOIN incoming USING (id)
),
written AS (
    INSERT INTO occupancy_location AS l (id, campus_id, seat_id, user_id, login, begin_at, end_at, "primary", avatar)
    SELECT * FROM incoming
    ON CONFLICT (id) DO UPDATE SET campus_id = EXCLUDED.campus_id, seat_id = EXCLUDED.seat_id,
        user_id = EXCLUDED.user_id, login = EXCLUDED.login, begin_at = EXCLUDED.begin_at,
        end_at = COALESCE(EXCLUDED.end_at, l.end_at), "primary" = EXCLUDED."primary", avatar = EXCLUDED.avatar
    WHERE (l.campus_id, l.seat_id, l.user_id, l.login, l.begin_at, l.end_at, l."primary", l.avatar)
        IS DISTINCT FROM (EXCLUDED.campus_id, EXCLUDED.seat_id, EXCLUDED.user_id, EXCLUDED.login,
                          EXCLUDED.begin_at, COALESCE(EXCLUDED.end_at, l.end_at), EXCLUDED."primary",
                          EXCLUDED.avatar)
    RETURNING l.id
)
SELECT w.id, b.campus_id, b.begin_at, b.end_at FROM written w LEFT JOIN before b USING (id)
"""


def _write(locations):
    """Upsert (id, campus_id, seat_id, user_id, login, begin_at, end_at, primary, avatar) rows; returns what changed."""
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT_SQL, [list(column) for column in zip(*locations, strict=True)])
        changed = cursor.fetchall()
    by_id = {row[0]: row for row in locations}
    return [
        (i, campus_id is None, by_id[i][1], by_id[i][5], by_id[i][6], (campus_id, begin_at, end_at))
        for i, campus_id, begin_at, end_at in changed
    ]


def ensure_campuses(campus_ids):
    """Make sure a Campus row exists for each id (the campuses feed fills names and time zones)."""
    known = set(Campus.objects.filter(id__in=campus_ids).values_list("id", flat=True))
    missing = [Campus(id=campus_id, name=f"Campus {campus_id}") for campus_id in campus_ids - known]
    if missing:
        Campus.objects.bulk_create(missing, ignore_conflicts=True)


def sync_campuses(client, campus_ids):
    """Fetch the configured campuses (or every campus the API reports); returns their ids."""
    items = [client.get(f"/v2/campus/{campus_id}") for campus_id in campus_ids] if campus_ids else (
        client.get_all("/v2/campus")
    )
    note_surprises("/v2/campus", items)
    campuses = []
    for item in items:
        campuses.append(
            Campus(id=require(item, "id", int), name=require(item, "name", str),
                   time_zone=item.get("time_zone") or "UTC", country=item.get("country") or "")
        )
    Campus.objects.bulk_create(campuses, update_conflicts=True, unique_fields=["id"],
                               update_fields=["name", "time_zone", "country"])
    return sorted(campus.id for campus in campuses)


def campus_filter(campus_ids):
    return {"filter[campus_id]": ",".join(str(campus_id) for campus_id in campus_ids)}


def sync_locations(client, *, campus_ids, now=None, overlap=None):
    """One live cycle: a full load of active sessions the first time, then the two windows."""
    now = now or timezone.now()
    overlap = timedelta(seconds=settings.SYNC_OVERLAP if overlap is None else overlap)
    state = feed_state(FEED)
    before = client.stats.total
    campuses = campus_filter(campus_ids)
    if state.watermark is None:
        items = client.get_all(LOCATIONS_PATH, {**campuses, "filter[active]": "true", "sort": "id"})
    else:
        window = f"{format_time(state.watermark - overlap)},{format_time(now + overlap)}"
        items = client.get_all(LOCATIONS_PATH, {**campuses, "range[begin_at]": window, "sort": "id"})
        items += client.get_all(LOCATIONS_PATH, {**campuses, "range[end_at]": window, "sort": "id"})
    result = FeedResult(requests=client.stats.total - before)
    touched = TouchedHours()
    with transaction.atomic():
        result.created, result.updated = upsert_locations(items, touched)
        roll_up_live(campus_ids, touched, now=now)
        save_success(state, now=now, result=result, watermark=now)
        versions.synced(now)
    return result


def reconcile_active_locations(client, *, campus_ids, now=None):
    """Close the sessions we hold as active that the API no longer reports as active."""
    now = now or timezone.now()
    before = client.stats.total
    active = client.get_all(LOCATIONS_PATH, {**campus_filter(campus_ids), "filter[active]": "true", "sort": "id"})
    reported = {item.get("id") for item in active}
    ours = set(
        Location.objects.active().filter(campus_id__in=campus_ids, begin_at__lte=now).values_list("id", flat=True)
    )
    vanished = sorted(ours - reported)
    # Ask for each vanished session by id: its real end, or nothing if the API destroyed it.
    rechecked = []
    for start in range(0, len(vanished), 100):
        chunk = vanished[start : start + 100]
        rechecked += client.get_all(LOCATIONS_PATH, {"filter[id]": ",".join(map(str, chunk))})
    result = FeedResult(requests=client.stats.total - before)
    touched = TouchedHours()
    with transaction.atomic():
        result.created, result.updated = upsert_locations(active + rechecked, touched)
        gone = set(vanished) - {item["id"] for item in rechecked}
        for campus_id, begin_at, end_at in Location.objects.filter(id__in=gone).values_list(
                "campus_id", "begin_at", "end_at"):
            touched.add(campus_id, begin_at, end_at)
        versions.seats_changed(Location.objects.filter(id__in=gone).values_list("seat_id", flat=True))
        result.deleted = Location.objects.filter(id__in=gone).delete()[0] if gone else 0
        roll_up_touched(touched, now=now)
        result.details = {"active": len(reported), "closed_or_removed": len(vanished)}
        save_success(feed_state(RECONCILE_FEED), now=now, result=result)
        versions.synced(now)
    return result


