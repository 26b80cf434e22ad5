"""The hourly roll-up (OccupancyHour): locations summed per campus, cluster and hour, for charts over months.

The feeds call it for the hours their writes touched, so a chart over a year reads 8,760 rows per
cluster instead of every location. Rows are upserted on (campus, cluster, hour): re-rolling an hour
twice, or on two workers, ends the same. An open session counts until `now`, so the live feed also
re-rolls the hours since its last roll.
"""

import bisect
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db.models import Q

from occupancy.models import Location, OccupancyHour, Seat
from occupancy.sync.state import FeedResult, feed_state, save_success

FEED = "rollup"
HOUR = timedelta(hours=1)
CHUNK_HOURS = 24 * 7
WHOLE_CAMPUS = ""
_UPDATE = ["seats", "taken_peak", "taken_seconds", "people"]


def floor_hour(moment):
    return moment.replace(minute=0, second=0, microsecond=0)


class TouchedHours:
    """The span each campus's written locations cover, old and new versions alike (end None: still open)."""

    def __init__(self):
        self.spans = {}

    def add(self, campus_id, begin, end):
        low, high = self.spans.get(campus_id, (begin, end))
        self.spans[campus_id] = (min(low, begin), None if high is None or end is None else max(high, end))


def roll_up(campus_id, since, until, *, now, before_pruning=False):
    """Recompute a campus's rows for every hour from since's hour to until's (never past now); returns rows written.

    Hours past retention are left as they are, unless `before_pruning` (retention folding them in first).
    """
    first, last = floor_hour(since), floor_hour(min(until, now))
    frozen = None if before_pruning else _frozen_before(now)
    if frozen:
        first = max(first, frozen)  # the locations of older hours are gone: their rows stay as rolled
    written = 0
    while first <= last:
        stop = min(first + CHUNK_HOURS * HOUR, last + HOUR)
        written += _roll_hours(campus_id, first, stop, now)
        first = stop
    return written


def retention_cutoff(now):
    """Locations that ended before this are removed by retention (LOCATION_RETENTION_DAYS); None keeps all."""
    days = settings.LOCATION_RETENTION_DAYS
    return now - timedelta(days=days) if days else None


def _frozen_before(now):
    """The first hour that may still be re-rolled: the cutoff's hour lost some of its locations already."""
    moment = retention_cutoff(now)
    return floor_hour(moment) + HOUR if moment else None


def roll_up_touched(touched, *, now):
    """Re-roll the hours that the written locations of `touched` cover (a reconcile, a backfill page)."""
    for campus_id, (low, high) in touched.spans.items():
        roll_up(campus_id, low, high or now, now=now)


def roll_up_live(campus_ids, touched, *, now):
    """The live feed's share: the hours its writes touched, and those since its last roll (open sessions grew)."""
    for campus_id in sorted(set(campus_ids) | set(touched.spans)):
        state = feed_state(FEED, campus_id)
        low, high = touched.spans.get(campus_id, (now, now))
        since = min(low, state.watermark or now)
        result = FeedResult(updated=roll_up(campus_id, since, max(high or now, now), now=now))
        save_success(state, now=now, result=result, watermark=now)


def _roll_hours(campus_id, first, stop, now):
    """Rows for the hours [first, stop) of one campus: three queries."""
    end_of_window = min(stop, now)
    pieces = (
        Location.objects.filter(campus_id=campus_id, begin_at__lt=end_of_window)
        .filter(Q(end_at__isnull=True) | Q(end_at__gt=first))
        .values_list("seat__cluster", "user_id", "begin_at", "end_at")
    )
    seconds = defaultdict(float)
    people = defaultdict(set)
    events = defaultdict(list)
    for cluster, user_id, begin_at, end_at in pieces.iterator(chunk_size=5000):
        begin, end = max(begin_at, first), min(end_at or end_of_window, end_of_window)
        if end <= begin:
            continue
        groups = (WHOLE_CAMPUS, cluster) if cluster else (WHOLE_CAMPUS,)
        for group in groups:
            events[group] += [(begin, 1), (end, -1)]
        hour = floor_hour(begin)
        while hour < end:
            taken = (min(end, hour + HOUR) - max(begin, hour)).total_seconds()
            for group in groups:
                seconds[group, hour] += taken
                people[group, hour].add(user_id)
            hour += HOUR
    seats_seen = defaultdict(list)
    for cluster, first_seen in Seat.objects.filter(campus_id=campus_id).values_list("cluster", "first_seen"):
        seats_seen[WHOLE_CAMPUS].append(first_seen)
        if cluster:
            seats_seen[cluster].append(first_seen)
    hours = [first + index * HOUR for index in range(int((stop - first) / HOUR))]
    rows = []
    for group in sorted(set(seats_seen) | set(events)):
        seen = sorted(seats_seen[group])
        peaks = _peaks(events[group], hours)
        for hour in hours:
            rows.append(OccupancyHour(
                campus_id=campus_id, cluster=group, hour=hour, seats=bisect.bisect_left(seen, hour + HOUR),
                taken_peak=peaks[hour], taken_seconds=round(seconds[group, hour]), people=len(people[group, hour]),
            ))
    OccupancyHour.objects.bulk_create(rows, batch_size=2000, update_conflicts=True,
                                      unique_fields=["campus", "cluster", "hour"], update_fields=_UPDATE)
    return len(rows)


def _peaks(events, hours):
    """{hour: most sessions open at once during it}, sweeping begin (+1) and end (-1) events in time order."""
    events.sort(key=lambda event: (event[0], event[1]))  # an end before a begin at the same instant
    peaks = {}
    index = count = 0
    for hour in hours:
        while index < len(events) and events[index][0] <= hour:
            count += events[index][1]
            index += 1
        peak = count
        while index < len(events) and events[index][0] < hour + HOUR:
            count += events[index][1]
            index += 1
            peak = max(peak, count)
        peaks[hour] = peak
    return peaks
