"""The intra's drawing of a 300-seat cluster: imported (parse, clean, match, store), and its map painted in Chromium

Import: read_plan and place_plans on a drawing in the real drawings' structure (rect and image twins,
row groups, labels, an empty script), 300 seats all seen, each run a slightly moved drawing so that
every run stores a new layout version; 20 runs. Painted: the cluster map of the imported cluster in
headless Chromium served by gunicorn with uvicorn workers, from the navigation's start to the frame
after its last seat is drawn, 20 navigations.
"""

import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import timedelta

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from bench import bench_overview as overview
from bench.bench_maps import ROOT, signed_in_client
from bench.bench_overview import chromium, percentile
from bench.report import target
from intrasim.clusters import drawing_svg
from occupancy.layouts.intra_plan import place_plans, read_plan
from occupancy.models import Campus, ClusterDrawing, Location, Seat, SyncState
from tests.conftest import free_port, wait_for_http

ROWS, POSTS = 15, 20
SEATS = ROWS * POSTS
RUNS = 20
NAVIGATIONS = 20

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


def paint_times():
    call_command("collectstatic", interactive=False, verbosity=0)
    cookie = signed_in_client().cookies["sessionid"].value
    db = connection.settings_dict
    port = free_port()
    env = dict(os.environ, DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
               DEBUG="0", SECURE_SSL_REDIRECT="0", ALLOWED_HOSTS="127.0.0.1")
    # As in production (Dockerfile): uvicorn workers, so the page's event stream holds no worker.
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "occupancy.asgi:application", "--bind",
                               f"127.0.0.1:{port}", "--workers", "2", "--worker-class", "uvicorn_worker.UvicornWorker",
                               "--graceful-timeout", "5"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    browser, profile = chromium()
    site = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(site + "/healthz")
        browser.get(site + "/healthz")
        browser.add_cookie({"name": "sessionid", "value": cookie, "path": "/"})
        browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_PAINT})
        browser.get(site + "/campus/1/cluster/e1/")  # warm up
        painted = []
        for _ in range(NAVIGATIONS):
            browser.get(site + "/campus/1/cluster/e1/")
            painted.append(browser.execute_async_script(
                "const done = arguments[0]; (function wait() { window.__paintedAt ? done(window.__paintedAt)"
                " : setTimeout(wait, 10); })();"))
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)
        server.terminate()
        server.wait(timeout=20)
    return painted


def run():
    campus = build_campus()
    imports = import_times(campus)
    painted = paint_times()
    return [
        (f"import of a {SEATS}-seat drawing (parse, clean, match, store), median of {RUNS}",
         statistics.median(imports), "ms", target("< 500 ms", lambda v: v < 500)),
        ("import, 95th percentile", percentile(imports, 0.95), "ms", target("< 500 ms", lambda v: v < 500)),
        (f"its cluster map painted in Chromium, median of {NAVIGATIONS}", statistics.median(painted), "ms",
         target("< 300 ms", lambda v: v < 300)),
        ("cluster map painted, 95th percentile", percentile(painted, 0.95), "ms",
         target("< 300 ms", lambda v: v < 300)),
    ]
