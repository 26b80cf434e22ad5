"""Webhook deliveries from the intra: one more way into the locations feed, not a second feed.

A delivery is written by the poll's own upsert, in the request's transaction, before the answer: a
2xx means committed, so a process that dies after answering has lost nothing, and one that dies
before answering gets the delivery again from the intra's retries. It is order-proof:
- the same X-Delivery twice changes nothing the second time (the id is kept, WebhookDelivery);
- a `close` before its `create` writes the closed session; a late `create` never reopens it;
- `destroy` deletes the session and re-rolls its hours, and nothing after it brings it back;
- deliveries of one location are taken one at a time (an advisory lock on its id), so two racing
  deliveries cannot interleave.
Polling and reconciliation keep running: they stay the ground truth.
"""

import logging
from datetime import timedelta

import redis
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from occupancy import metrics
from occupancy.input_limits import load_json
from occupancy.live import versions
from occupancy.models import Location, SyncState, WebhookDelivery
from occupancy.sync.locations import FEED, MAX_LOCATION_ID, normalise_location, upsert_locations
from occupancy.sync.normalise import MalformedItem, require_id
from occupancy.sync.rollup import TouchedHours, roll_up_touched

log = logging.getLogger(__name__)

MODEL = "location"
EVENTS = ("create", "close", "destroy")
MAX_BODY_BYTES = 64 * 1024
COUNTS_KEY = "occupancy:webhooks:counts"
LAST_RECEIVED_KEY = "occupancy:webhooks:last_received"
LAST_ACCEPTED_KEY = "occupancy:webhooks:last_accepted"
OUTCOMES = ("accepted", "duplicate", "stale", "ignored", "rejected_secret", "rejected_body")
KEEP_DELIVERIES = timedelta(days=7)


class BadDelivery(ValueError):
    """A delivery we cannot take: its one-line reason goes back in the 400."""


def secret_for(event):
    """The secret of a location event's subscription: its own setting, or the one that serves all three."""
    return settings.INTRA_WEBHOOK_SECRETS.get(event) or settings.INTRA_WEBHOOK_SECRET


def is_enabled():
    return bool(settings.INTRA_WEBHOOK_SECRET or any(settings.INTRA_WEBHOOK_SECRETS.values()))


def _iso(value):
    # Webhook bodies write times as "2026-11-25 10:00:00 UTC"; the REST answers (and the upsert) use ISO 8601.
    if isinstance(value, str) and value.endswith(" UTC"):
        return value[:-4].replace(" ", "T") + "Z"
    return value


def parse_body(body):
    """The location item of a delivery body; raises BadDelivery with the reason."""
    try:
        item = load_json(body, max_bytes=MAX_BODY_BYTES)
    except ValueError as error:
        raise BadDelivery(str(error)) from None
    if not isinstance(item, dict):
        raise BadDelivery("the body is not a JSON object")
    return {**item, "begin_at": _iso(item.get("begin_at")), "end_at": _iso(item.get("end_at"))}


def check_item(event, item):
    """Raise BadDelivery naming the missing or malformed field (a destroy needs only the id)."""
    try:
        if event == "destroy":
            require_id(item, "id", maximum=MAX_LOCATION_ID)
        else:
            normalise_location(item)
    except MalformedItem as error:
        raise BadDelivery(str(error)) from None


def take_delivery(delivery_id, event, item, *, now=None):
    """Write one checked delivery; returns its outcome: accepted, duplicate or stale (newer data is held)."""
    now = now or timezone.now()
    location_id = item["id"]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [location_id])
        if WebhookDelivery.objects.filter(delivery=delivery_id).exists():
            return "duplicate"
        WebhookDelivery.objects.create(delivery=delivery_id, event=event, location_id=location_id, received_at=now)
        if WebhookDelivery.objects.filter(location_id=location_id, event="destroy").exclude(
                delivery=delivery_id).exists():
            return "stale"  # destroyed: nothing brings it back
        held = Location.objects.filter(id=location_id).values_list("seat_id", "campus_id", "begin_at", "end_at").first()
        touched = TouchedHours()
        if event == "destroy":
            if held:
                seat_id, campus_id, begin_at, end_at = held
                touched.add(campus_id, begin_at, end_at)
                Location.objects.filter(id=location_id).delete()
                versions.seats_changed([seat_id])
        elif held and held[3] is not None and item.get("end_at") is None:
            return "stale"  # a create after its close (by delivery or poll): never reopen
        else:
            upsert_locations([item], touched)
        roll_up_touched(touched, now=now)
    return "accepted"


def record_outcome(outcome, *, now=None):
    """Count a delivery for the status page and Prometheus."""
    metrics.WEBHOOK_DELIVERIES.labels(outcome=outcome).inc()
    stamp = (now or timezone.now()).timestamp()
    try:
        pipe = versions.redis_client().pipeline(transaction=False)
        pipe.hincrby(COUNTS_KEY, outcome, 1)
        pipe.set(LAST_RECEIVED_KEY, stamp)
        if outcome in ("accepted", "duplicate", "stale"):
            pipe.set(LAST_ACCEPTED_KEY, stamp)
        pipe.execute()
    except redis.RedisError as error:
        log.warning("webhook delivery not counted", extra={"error": str(error), "outcome": outcome})


def prune_deliveries(*, now=None):
    """Forget delivery ids older than KEEP_DELIVERIES (the intra stops retrying long before)."""
    cutoff = (now or timezone.now()) - KEEP_DELIVERIES
    return WebhookDelivery.objects.filter(received_at__lt=cutoff).delete()[0]


def _last_accepted():
    try:
        value = versions.redis_client().get(LAST_ACCEPTED_KEY)
    except redis.RedisError:
        return None  # unknown: poll at the normal pace
    return float(value) if value else None


def poll_interval(now=None):
    """The live poll's interval now: slower while deliveries flow, back to normal once they stop."""
    last = _last_accepted()
    flowing = last is not None and (now or timezone.now()).timestamp() - last < settings.WEBHOOK_QUIET_AFTER
    return settings.SYNC_LOCATIONS_EVERY_WITH_WEBHOOKS if flowing else settings.SYNC_LOCATIONS_EVERY


def live_poll_due(now=None):
    """Whether beat's live poll should run now: every beat while deliveries do not flow, else once per
    SYNC_LOCATIONS_EVERY_WITH_WEBHOOKS (less half a beat, so that beat's own rhythm does not add a cycle)."""
    now = now or timezone.now()
    interval = poll_interval(now)
    if interval == settings.SYNC_LOCATIONS_EVERY:
        return True
    last = SyncState.objects.filter(feed=FEED, campus_id=0).values_list("last_success_at", flat=True).first()
    return last is None or (now - last).total_seconds() >= interval - settings.SYNC_LOCATIONS_EVERY / 2


def delivery_stats(now=None):
    """For the status page: deliveries by outcome, their total, the age of the last one, the poll interval."""
    now = now or timezone.now()
    client = versions.redis_client()
    try:
        counts = {outcome.decode(): int(n) for outcome, n in client.hgetall(COUNTS_KEY).items()}
        last = client.get(LAST_RECEIVED_KEY)
    except redis.RedisError:
        counts, last = None, None  # the page says the counts are unknown rather than failing
    return {
        "enabled": is_enabled(),
        "counts": None if counts is None else {outcome: counts.get(outcome, 0) for outcome in OUTCOMES},
        "received": sum(counts.values()) if counts is not None else None,
        "last_age": now.timestamp() - float(last) if last else None,
        "poll_interval": poll_interval(now),
    }
