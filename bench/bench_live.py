"""Live: webhook delivery to row and to a repainted seat, many open push streams, the 304's cost, API requests

The site runs as production does (gunicorn with two uvicorn ASGI workers) on loopback, on the
1,040-seat campus of bench_maps. Deliveries are POSTed as the intra sends them. Delivery -> row: the
answer comes after the commit, so its round trip is the time until the row is in PostgreSQL.
Delivery -> seat repainted: from the POST until a MutationObserver in headless Chromium sees the
seat turn taken on an open cluster map. Streams: BENCH_LIVE_STREAMS open streams of one cluster
(2,000 unless set lower) held BENCH_LIVE_SECONDS (60) while one delivery a second changes that
cluster; each stream's arrival of each change is timed. 304 against 200: the cluster JSON through
Django's whole stack in this process, median of 50. API requests per hour: a simulated busy hour
against the simulator, beat ticking every SYNC_LOCATIONS_EVERY, with deliveries flowing or not.
"""

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, timedelta

import psutil
import requests
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from bench.bench_maps import ROOT, build_campus, median_ms, signed_in_client
from bench.bench_overview import chromium, percentile
from bench.report import target
from occupancy.models import Location, Seat
from tests.conftest import free_port, wait_for_http
from tests.intra.conftest import client_for

SECRET = "bench-webhook-secret"
DELIVERIES = 200
REPAINTS = 20
STREAMS = int(os.environ.get("BENCH_LIVE_STREAMS", 2000))
STREAM_SECONDS = int(os.environ.get("BENCH_LIVE_SECONDS", 60))

WATCH_SEATS = """
window.__taken = {};
new MutationObserver((changes) => {
  for (const change of changes) {
    const seat = change.target;
    if (seat.classList && seat.classList.contains("taken") && seat.dataset.host && !window.__taken[seat.dataset.host])
      window.__taken[seat.dataset.host] = Date.now();
  }
}).observe(document, { attributes: true, attributeFilter: ["class"], subtree: true });
"""


def webhook_time(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


class Site:
    """The site under gunicorn with two uvicorn workers, its URL and its memory."""

    def __init__(self):
        db = connection.settings_dict
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, DEBUG="0", SECURE_SSL_REDIRECT="0", ALLOWED_HOSTS="127.0.0.1",
                   DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
                   INTRA_WEBHOOK_SECRET=SECRET)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "occupancy.asgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "2", "--worker-class", "uvicorn_worker.UvicornWorker", "--graceful-timeout", "2",
             "--backlog", "4096"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_http(self.url + "/healthz")

    def memory_mb(self):
        master = psutil.Process(self.process.pid)
        return sum(p.memory_info().rss for p in [master, *master.children(recursive=True)]) / 2**20

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Deliverer:
    """Sessions beginning at the campus's free seats, one POST each, as the intra sends them."""

    def __init__(self, site, cluster=None):
        taken = set(Location.objects.filter(end_at__isnull=True).values_list("seat_id", flat=True))
        seats = Seat.objects.exclude(id__in=taken)
        self.free = list((seats.filter(cluster=cluster) if cluster else seats).values_list("host", flat=True))
        self.site, self.next_id = site, 5_000_000 + Location.objects.count()
        self.session = requests.Session()

    def deliver(self, event="create", host=None):
        """POST one create at a free seat (or a close of the session at `host`); returns (host, seconds)."""
        host = host or self.free.pop()
        self.next_id += event == "create"
        now = timezone.now()
        item = {"id": self.next_id, "begin_at": webhook_time(now - timedelta(seconds=5)),
                "end_at": webhook_time(now) if event == "close" else None, "host": host, "campus_id": 1,
                "primary": True, "user": {"id": 900_000 + self.next_id % 1000, "login": "bench"}}
        started = time.perf_counter()
        response = self.session.post(self.site.url + "/webhooks/intra/", data=json.dumps(item), timeout=10, headers={
            "Content-Type": "application/json", "X-Model": "location", "X-Event": event,
            "X-Delivery": str(uuid.uuid4()), "X-Secret": SECRET})
        response.raise_for_status()
        return host, time.perf_counter() - started


def delivery_to_row(site):
    deliverer = Deliverer(site)
    seconds = [deliverer.deliver()[1] * 1000 for _ in range(DELIVERIES)]
    assert Location.objects.filter(login="bench").count() >= DELIVERIES
    return statistics.median(seconds), percentile(seconds, 0.95)


def delivery_to_repaint(site, cookie):
    browser, profile = chromium()
    try:
        browser.get(site.url + "/healthz")
        browser.add_cookie({"name": "sessionid", "value": cookie, "path": "/"})
        browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_SEATS})
        browser.get(site.url + "/campus/1/cluster/e2/")
        deadline = time.monotonic() + 20
        while browser.execute_script("return document.documentElement.dataset.stream") != "live":
            assert time.monotonic() < deadline, "the map's stream did not open"
            time.sleep(0.1)
        deliverer = Deliverer(site, cluster="e2")
        sent = {}
        for _ in range(REPAINTS):
            sent_at = time.time() * 1000
            host, _ = deliverer.deliver()
            sent[host] = sent_at
            time.sleep(0.5)
        time.sleep(3)
        painted = browser.execute_script("return window.__taken")
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)
    missing = [host for host in sent if host not in painted]
    return [painted[host] - sent[host] for host in sent if host in painted], len(missing)


async def _stream(port, cookie, arrivals, opened):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=2**16)
    writer.write(f"GET /campus/1/cluster/e1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: sessionid={cookie}\r\n"
                 f"Accept: text/event-stream\r\n\r\n".encode())
    await writer.drain()
    if b" 200 " not in await reader.readline():
        raise ConnectionError("the stream was refused")
    opened.append(1)
    try:
        while line := await reader.readline():
            if line.startswith(b"data: ") and b'"version"' in line:
                arrivals.append(time.time())
    finally:
        writer.close()


async def _hold_streams(site, cookie, deliverer):
    """Open the streams, then one delivery a second; returns (latencies ms, streams lost, peak memory MB)."""
    arrivals = [[] for _ in range(STREAMS)]
    opened = []
    tasks = []
    for index in range(STREAMS):
        tasks.append(asyncio.create_task(_stream(site.port, cookie, arrivals[index], opened)))
        if index % 50 == 49:
            await asyncio.sleep(0.5)  # screens are switched on over a while, not all in one instant
    deadline = time.monotonic() + 30
    while len(opened) < STREAMS and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    await asyncio.sleep(1)
    sent, memory = [], 0
    loop = asyncio.get_running_loop()
    host = None
    for second in range(STREAM_SECONDS):
        sent.append(time.time())
        # A session begins at a seat of the cluster, then ends there the next second.
        event = "close" if second % 2 else "create"
        host, _ = await loop.run_in_executor(None, deliverer.deliver, event, host if event == "close" else None)
        memory = max(memory, site.memory_mb())
        await asyncio.sleep(max(0, sent[-1] + 1 - time.time()))
    await asyncio.sleep(3)
    lost = sum(task.done() for task in tasks)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    latencies = []
    for stream in arrivals:
        # Each stream hears the changes in order: its k-th arrival is the k-th delivery's.
        latencies += [(arrived - sent[k]) * 1000 for k, arrived in enumerate(stream[-len(sent):])]
    return latencies, lost + STREAMS - len(opened), memory, len(opened)


def many_streams(site, cookie):
    deliverer = Deliverer(site, cluster="e1")
    return asyncio.run(_hold_streams(site, cookie, deliverer))


def api_requests_per_hour():
    """Requests the live poll and the reconciliation spend in a simulated busy hour, with deliveries or not."""
    from intrasim.server import SimServer
    from occupancy.sync.locations import reconcile_active_locations, sync_locations
    from occupancy.sync.webhooks import live_poll_due, record_outcome

    spent = {}
    for flowing in (False, True):
        Location.objects.all().delete()
        sim = SimServer(admin=True, rate_second=1000, rate_hour=1_000_000).start()
        try:
            client = client_for(sim)
            campuses = [c["id"] for c in sim.world.campuses()]
            sync_locations(client, campus_ids=campuses, now=sim.clock.now())
            before = client.stats.total
            for tick in range(3600 // settings.SYNC_LOCATIONS_EVERY):
                sim.clock.advance(settings.SYNC_LOCATIONS_EVERY)
                now = sim.clock.now()
                if flowing:
                    record_outcome("accepted", now=now)
                if live_poll_due(now):
                    sync_locations(client, campus_ids=campuses, now=now)
                if (tick + 1) * settings.SYNC_LOCATIONS_EVERY % settings.SYNC_RECONCILE_EVERY == 0:
                    reconcile_active_locations(client, campus_ids=campuses, now=now)
            spent[flowing] = client.stats.total - before
        finally:
            sim.stop()
    return spent[False], spent[True]


def run():
    build_campus()
    call_command("collectstatic", interactive=False, verbosity=0)
    client = signed_in_client()
    cookie = client.cookies["sessionid"].value
    json_url = "/campus/1/cluster/e1.json"
    etag = client.get(json_url)["ETag"]
    full_ms = median_ms(lambda: client.get(json_url))
    not_modified_ms = median_ms(lambda: client.get(json_url, HTTP_IF_NONE_MATCH=etag))
    site = Site()
    try:
        row_p50, row_p95 = delivery_to_row(site)
        repaints, unpainted = delivery_to_repaint(site, cookie)
        latencies, lost, memory, opened = many_streams(site, cookie)
    finally:
        site.stop()
    polling_only, with_webhooks = api_requests_per_hour()
    return [
        (f"delivery -> row in PostgreSQL, median of {DELIVERIES}", row_p50, "ms", None),
        ("delivery -> row, 95th percentile", row_p95, "ms", target("< 200 ms", lambda v: v < 200)),
        (f"delivery -> seat repainted on an open map in Chromium, median of {REPAINTS}",
         statistics.median(repaints), "ms", target("< 1 s", lambda v: v < 1000)),
        ("delivery -> seat repainted, 95th percentile", percentile(repaints, 0.95), "ms",
         target("< 2 s (aim < 1 s)", lambda v: v < 2000)),
        ("deliveries never repainted", unpainted, "", target("none", lambda v: v == 0)),
        (f"{opened:,} streams held {STREAM_SECONDS} s, one change a second: delivery to each stream, median",
         statistics.median(latencies), "ms", None),
        ("streams: delivery to each stream, 95th percentile", percentile(latencies, 0.95), "ms",
         target("< 1 s", lambda v: v < 1000)),
        ("streams dropped (of those asked for)", lost, "", target("none", lambda v: v == 0)),
        ("streams: the server's memory (master and two workers), peak", memory, "MB", None),
        ("cluster JSON answered 200, median", full_ms, "ms", None),
        ("cluster JSON answered 304, median", not_modified_ms, "ms", None),
        ("a 304 is this many times cheaper than a 200", full_ms / not_modified_ms, "x",
         target(">= 5x", lambda v: v >= 5)),
        ("API requests in a busy hour, polling only", polling_only, "", None),
        ("API requests in a busy hour, deliveries flowing", with_webhooks, "",
         target("fewer than polling only", lambda v: v < polling_only)),
    ]

