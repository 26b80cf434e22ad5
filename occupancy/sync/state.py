"""Where each feed stands (SyncState), one run of a feed at a time, and what the API cost."""

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from occupancy.intra import IntraError
from occupancy.metrics import API_REQUESTS, FEED_ROWS_CHANGED
from occupancy.models import ApiQuota, ApiUsage, SyncState
from occupancy.sync.normalise import MalformedItem

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
    transaction.on_commit(lambda: FEED_ROWS_CHANGED.labels(feed=state.feed).inc(result.rows_changed))


def failure_reason(error):
    """One line for the status page: the API's own errors say where they failed; any other names its kind."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    text = lines[0] if lines else ""
    if not isinstance(error, IntraError | MalformedItem):
        text = f"{type(error).__name__}: {text}" if text else type(error).__name__
    return text[:300]


def save_failure(feed, error, *, now, campus_id=0, requests=0, needs_role=None, cursor=None):
    """Record a failed run, whatever the error, with its time and one-line reason, and count it."""
    state = feed_state(feed, campus_id)
    state.last_run_at = now
    state.last_error = failure_reason(error)
    state.last_error_at = now
    state.requests_spent = requests
    state.failures += 1
    update = ["last_run_at", "last_error", "last_error_at", "requests_spent", "failures"]
    _set_given(state, update, needs_role=needs_role, cursor=cursor)
    state.save(update_fields=update)
    log.warning("feed failed", extra={"feed": feed, "campus_id": campus_id, "error": state.last_error})


def save_api_usage(stats, *, now=None):
    """Add the client's request counts since the last call to this hour's ApiUsage rows."""
    now = now or timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    counts = stats.take()
    for (endpoint, status), count in counts.items():
        API_REQUESTS.labels(endpoint=endpoint, status=status).inc(count)
    with transaction.atomic():
        for (endpoint, status), count in counts.items():
            row, created = ApiUsage.objects.get_or_create(
                hour=hour, endpoint=endpoint, status=str(status), defaults={"count": count}
            )
            if not created:
                ApiUsage.objects.filter(pk=row.pk).update(count=F("count") + count)
        if stats.last_headers:
            ApiQuota.objects.update_or_create(pk=1, defaults={"seen_at": now, "headers": stats.last_headers})
