"""Metrics: what counting costs a web request, and what a Prometheus scrape of /metrics costs

Counting: one request's latency observation and response count, recorded in the process's buffer
(what the middleware adds to every request), 100,000 times. Push: one process's buffer of 40 routes
(each with its histogram buckets) sent to Redis. Scrape: GET /metrics with the token through Django's
test client, with 50 campuses × 5 feeds of sync state and those counters in Redis, 50 scrapes.
"""

import time

import redis
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from bench.bench_maps import median_ms
from bench.report import target
from occupancy import metrics
from occupancy.models import SyncState

RECORDS = 100_000
ROUTES = 40


def record_one():
    metrics.REQUEST_LATENCY.labels(route="bench-cluster").observe(0.042)
    metrics.RESPONSES.labels(route="bench-cluster", status=200).inc()


def forget_bench_counts():
    """The benchmark's routes leave the shared counters (Redis is not a benchmark copy, as the database is)."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    fields = [field for field, _ in client.hscan_iter(metrics.COUNTERS_KEY, match='*"bench-*')]
    if fields:
        client.hdel(metrics.COUNTERS_KEY, *fields)


def run():
    started = time.perf_counter()
    for _ in range(RECORDS):
        record_one()
    per_request_us = (time.perf_counter() - started) / RECORDS * 1e6
    metrics.flush()

    for number in range(ROUTES):
        metrics.REQUEST_LATENCY.labels(route=f"bench-{number}").observe(0.01 * number)
        metrics.RESPONSES.labels(route=f"bench-{number}", status=200).inc()
    started = time.perf_counter()
    metrics.flush()
    push_ms = (time.perf_counter() - started) * 1000

    now = timezone.now()
    SyncState.objects.bulk_create(
        SyncState(feed=feed, campus_id=campus, last_run_at=now, last_success_at=now, rows_changed=3)
        for campus in range(1, 51) for feed in ("locations", "reconcile", "pools", "balances", "project_sessions"))
    client = Client()
    with override_settings(METRICS_TOKEN="bench-token"):
        scrape = lambda: client.get("/metrics", HTTP_AUTHORIZATION="Bearer bench-token")  # noqa: E731
        assert scrape().status_code == 200
        scrape_ms = median_ms(scrape)
        size_kb = len(scrape().content) / 1024
        with CaptureQueriesContext(connection) as queries:
            scrape()
    forget_bench_counts()
    return [
        ("counting one web request (latency and response)", per_request_us, "µs", target("< 20 µs", lambda v: v < 20)),
        (f"pushing a process's buffer of {ROUTES} routes to Redis", push_ms, "ms", target("< 20 ms", lambda v: v < 20)),
        ("one scrape of /metrics, 250 feed rows (median of 50)", scrape_ms, "ms",
         target("< 100 ms", lambda v: v < 100)),
        ("its size", size_kb, "KB", None),
        ("its database queries", len(queries), "", target("fixed, ≤ 5", lambda v: v <= 5)),
    ]
