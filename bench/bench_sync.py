"""Sync: API cost, freshness and write speed of the locations feed

A busy simulated day on the simulator's three campuses at the default schedule (a live cycle every
30 s, a reconciliation every 10 min), against the naive design that re-reads every active location
of every campus each cycle; then 100,000 locations upserted into PostgreSQL.
"""

import resource
import statistics
import time
from datetime import timedelta

from django.db import transaction

from bench.report import target
from intrasim.server import SimServer
from intrasim.world import seats_of
from occupancy.intra.client import IntraClient
from occupancy.intra.ratelimit import Limits, LocalRateLimiter
from occupancy.intra.token import TokenStore
from occupancy.models import Location, Seat, SyncState
from occupancy.sync.locations import reconcile_active_locations, sync_locations, upsert_locations

CYCLE = 30
RECONCILE_EVERY = 20  # cycles: 10 minutes
HOURLY_QUOTA = 1200


def bench_client(sim):
    from django.core.cache.backends.locmem import LocMemCache

    return IntraClient(sim.url, "occupancy-demo", "occupancy-demo-secret",
                       limiter=LocalRateLimiter(Limits(10_000, 10_000_000)),
                       tokens=TokenStore(LocMemCache("bench", {})))


def play_day(sim, client, campuses, hours):
    """Returns per-hour request counts {"ours", 100, 30} (naive at page sizes 100 and 30), and freshness delays."""
    sync_locations(client, campus_ids=campuses, now=sim.clock.now())
    newest = Location.objects.order_by("-id").values_list("id", flat=True).first() or 0
    per_hour = [{"ours": 0, 100: 0, 30: 0} for _ in range(hours)]
    delays = []
    for cycle in range(1, hours * 3600 // CYCLE + 1):
        hour = per_hour[(cycle - 1) * CYCLE // 3600]
        sim.clock.advance(CYCLE)
        now = sim.clock.now()
        started = time.monotonic()
        before = client.stats.total
        sync_locations(client, campus_ids=campuses, now=now)
        if cycle % RECONCILE_EVERY == 0:
            reconcile_active_locations(client, campus_ids=campuses, now=now)
        hour["ours"] += client.stats.total - before
        spent = time.monotonic() - started
        for campus in campuses:
            active = len(sim.world.active_locations(now, campus))
            for size in (100, 30):
                hour[size] += max(-(-active // size), 1)
        # Location ids grow with begin_at: the rows past the newest id are the sessions this cycle found.
        for location_id, begin_at in Location.objects.filter(id__gt=newest).values_list("id", "begin_at"):
            newest = max(newest, location_id)
            if begin_at > now - timedelta(seconds=CYCLE * 2):
                delays.append((now - begin_at).total_seconds() + spent)
    return per_hour, delays


def upsert_speed(count=100_000, chunk=5_000):
    """Rows a second of upsert_locations alone (the API items are made outside the timing), and memory growth."""
    Location.objects.all().delete()
    Seat.objects.all().delete()
    base = 50_000_000
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    moment = time.time()
    elapsed = 0.0
    for offset in range(0, count, chunk):
        items = [
            {"id": base + i, "campus_id": 1, "host": f"e{1 + i % 6}r{1 + i % 13}p{1 + i % 16}", "floor": None,
             "row": None, "post": None, "primary": True, "user": {"id": 10_000 + i % 3000, "login": f"u{i % 3000}"},
             "begin_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(moment - 3600 * (count - i) / 100)),
             "end_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(moment - 3600 * (count - i) / 100 + 1800))}
            for i in range(offset, offset + chunk)
        ]
        started = time.perf_counter()
        with transaction.atomic():
            upsert_locations(items)
        elapsed += time.perf_counter() - started
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    return count / elapsed, grown_mb


def run():
    sim = SimServer(seed=7, days=1, rate_second=10_000, rate_hour=10_000_000).start()
    try:
        SyncState.objects.all().delete()
        campuses = sorted(c["id"] for c in sim.world.campuses())
        client = bench_client(sim)
        hours = 24
        per_hour, delays = play_day(sim, client, campuses, hours)
    finally:
        sim.stop()
    day = {key: sum(hour[key] for hour in per_hour) for key in ("ours", 100, 30)}
    busiest = max(per_hour, key=lambda hour: hour[30])
    seats = [len(seats_of(campus, sim.world.midpoint)) for campus in campuses]
    full_naive = sum(-(-count // 100) for count in seats) * 3600 / CYCLE  # every seat taken all day
    floor = 2 * 3600 / CYCLE  # our steady cycle: sessions begun, sessions ended
    p95 = statistics.quantiles(delays, n=20)[-1] if len(delays) > 20 else max(delays, default=0)
    rows_per_second, grown_mb = upsert_speed()
    return [
        ("live locations: our requests per hour (3 campuses, busy day)", day["ours"] / hours, "req/h", None),
        ("naive design: every active location of every campus each cycle, 100 a page", day[100] / hours,
         "req/h", None),
        ("ratio naive / ours, 100 a page, whole day", day[100] / day["ours"], "x",
         target(">= 10x", lambda v: v >= 10)),
        ("naive design at the API's default page size (30)", day[30] / hours, "req/h", None),
        ("ratio naive / ours, 30 a page, whole day", day[30] / day["ours"], "x", target(">= 10x", lambda v: v >= 10)),
        (f"ceiling at 100 a page: naive with all {sum(seats):,} seats taken all day / our floor of 2 a cycle",
         full_naive / floor, "x", None),
        ("busiest hour: our requests", busiest["ours"], "req/h", None),
        ("busiest hour: ratio naive / ours, 100 a page", busiest[100] / busiest["ours"], "x",
         target(">= 10x", lambda v: v >= 10)),
        ("busiest hour: ratio naive / ours, 30 a page", busiest[30] / busiest["ours"], "x",
         target(">= 10x", lambda v: v >= 10)),
        ("share of the hourly quota (1,200/h)", 100 * day["ours"] / hours / HOURLY_QUOTA, "%",
         target("< 25 %", lambda v: v < 25)),
        ("freshness: session begun -> row in PostgreSQL, 95th percentile", p95, "s",
         target("< 35 s", lambda v: v < 35)),
        ("freshness: median", statistics.median(delays) if delays else 0, "s", None),
        ("upsert of 100,000 locations into PostgreSQL", rows_per_second, "rows/s",
         target("> 20,000 rows/s", lambda v: v > 20_000)),
        ("memory growth while upserting them (5,000 a batch)", grown_mb, "MB", target("flat", lambda v: v < 100)),
    ]
