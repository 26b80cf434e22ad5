"""The health report behind /healthz: is the database up, is the broker up, when did locations last sync.

Unhealthy (503): the database does not answer, or the last successful location sync is older than
HEALTH_MAX_SYNC_AGE. A site that has never synced yet is healthy (it is starting).
"""

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from occupancy.models import SyncState


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except DatabaseError:
        return "unavailable"


def broker_status():
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1).ping()
        return "ok"
    except redis.RedisError:
        return "unavailable"


def last_location_sync():
    state = SyncState.objects.filter(feed="locations", last_success_at__isnull=False).order_by("-last_success_at")
    return state.values_list("last_success_at", flat=True).first()


def health_report(now=None):
    """Return (healthy, report)."""
    now = now or timezone.now()
    database = database_status()
    last_sync = last_location_sync() if database == "ok" else None
    age = round((now - last_sync).total_seconds()) if last_sync else None
    report = {
        "database": database,
        "broker": broker_status(),
        "last_sync": last_sync.isoformat() if last_sync else None,
        "last_sync_age": age,
    }
    return database == "ok" and (age is None or age <= settings.HEALTH_MAX_SYNC_AGE), report
