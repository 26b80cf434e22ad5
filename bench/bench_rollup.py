"""Roll-up: usage charts over a year of a 1,000-seat campus, from the hourly roll-up

A year of generated sessions (a weekday and daily rhythm, about 1.3 sessions per seat per day) on
1,000 seats in 10 clusters is rolled up once, as a backfill would; then the charts of the usage page
are timed over the whole year, and one live cycle's re-roll of the current hour.
"""

import random
import time
from datetime import UTC, date, datetime, timedelta

from django.db import connection

from bench.report import target
from occupancy.models import Campus, Location, Seat
from occupancy.read.usage import cluster_usage, local_day_bounds, occupancy_series, weekday_hour_means
from occupancy.sync.rollup import roll_up

CAMPUS_ID = 9001
SEATS = 1000
CLUSTERS = 10
FIRST_DAY = date(2025, 1, 1)
DAYS = 365
HOUR_WEIGHTS = [0, 0, 0, 0, 0, 0, 1, 3, 8, 12, 12, 10, 8, 10, 12, 11, 9, 7, 6, 5, 4, 3, 2, 1]


def generate():
    """The campus, its seats and a year of sessions; returns how many sessions."""
    rng = random.Random(42)
    start = datetime.combine(FIRST_DAY, datetime.min.time(), UTC)
    campus = Campus.objects.create(id=CAMPUS_ID, name="Bench", time_zone="Europe/Paris")
    seats = Seat.objects.bulk_create(
        Seat(campus=campus, host=f"c{index % CLUSTERS + 1}r{index // 100 + 1}p{index % 100 + 1}",
             cluster=f"c{index % CLUSTERS + 1}", row=index // 100 + 1, post=index % 100 + 1,
             first_seen=start, last_seen=start) for index in range(SEATS))
    batch, next_id, total = [], 1, 0
    for day in range(DAYS):
        midnight = start + timedelta(days=day)
        per_seat = 1.6 if midnight.weekday() < 5 else 0.7
        for seat in seats:
            free_at = midnight
            for _ in range(int(per_seat) + (rng.random() < per_seat % 1)):
                begin = max(free_at, midnight + timedelta(hours=rng.choices(range(24), HOUR_WEIGHTS)[0],
                                                          minutes=rng.randint(0, 59)))
                end = begin + timedelta(minutes=rng.randint(20, 300))
                free_at = end + timedelta(minutes=5)
                batch.append(Location(id=next_id, campus=campus, seat=seat, user_id=rng.randint(1, 4000),
                                      login="bench", begin_at=begin, end_at=end))
                next_id += 1
        if len(batch) > 20_000:
            Location.objects.bulk_create(batch, batch_size=5000)
            total += len(batch)
            batch = []
    Location.objects.bulk_create(batch, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return campus, total + len(batch)


def timed(function, repeat=5):
    """The best of `repeat` runs, in milliseconds (the first run warms PostgreSQL's caches)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def run():
    campus, sessions = generate()
    since, until = local_day_bounds(campus, FIRST_DAY, FIRST_DAY + timedelta(days=DAYS - 1))
    started = time.perf_counter()
    rows = roll_up(campus.id, since, until, now=until)
    full = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE occupancy_occupancyhour")  # as autovacuum would after the backfill
    now = until - timedelta(minutes=30)
    month = local_day_bounds(campus, FIRST_DAY + timedelta(days=DAYS - 31), FIRST_DAY + timedelta(days=DAYS - 1))
    under = target("< 200 ms", lambda value: value < 200)
    return [
        ("sessions generated for the year", sessions, "", None),
        ("roll-up of the whole year (the backfill's share)", full, "s", target("< 300 s", lambda v: v < 300)),
        ("roll-up rows written", rows, "", None),
        ("one live cycle's re-roll (the current hour)",
         timed(lambda: roll_up(campus.id, now, now, now=now)), "ms", target("< 100 ms", lambda v: v < 100)),
        ("people per day over the year", timed(lambda: occupancy_series(campus, since, until, by="day")), "ms",
         under),
        ("people per hour over the year (8,760 points)",
         timed(lambda: occupancy_series(campus, since, until, by="hour")), "ms", under),
        ("weekday by hour heat map over the year", timed(lambda: weekday_hour_means(campus, since, until)), "ms",
         under),
        ("busiest clusters and utilisation over the year", timed(lambda: cluster_usage(campus, since, until)), "ms",
         under),
        ("people per hour over the last month", timed(lambda: occupancy_series(campus, *month, by="hour")), "ms",
         under),
    ]
