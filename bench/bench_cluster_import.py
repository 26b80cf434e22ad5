"""The intra's drawing of a 300-seat cluster: imported (parse, clean, match, store), and its map painted in Chromium

Import: read_plan and place_plans on a drawing in the real drawings' structure (rect and image twins,
row groups, labels, an empty script), 300 seats all seen, each run a slightly moved drawing so that
every run stores a new layout version; 20 runs. Painted: the cluster map of the imported cluster in
headless Chromium served by gunicorn with uvicorn workers, from the navigation's start to the frame
after its last seat is drawn, 20 navigations.
"""

import statistics
import time
from datetime import timedelta

from django.utils import timezone

from bench import bench_overview as overview
from bench.bench_overview import percentile
from bench.report import target
from intrasim.clusters import drawing_svg
from occupancy.layouts.intra_plan import place_plans, read_plan
from occupancy.models import Campus, ClusterDrawing, Location, Seat, SyncState

ROWS, POSTS = 15, 20
SEATS = ROWS * POSTS
RUNS = 20

# The overview bench's paint watch, counting this page's seats.
WATCH_PAINT = overview.WATCH_PAINT.replace("svg[data-cluster] .seat", ".map .seat").replace(
    str(overview.SEATS), str(SEATS))


def build_campus():
    campus = Campus.objects.create(id=1, name="Paris", time_zone="Europe/Paris")
    now = timezone.now()
    seats = Seat.objects.bulk_create(
        Seat(campus=campus, host=f"e1r{r}p{p}", cluster="e1", row=r, post=p, first_seen=now, last_seen=now)
        for r in range(1, ROWS + 1) for p in range(1, POSTS + 1))
    Location.objects.bulk_create(
        Location(id=i, campus=campus, seat=seat, user_id=10_000 + i, login=f"user{i}",
                 begin_at=now - timedelta(minutes=i % 300))
        for i, seat in enumerate(seats) if i % 5 < 2)
    SyncState.objects.update_or_create(feed="locations", defaults={"last_success_at": now})
    return campus


def import_times(campus):
    seats = [(f"e1r{r}p{p}", r, p) for r in range(1, ROWS + 1) for p in range(1, POSTS + 1)]
    record = ClusterDrawing.objects.create(id=1, campus=campus, name="Paris E1",
                                           cdn_link="/cluster/image/1/paris-e1.svg")
    times = []
    for run in range(RUNS + 1):
        data = drawing_svg(1, "e1", "Paris E1", seats).replace(b'x="40" y="', f'x="{40 + run}" y="'.encode())
        started = time.perf_counter()
        assert read_plan(record, data, now=timezone.now())
        place_plans(campus, [record])
        times.append((time.perf_counter() - started) * 1000)
    assert len(record.plan["seats"]) == SEATS
    return times[1:]  # the first run warms the caches


def run():
    campus = build_campus()
    imports = import_times(campus)
    with overview.signed_in_site() as (browser, site):
        painted = overview.paint_times(browser, site + "/campus/1/cluster/e1/", WATCH_PAINT)
    return [
        (f"import of a {SEATS}-seat drawing (parse, clean, match, store), median of {RUNS}",
         statistics.median(imports), "ms", target("< 500 ms", lambda v: v < 500)),
        ("import, 95th percentile", percentile(imports, 0.95), "ms", target("< 500 ms", lambda v: v < 500)),
        (f"its cluster map painted in Chromium, median of {overview.NAVIGATIONS}", statistics.median(painted), "ms",
         target("< 300 ms", lambda v: v < 300)),
        ("cluster map painted, 95th percentile", percentile(painted, 0.95), "ms",
         target("< 300 ms", lambda v: v < 300)),
    ]
