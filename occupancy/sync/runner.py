"""Run one feed once: the shared client, the campuses it covers, its lock, and its failure record.

Celery tasks and `manage.py sync_now` both come through here.
"""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from occupancy.intra.factory import client_from_settings
from occupancy.models import Campus
from occupancy.sync import clusters, locations, pools, project_sessions
from occupancy.sync.state import feed_lock, save_api_usage, save_failure

log = logging.getLogger(__name__)


def campus_ids(client):
    """The campuses to sync: INTRA_CAMPUS_IDS, or every campus the API reports; fetched once."""
    configured = settings.INTRA_CAMPUS_IDS
    known = Campus.objects.exclude(name__startswith="Campus ")
    if configured:
        if known.filter(id__in=configured).count() < len(configured):
            locations.sync_campuses(client, configured)
        return sorted(configured)
    if not known.exists():
        return locations.sync_campuses(client, [])
    return sorted(Campus.objects.values_list("id", flat=True))


FEEDS = {
    "locations": (locations.FEED, lambda client, now: locations.sync_locations(
        client, campus_ids=campus_ids(client), now=now)),
    "reconcile": (locations.RECONCILE_FEED, lambda client, now: locations.reconcile_active_locations(
        client, campus_ids=campus_ids(client), now=now)),
    "pools": (pools.POOLS_FEED, lambda client, now: pools.sync_pools(client, now=now)),
    "balances": (pools.BALANCES_FEED, lambda client, now: pools.sync_balances(client, now=now)),
    "project_sessions": (project_sessions.FEED, lambda client, now: project_sessions.sync_project_sessions(
        client, now=now)),
    "clusters": (clusters.FEED, lambda client, now: clusters.sync_cluster_plans(
        client, campus_ids=campus_ids(client), now=now)),
}


def record_failure(state_name, error, **details):
    """save_failure, on a fresh connection when the error broke ours (e.g. the database restarted)."""
    if isinstance(error, DatabaseError) and not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()
    try:
        save_failure(state_name, error, **details)
    except DatabaseError:  # the database is still away: the log is the only place left to say it
        log.exception("feed failure not recorded", extra={"feed": state_name, "error": str(error)})


def run_feed(name, *, client=None, now=None):
    """Run feed `name` once under its lock; record a failure on its SyncState and re-raise it.

    The lock expires after SYNC_LOCK_TTL, so a worker killed mid-run holds up the feed that long at most.
    """
    state_name, sync = FEEDS[name]
    client = client or client_from_settings()
    now = now or timezone.now()
    with feed_lock(state_name, ttl=settings.SYNC_LOCK_TTL):
        before = client.stats.total
        try:
            result = sync(client, now)
        except Exception as error:  # whatever failed (the API, the database, a bug), the feed's row says so
            record_failure(state_name, error, now=now, requests=client.stats.total - before)
            raise
        finally:
            save_api_usage(client.stats, now=now)
    log.info("feed done", extra={"feed": name, "requests": result.requests, "rows_changed": result.rows_changed})
    return result
