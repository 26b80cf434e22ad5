"""Every metric Occupancy shows Prometheus at /metrics, declared here and nowhere else.

Two kinds:
- Counted where things happen (API requests, rows written, webhook deliveries, web latency, open push
  streams). Web processes and Celery workers run in separate processes and containers, so each process
  adds to a local buffer that a background thread pushes to Redis every FLUSH_EVERY seconds (and a Celery
  task pushes when it ends); any web process then answers /metrics for all of them.
- Read when Prometheus scrapes (feed freshness and failures, quota, queue length), from the database and the broker,
  so they are right whichever process answers and whichever process did the work.

Labels are route names, feeds, campus ids, endpoints with ids replaced, outcomes: never a login or host.
"""

import bisect
import itertools
import json
import logging
import os
import socket
import threading
import time
from collections import defaultdict

import redis
from django.conf import settings
from django.utils import timezone
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily

from occupancy.intra.factory import shared_limiter
from occupancy.models import ApiQuota, SyncState
from occupancy.read.status import HEARTBEAT_FEED, broker_queue_length, feed_statuses

log = logging.getLogger(__name__)

FLUSH_EVERY = 5.0
# A process's live gauges vanish this long after its last push (it died without saying so).
LIVE_TTL = 4 * FLUSH_EVERY
COUNTERS_KEY = "occupancy:metrics:counters"
LIVE_PREFIX = "occupancy:metrics:live:"
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


# --- The shared store --------------------------------------------------------------------


def _field(key):
    return json.dumps(key[:1] + key[1], separators=(",", ":"))


def _key(field):
    name, *labels = json.loads(field)
    return name, tuple(labels)


class _Store:
    """This process's counts not yet in Redis and its live gauge values; pushed by a daemon thread."""

    def __init__(self):
        self._reset()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self):
        # A forked child starts empty: what it inherited is the parent's to push.
        self.lock = threading.Lock()
        self.pending = defaultdict(float)
        self.live = defaultdict(float)
        self.flusher = None
        self.client = None
        self.process = f"{socket.gethostname()}:{os.getpid()}"

    def add(self, *increments):
        """Add each (key, amount) of `increments` under one lock (a web request records three at once)."""
        with self.lock:
            for key, amount in increments:
                self.pending[key] += amount
        self._start_flusher()

    def shift_live(self, key, amount):
        with self.lock:
            self.live[key] += amount
        self._start_flusher()

    def _start_flusher(self):
        if self.flusher is None:
            with self.lock:
                if self.flusher is None:
                    self.flusher = threading.Thread(target=self._flush_forever, name="metrics-flush", daemon=True)
                    self.flusher.start()

    def _flush_forever(self):
        while True:
            time.sleep(FLUSH_EVERY)
            self.flush()

    def _redis(self):
        if self.client is None:
            self.client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
        return self.client

    def flush(self):
        """Push this process's counts to Redis (all or nothing; kept for the next push if Redis is away)."""
        with self.lock:
            pending, self.pending = self.pending, defaultdict(float)
            live = {_field(key): value for key, value in self.live.items()}
        live_key = LIVE_PREFIX + self.process
        try:
            pipe = self._redis().pipeline(transaction=True)
            for key, amount in pending.items():
                pipe.hincrbyfloat(COUNTERS_KEY, _field(key), amount)
            pipe.delete(live_key)
            if live:
                pipe.hset(live_key, mapping=live)
                pipe.expire(live_key, int(LIVE_TTL))
            pipe.execute()
        except redis.RedisError as error:
            with self.lock:
                for key, amount in pending.items():
                    self.pending[key] += amount
            log.warning("metrics not pushed to Redis", extra={"error": str(error)})

    def totals(self):
        """({(name, labels): value} counters, {(name, labels): value} live gauges) of every process."""
        self.flush()
        client = self._redis()
        counters = {_key(field): float(value) for field, value in client.hgetall(COUNTERS_KEY).items()}
        live = defaultdict(float)
        for live_key in client.scan_iter(match=LIVE_PREFIX + "*", count=500):
            for field, value in client.hgetall(live_key).items():
                live[_key(field)] += float(value)
        return counters, dict(live)


_STORE = _Store()
_DECLARED = []


# --- Metric types, shaped like prometheus_client's ------------------------------------------


class _Metric:
    def __init__(self, name, documentation, labelnames=()):
        self.name = name
        self.documentation = documentation
        self.labelnames = tuple(labelnames)
        _DECLARED.append(self)

    def labels(self, **values):
        if set(values) != set(self.labelnames):
            raise ValueError(f"{self.name} takes the labels {self.labelnames}, not {tuple(values)}")
        return _Labelled(self, tuple(str(values[name]) for name in self.labelnames))

    def _unlabelled(self):
        if self.labelnames:
            raise ValueError(f"{self.name} needs its labels {self.labelnames}")
        return _Labelled(self, ())


class _Labelled:
    def __init__(self, metric, labels):
        self.metric = metric
        self.values = labels

    def inc(self, amount=1):
        self.metric._record(self.values, amount)

    def dec(self, amount=1):
        self.metric._record(self.values, -amount)

    def observe(self, value):
        self.metric._record(self.values, value)


class Counter(_Metric):
    """A count that only goes up, summed over every process (name without `_total`: it is added)."""

    def inc(self, amount=1):
        self._unlabelled().inc(amount)

    def _record(self, labels, amount):
        if amount < 0:
            raise ValueError("a counter only goes up")
        _STORE.add(((self.name, labels), amount))

    def family(self, counters):
        family = CounterMetricFamily(self.name, self.documentation, labels=self.labelnames)
        for (name, labels), value in sorted(counters.items()):
            if name == self.name:
                family.add_metric(labels, value)
        return family


class LiveGauge(_Metric):
    """A level each process holds (open streams), summed over the processes alive now."""

    def inc(self, amount=1):
        self._unlabelled().inc(amount)

    def dec(self, amount=1):
        self._unlabelled().dec(amount)

    def _record(self, labels, amount):
        _STORE.shift_live((self.name, labels), amount)

    def family(self, live):
        family = GaugeMetricFamily(self.name, self.documentation, labels=self.labelnames)
        values = {labels: value for (name, labels), value in live.items() if name == self.name}
        for labels, value in sorted(values.items()):
            family.add_metric(labels, value)
        if not values and not self.labelnames:
            family.add_metric((), 0)
        return family


class Histogram(_Metric):
    """Observed durations in cumulative buckets, summed over every process."""

    def __init__(self, name, documentation, labelnames=(), buckets=LATENCY_BUCKETS):
        super().__init__(name, documentation, labelnames)
        self.buckets = tuple(buckets)
        self.bounds = [repr(bound) for bound in self.buckets] + ["+Inf"]

    def _record(self, labels, value):
        # One count in the bucket the value falls in; the cumulative counts are summed at scrape time.
        bound = self.bounds[bisect.bisect_left(self.buckets, value)]
        _STORE.add(((f"{self.name}_bucket", labels + (bound,)), 1), ((f"{self.name}_sum", labels), value))

    def family(self, counters):
        family = HistogramMetricFamily(self.name, self.documentation, labels=self.labelnames)
        for (name, labels), total in sorted(counters.items()):
            if name != f"{self.name}_sum":
                continue
            cumulative = list(itertools.accumulate(
                counters.get((f"{self.name}_bucket", labels + (bound,)), 0.0) for bound in self.bounds))
            family.add_metric(labels, list(zip(self.bounds, cumulative, strict=True)), total)
        return family


# --- Counted where things happen ----------------------------------------------------------

API_REQUESTS = Counter(
    "occupancy_intra_requests", "Requests sent to the intra API, by endpoint (ids replaced) and answer "
    "(an HTTP status or a network error's name).", ["endpoint", "status"])
FEED_ROWS_CHANGED = Counter("occupancy_feed_rows_changed", "Rows written by successful feed runs.", ["feed"])
WEBHOOK_DELIVERIES = Counter(
    "occupancy_webhook_deliveries", "Webhook deliveries received from the intra, by what became of them.",
    ["outcome"])
PUSH_STREAMS_OPEN = LiveGauge("occupancy_push_streams_open", "Push (Server-Sent Events) streams open now.")
REQUEST_LATENCY = Histogram(
    "occupancy_http_request_duration_seconds", "Time to answer a web request (to the first byte), by route name.",
    ["route"])
RESPONSES = Counter("occupancy_http_responses", "Web responses by route name and HTTP status.", ["route", "status"])


def flush():
    """Push this process's counts now (a Celery task that just ended, a test)."""
    _STORE.flush()


# --- Read when Prometheus scrapes -----------------------------------------------------------


class OccupancyCollector:
    """Builds every family at scrape time: the counted ones from the store, the rest from the database."""

    def collect(self, now=None):
        now = now or timezone.now()
        counters, live = _STORE.totals()
        for metric in _DECLARED:
            yield metric.family(live if isinstance(metric, LiveGauge) else counters)
        yield from feed_families(now)
        yield from api_families()
        yield from queue_families()


def feed_families(now):
    last_success = GaugeMetricFamily(
        "occupancy_feed_last_success_timestamp_seconds", "When each feed last succeeded (Unix time).",
        labels=["feed", "campus"])
    lag = GaugeMetricFamily("occupancy_feed_lag_seconds", "Seconds since each feed last succeeded.",
                            labels=["feed", "campus"])
    late = GaugeMetricFamily("occupancy_feed_late", "1 when a feed is more than three intervals behind (the "
                             "status page's warning), else 0.", labels=["feed", "campus"])
    failing = GaugeMetricFamily("occupancy_feed_failing", "1 when a feed's last run failed, else 0.",
                                labels=["feed", "campus"])
    failures = CounterMetricFamily("occupancy_feed_failures", "Failed runs of each feed, whatever the error.",
                                   labels=["feed", "campus"])
    rows = GaugeMetricFamily("occupancy_feed_last_rows_changed", "Rows written by each feed's last successful run.",
                             labels=["feed", "campus"])
    for status in feed_statuses(now):
        state = status.state
        labels = (state.feed, str(state.campus_id))
        if state.last_success_at:
            last_success.add_metric(labels, state.last_success_at.timestamp())
            lag.add_metric(labels, status.lag)
        late.add_metric(labels, 1 if status.late else 0)
        failing.add_metric(labels, 1 if state.last_error_at and (
            not state.last_success_at or state.last_error_at > state.last_success_at) else 0)
        failures.add_metric(labels, state.failures)
        rows.add_metric(labels, state.rows_changed)
    heartbeat = GaugeMetricFamily(
        "occupancy_worker_heartbeat_timestamp_seconds",
        "When a worker last ran the heartbeat beat schedules (Unix time): both beat and a worker are alive.")
    beat = SyncState.objects.filter(feed=HEARTBEAT_FEED).values_list("last_success_at", flat=True).first()
    if beat:
        heartbeat.add_metric((), beat.timestamp())
    return [last_success, lag, late, failing, failures, rows, heartbeat]


def api_families():
    used = GaugeMetricFamily("occupancy_intra_quota_used_last_hour",
                             "Requests the shared rate limiter granted in the last hour (all workers).")
    used.add_metric((), shared_limiter().spent_last_hour())
    allowed = GaugeMetricFamily("occupancy_intra_quota_per_hour", "Requests per hour the application allows "
                                "itself (INTRA_RATE_PER_HOUR).")
    allowed.add_metric((), settings.INTRA_RATE_PER_HOUR)
    remaining = GaugeMetricFamily("occupancy_intra_ratelimit_remaining", "Requests left, as the API's last "
                                  "rate-limit headers said.", labels=["window"])
    limit = GaugeMetricFamily("occupancy_intra_ratelimit_limit", "The API's limit, as its last rate-limit headers "
                              "said.", labels=["window"])
    seen = GaugeMetricFamily("occupancy_intra_ratelimit_seen_timestamp_seconds",
                             "When the API's rate-limit headers were last read (Unix time).")
    quota = ApiQuota.objects.filter(pk=1).first()
    if quota:
        seen.add_metric((), quota.seen_at.timestamp())
        for window in ("secondly", "hourly"):
            if f"{window}_remaining" in quota.headers:
                remaining.add_metric((window,), quota.headers[f"{window}_remaining"])
            if f"{window}_limit" in quota.headers:
                limit.add_metric((window,), quota.headers[f"{window}_limit"])
    return [used, allowed, remaining, limit, seen]


def queue_families():
    queue = GaugeMetricFamily("occupancy_queue_length", "Tasks waiting in the broker for a worker.",
                              labels=["queue"])
    length = broker_queue_length()
    if length is not None:
        queue.add_metric(("celery",), length)
    return [queue]
