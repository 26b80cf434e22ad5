"""Version numbers of what the live pages show, in Redis, bumped after each write commits.

A campus has one Redis hash: a field per cluster (bumped when a seat of it changes), ANY (bumped with
every change in the campus: the wall display and the overview) and LAYOUT (bumped when the drawing or
seat notes change what every cluster shows). A field starts from the clock in milliseconds, not 0, so
a Redis that lost its data never hands out a number a browser already holds: a stale 304 is impossible.
"""

import json
import logging
import time

import redis
from django.conf import settings
from django.db import transaction
from redis.backoff import ConstantBackoff
from redis.retry import Retry

from occupancy.models import Seat

log = logging.getLogger(__name__)

ANY = "*"
LAYOUT = "~layout"
SYNCED_KEY = "occupancy:live:synced"
_client = None


def redis_client():
    global _client
    if _client is None:
        # One quick retry, not redis-py's default backoff of seconds: a page asking for a version while
        # Redis is away falls back to hashing its answer at once instead of waiting.
        _client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2,
                                       retry=Retry(ConstantBackoff(0.05), 1))
    return _client


def channel():
    """The live channel. Publish and subscribe ignore Redis's numbered databases: sites (or test runs) that
    share a Redis server on different databases must not hear each other."""
    return f"occupancy:live:{redis_client().connection_pool.connection_kwargs.get('db', 0)}"


def _key(campus_id):
    return f"occupancy:live:campus:{campus_id}"


def seats_changed(seat_ids):
    """Once the current transaction commits, bump the clusters of these seats and tell the streams."""
    seat_ids = set(seat_ids)
    if not seat_ids:
        return
    clusters = {}
    for campus_id, cluster in Seat.objects.filter(id__in=seat_ids).values_list("campus_id", "cluster").distinct():
        clusters.setdefault(campus_id, set()).add(cluster)
    transaction.on_commit(lambda: bump(clusters))


def campus_changed(campus_id):
    """The layout or the seats' notes of a campus changed: every cluster of it is new, after commit."""
    transaction.on_commit(lambda: bump({campus_id: {LAYOUT}}))


def synced(at):
    """The locations feed succeeded at `at`: open pages learn the new sync time (after commit)."""
    def publish():
        value = at.isoformat()
        try:
            client = redis_client()
            client.set(SYNCED_KEY, value)
            client.publish(channel(), json.dumps({"synced_at": value}))
        except redis.RedisError as error:
            log.warning("sync time not published", extra={"error": str(error)})
    transaction.on_commit(publish)


def bump(clusters):
    """{campus_id: {cluster, ...}} -> bump each and ANY, publish one message per campus; returns the versions."""
    start = int(time.time() * 1000)
    published = {}
    try:
        pipe = redis_client().pipeline(transaction=True)
        fields = {campus_id: sorted(names | {ANY}) for campus_id, names in clusters.items()}
        for campus_id, names in fields.items():
            for name in names:
                pipe.hsetnx(_key(campus_id), name, start)
                pipe.hincrby(_key(campus_id), name, 1)
        results = iter(pipe.execute())
        for campus_id, names in fields.items():
            versions = {}
            for name in names:
                next(results)
                versions[name] = next(results)
            published[campus_id] = versions
            redis_client().publish(channel(), json.dumps({"campus": campus_id, "versions": versions}))
    except redis.RedisError as error:
        # The rows are committed; pages catch up at the next change or when their stream reconnects.
        log.warning("live versions not bumped", extra={"error": str(error)})
    return published


def versions(campus_id, names):
    """The current versions of these fields of a campus (created if missing), and the last sync time."""
    start = int(time.time() * 1000)
    pipe = redis_client().pipeline(transaction=False)
    for name in names:
        pipe.hsetnx(_key(campus_id), name, start)
    pipe.hmget(_key(campus_id), names)
    pipe.get(SYNCED_KEY)
    *_, values, synced_at = pipe.execute()
    return [int(value) for value in values], (synced_at or b"").decode()


def _etag(kind, campus_id, names, extra=""):
    try:
        (layout, version), synced_at = versions(campus_id, names)
    except redis.RedisError as error:
        # Redis away (restarting): the answer is built and hashed as before versions existed, never a 500.
        log.warning("live versions unreadable", extra={"error": str(error)})
        return None
    return f'"{kind}{campus_id}.{layout}.{version}.{synced_at}{extra}"'


def cluster_etag(campus_id, cluster):
    """The ETag of a cluster's JSON: one Redis round trip, no query (None while Redis is away)."""
    return _etag("c", campus_id, [LAYOUT, cluster])


def campus_etag(campus_id, extra=""):
    """The ETag of what shows the whole campus (the overview, a wall display: `extra` names its settings)."""
    return _etag("k", campus_id, [LAYOUT, ANY], f".{extra}" if extra else "")
