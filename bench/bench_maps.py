"""Seat maps: the map page, its JSON and a 304, on a 1,000-seat campus; then 50 clients at once

The timings go through Django's whole stack in this process (median of 50). The load test runs
gunicorn on loopback and 50 concurrent clients polling the map JSON for 30 seconds.
"""

import os
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import requests
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone

from bench.report import target
from occupancy.models import Campus, Location, Seat, SyncState

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 50
LOAD_SECONDS = 30


def build_campus():
    """A 1,040-seat campus (four clusters of 13 rows by 20 posts) with 40 % of the seats taken."""
    Location.objects.all().delete()
    Seat.objects.all().delete()
    Campus.objects.all().delete()
    campus = Campus.objects.create(id=1, name="Paris", time_zone="Europe/Paris")
    now = timezone.now()
    seats = Seat.objects.bulk_create(
        Seat(campus=campus, host=f"{c}r{r}p{p}", cluster=c, row=r, post=p, first_seen=now, last_seen=now)
        for c in ("e1", "e2", "e3", "e4") for r in range(1, 14) for p in range(1, 21)
    )
    Location.objects.bulk_create(
        Location(id=i, campus=campus, seat=seat, user_id=10_000 + i, login=f"user{i}",
                 begin_at=now - timedelta(minutes=i % 300))
        for i, seat in enumerate(seats) if i % 5 < 2
    )
    SyncState.objects.update_or_create(feed="locations", defaults={"last_success_at": now})
    return campus


def signed_in_client():
    user, _ = get_user_model().objects.get_or_create(username="bench-staff")
    client = Client()
    client.force_login(user)
    return client


def median_ms(call, repeat=50):
    call()  # warm up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def load_test(cookie):
    """50 clients polling the map JSON with If-None-Match, for 30 s, against gunicorn on loopback."""
    port = 8765
    db = connection.settings_dict
    env = dict(os.environ, DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
               DEBUG="0", SECURE_SSL_REDIRECT="0", ALLOWED_HOSTS="127.0.0.1")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "occupancy.wsgi", "--bind", f"127.0.0.1:{port}",
                               "--workers", "4", "--threads", "4", "--worker-class", "gthread"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/campus/1/cluster/e1.json"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(url, timeout=5, cookies={"sessionid": cookie})
                break
            except requests.RequestException:
                time.sleep(0.2)
        latencies, errors, lock = [], [0], threading.Lock()
        stop_at = time.monotonic() + LOAD_SECONDS

        def client():
            session = requests.Session()
            session.cookies.set("sessionid", cookie)
            etag = None
            while time.monotonic() < stop_at:
                started = time.perf_counter()
                try:
                    response = session.get(url, headers={"If-None-Match": etag} if etag else {}, timeout=10)
                    ok = response.status_code in (200, 304)
                    etag = response.headers.get("ETag", etag)
                except requests.RequestException:
                    ok = False
                with lock:
                    latencies.append((time.perf_counter() - started) * 1000)
                    errors[0] += not ok

        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=20)
    latencies.sort()
    median, p95 = latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.95)]
    return len(latencies) / LOAD_SECONDS, errors[0], median, p95


def run():
    build_campus()
    client = signed_in_client()
    json_url, html_url = "/campus/1/cluster/e1.json", "/campus/1/cluster/e1/"
    etag = client.get(json_url)["ETag"]
    json_ms = median_ms(lambda: client.get(json_url))
    html_ms = median_ms(lambda: client.get(html_url))
    not_modified_ms = median_ms(lambda: client.get(json_url, HTTP_IF_NONE_MATCH=etag))
    throughput, errors, p50, p95 = load_test(client.cookies["sessionid"].value)
    return [
        ("map JSON of a cluster (1,040-seat campus), median", json_ms, "ms", target("< 30 ms", lambda v: v < 30)),
        ("map page (HTML), median", html_ms, "ms", None),
        ("map JSON answered 304, median", not_modified_ms, "ms", None),
        (f"load: {CLIENTS} clients polling the map JSON for {LOAD_SECONDS} s, throughput", throughput, "req/s",
         None),
        ("load: errors", errors, "", target("none", lambda v: v == 0)),
        ("load: latency median", p50, "ms", None),
        ("load: latency 95th percentile", p95, "ms", None),
    ]
