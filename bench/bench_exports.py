"""CSV exports: one million locations streamed by a real server process (gunicorn on loopback)

The million rows go in with one generate_series INSERT. The export is read with requests as a
browser would download it; the server's memory is the gunicorn worker's peak resident size
(VmHWM), before and after.
"""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import requests
from django.db import connection
from django.utils import timezone

from bench.bench_maps import signed_in_client
from bench.report import target
from occupancy.models import Campus, Location, Seat

ROOT = Path(__file__).resolve().parent.parent
ROWS = 1_000_000
SPACING = timedelta(seconds=30)  # a session begins every 30 s: a million span 347 days


def insert_locations(campus, count, start):
    """count sessions of three hours over the campus's seats in turn, one beginning every SPACING from start."""
    with connection.cursor() as cursor:
        cursor.execute("""
            WITH seats AS (SELECT array_agg(id ORDER BY id) AS ids FROM occupancy_seat WHERE campus_id = %(campus)s)
            INSERT INTO occupancy_location (id, campus_id, seat_id, user_id, login, begin_at, end_at, "primary")
            SELECT n, %(campus)s, seats.ids[1 + n %% array_length(seats.ids, 1)], 10000 + n %% 5000,
                   'user' || n %% 5000, %(start)s + n * %(spacing)s,
                   CASE WHEN n > %(count)s - 100 THEN NULL ELSE %(start)s + n * %(spacing)s + interval '3 hours' END,
                   true
            FROM seats, generate_series(1, %(count)s) AS n
        """, {"campus": campus.id, "count": count, "start": start, "spacing": SPACING})
        cursor.execute("ANALYZE occupancy_location")


def peak_kb(pid, field="VmHWM"):
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


def worker_pid(master):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def serve(port):
    """gunicorn as the Dockerfile runs it (sync workers), one worker, on the benchmark database."""
    db = connection.settings_dict
    env = dict(os.environ, DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
               DEBUG="0", SECURE_SSL_REDIRECT="0", ALLOWED_HOSTS="127.0.0.1")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "occupancy.wsgi", "--bind", f"127.0.0.1:{port}",
                               "--workers", "1"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
            return server
        except requests.RequestException:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not answer")


def download(url, params, cookie):
    """(rows, seconds to the first byte, seconds to the first row, seconds in all) of one streamed export."""
    started = time.perf_counter()
    first_byte = first_row = None
    lines = 0
    with requests.get(url, params=params, cookies={"sessionid": cookie}, stream=True, timeout=60) as response:
        response.raise_for_status()
        for chunk in response.iter_content(chunk_size=1 << 20):
            first_byte = first_byte or time.perf_counter() - started
            lines += chunk.count(b"\n")
            if first_row is None and lines >= 2:
                first_row = time.perf_counter() - started
    return lines - 1, first_byte, first_row, time.perf_counter() - started


def run():
    campus = Campus.objects.create(id=900, name="Bench", time_zone="Europe/Paris")
    now = timezone.now()
    Seat.objects.bulk_create(Seat(campus=campus, host=f"e{c}r{r}p{p}", cluster=f"e{c}", row=r, post=p,
                                  first_seen=now, last_seen=now)
                             for c in range(1, 5) for r in range(1, 14) for p in range(1, 21))
    start = now - ROWS * SPACING - timedelta(days=1)
    started = time.perf_counter()
    insert_locations(campus, ROWS, start)
    insert_seconds = time.perf_counter() - started
    zone = ZoneInfo(campus.time_zone)
    everything = {"campus": campus.id, "since": start.astimezone(zone).date().isoformat(),
                  "until": now.astimezone(zone).date().isoformat()}
    cookie = signed_in_client().cookies["sessionid"].value
    port = 8766
    server = serve(port)
    try:
        worker = worker_pid(server.pid)
        url = f"http://127.0.0.1:{port}/exports/locations.csv"
        download(url, {**everything, "since": everything["until"]}, cookie)  # warm up: a day
        before = peak_kb(worker)
        rows, first_byte, first_row, seconds = download(url, everything, cookie)
        after = peak_kb(worker)
    finally:
        server.terminate()
        server.wait(timeout=20)
        Location.objects.filter(campus=campus).delete()
        campus.delete()
    return [
        ("insert one million locations (generate_series)", insert_seconds, "s", None),
        ("locations exported", rows, "rows", target(f"{ROWS:,}", lambda value: value == ROWS)),
        ("export throughput", rows / seconds, "rows/s", target("> 100,000 rows/s", lambda value: value > 100_000)),
        ("export time in all", seconds, "s", None),
        ("time to the first byte", first_byte * 1000, "ms", None),
        ("time to the first row", first_row * 1000, "ms", target("< 1,000 ms", lambda value: value < 1000)),
        ("server process peak memory (VmHWM) after the export", after / 1024, "MB",
         target("< 150 MB", lambda value: value < 150)),
        ("server process peak memory before it (warmed up)", before / 1024, "MB", None),
    ]
