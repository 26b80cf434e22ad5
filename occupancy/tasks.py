"""Thin Celery tasks around the feeds: schedule (settings.CELERY_BEAT_SCHEDULE), lock, retry."""

from datetime import datetime

from celery import shared_task
from celery.signals import task_postrun
from django.utils import timezone

from occupancy import metrics
from occupancy.forecast.store import run_forecasts
from occupancy.graph import query_from_key
from occupancy.intra import IntraError
from occupancy.intra.factory import client_from_settings
from occupancy.read.status import record_heartbeat
from occupancy.sync import retention
from occupancy.sync.graph import common_queries, fetch_graph_once
from occupancy.sync.normalise import MalformedItem
from occupancy.sync.runner import run_feed
from occupancy.sync.state import FeedBusy
from occupancy.sync.webhooks import live_poll_due, prune_deliveries


@task_postrun.connect
def push_metrics(**_):
    """A task's counts go to Redis as it ends: the pool may retire its process before the next push."""
    metrics.flush()


@shared_task(acks_late=True, ignore_result=True)
def sync_feed(name, now=None):
    """Run one feed; a run still going elsewhere makes this one a no-op, not a queue.

    now: an ISO 8601 time standing for the present (a simulator whose clock runs ahead); beat sends none.
    """
    now = datetime.fromisoformat(now) if now else timezone.now()
    if name == "locations" and not live_poll_due(now):
        return "resting"  # webhook deliveries keep the map live; the poll runs less often meanwhile
    try:
        run_feed(name, now=now)
    except FeedBusy:
        return "busy"
    return "done"


@shared_task(acks_late=True, ignore_result=True)
def refresh_graph(key):
    """Fetch one projects_users graph (its canonical query string) into GraphAnswer; a failure is kept there."""
    try:
        fetch_graph_once(client_from_settings(), query_from_key(key))
    except FeedBusy:
        return "busy"
    except (IntraError, MalformedItem):
        return "failed"
    return "done"


@shared_task(ignore_result=True)
def refresh_common_graphs():
    """Queue the graphs most pages open, so they are ready before anyone asks."""
    for query in common_queries():
        refresh_graph.delay(query.key)


@shared_task(ignore_result=True)
def heartbeat():
    """Scheduled by beat, run by a worker: the status page reads both as alive while this keeps coming."""
    record_heartbeat()


@shared_task(acks_late=True, ignore_result=True)
def prune_locations():
    """Daily: fold locations past LOCATION_RETENTION_DAYS into the roll-up, then remove them; forget old deliveries."""
    retention.prune_locations()
    prune_deliveries()


@shared_task(acks_late=True, ignore_result=True)
def compute_forecasts(campus_id=None):
    """Hourly, and after a backfill: each campus's forecast into the Forecast table (idempotent)."""
    try:
        run_forecasts(now=timezone.now(), campus_ids=None if campus_id is None else [campus_id])
    except FeedBusy:
        return "busy"
    return "done"
