"""Where each feed stands (SyncState), one run of a feed at a time, and what the API cost."""

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from occupancy.models import ApiQuota, ApiUsage, SyncState

log = logging.getLogger(__name__)


@dataclass
class FeedResult:
    """What one run of a feed did."""

    requests: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    details: dict = field(default_factory=dict)

    @property
    def rows_changed(self):
        return self.created + self.updated + self.deleted


class FeedBusy(Exception):
    """Another run of the same feed holds its lock."""


@contextmanager
def feed_lock(name, ttl):
    """Hold the feed's lock for at most ttl seconds (a crashed holder's lock expires by itself)."""
    key = f"occupancy:lock:{name}"
    if not cache.add(key, "held", timeout=ttl):
        raise FeedBusy(name)
    try:
        yield
    finally:
        cache.delete(key)


def feed_state(feed, campus_id=0):
    return SyncState.objects.get_or_create(feed=feed, campus_id=campus_id)[0]


def _set_given(state, update, **values):
    """Set the fields given a value (None: leave as stored) and name them in `update`."""
    for name, value in values.items():
        if value is not None:
            setattr(state, name, value)
            update.append(name)


def save_success(state, *, now, result, watermark=None, cursor=None):
    """Record a successful run; call inside the transaction that wrote its rows."""
    state.last_run_at = now
    state.last_success_at = now
    state.last_error = ""
    state.requests_spent = result.requests
    state.rows_changed = result.rows_changed
    update = ["last_run_at", "last_success_at", "last_error", "requests_spent", "rows_changed"]
    _set_given(state, update, watermark=watermark, cursor=cursor)
    state.save(update_fields=update)


def save_failure(feed, error, *, now, campus_id=0, requests=0, needs_role=None, cursor=None):
    state = feed_state(feed, campus_id)
    state.last_run_at = now
    state.last_error = str(error)[:2000]
    state.last_error_at = now
    state.requests_spent = requests
    update = ["last_run_at", "last_error", "last_error_at", "requests_spent"]
    _set_given(state, update, needs_role=needs_role, cursor=cursor)
    state.save(update_fields=update)
    log.warning("feed failed", extra={"feed": feed, "campus_id": campus_id, "error": str(error)})


def save_api_usage(stats, *, now=None):
    """Add the client's request counts since the last call to this hour's ApiUsage rows."""
    now = now or timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    counts = stats.take()
    with transaction.atomic():
        for (endpoint, status), count in counts.items():
            row, created = ApiUsage.objects.get_or_create(
                hour=hour, endpoint=endpoint, status=str(status), defaults={"count": count}
            )
            if not created:
                ApiUsage.objects.filter(pk=row.pk).update(count=F("count") + count)
        if stats.last_headers:
            ApiQuota.objects.update_or_create(pk=1, defaults={"seen_at": now, "headers": stats.last_headers})
