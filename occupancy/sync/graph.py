"""The graph feed: answers of the projects_users graph endpoint, fetched through the shared client and kept
with the time they were fetched (GraphAnswer), for the chart pages to show without waiting on the API."""

import hashlib

from django.utils import timezone

from occupancy.graph import CAMPUSES, DEFAULT_FIELD, GraphQuery
from occupancy.intra import IntraError
from occupancy.models import Campus, GraphAnswer
from occupancy.sync.normalise import MalformedItem
from occupancy.sync.state import feed_lock, save_api_usage

COMMON_INTERVALS = ("month_of_year", "day_of_week")


def fetch_graph(client, query, *, now=None):
    """Ask the API for one graph and keep its answer; a failure is kept on the row too, then raised."""
    now = now or timezone.now()
    try:
        counts = client.get(query.path, query.params)
        if not isinstance(counts, dict) or not all(isinstance(value, int) for value in counts.values()):
            raise MalformedItem(f"{query.path}: expected an object of counts, not {str(counts)[:80]}")
    except (IntraError, MalformedItem) as error:
        GraphAnswer.objects.update_or_create(query=query.key, defaults={"last_error": str(error)[:2000]})
        raise
    GraphAnswer.objects.update_or_create(query=query.key,
                                         defaults={"counts": counts, "fetched_at": now, "last_error": ""})
    return counts


def fetch_graph_once(client, query, *, now=None, ttl=300):
    """fetch_graph under a lock per query, so two workers never ask the API the same question at once.

    What it cost the API is counted like a feed's (the status page and Prometheus), success or failure.
    """
    lock = "graph:" + hashlib.sha256(query.key.encode()).hexdigest()[:32]
    with feed_lock(lock, ttl=ttl):
        try:
            return fetch_graph(client, query, now=now)
        finally:
            save_api_usage(client.stats, now=now)


def common_queries():
    """The charts most pages open: each synced campus by month of year and by day of week."""
    campus_ids = sorted(set(Campus.objects.values_list("id", flat=True)) & set(CAMPUSES))
    return [GraphQuery(DEFAULT_FIELD, interval, (("campus", str(campus_id)),))
            for campus_id in campus_ids for interval in COMMON_INTERVALS]
