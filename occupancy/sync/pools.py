"""The pools and balances feed. Balances need the Advanced tutor role: without it the feed says so and waits."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from occupancy.intra import IntraForbidden
from occupancy.models import Balance, Pool, PoolPoints
from occupancy.sync.normalise import format_time, optional_int, parse_time, require
from occupancy.sync.state import FeedResult, feed_state, save_failure, save_success
from occupancy.sync.surprises import note_surprises

POOLS_FEED = "pools"
BALANCES_FEED = "balances"


def sync_pools(client, *, now=None):
    """Refresh every pool, and note its points when they changed (for the points-over-time chart)."""
    now = now or timezone.now()
    before = client.stats.total
    items = client.get_all("/v2/pools")
    note_surprises("/v2/pools", items, now=now)
    pools = [
        Pool(
            id=require(item, "id", int),
            campus_id=optional_int(item, "campus_id"),
            cursus_id=optional_int(item, "cursus_id"),
            current_points=optional_int(item, "current_points") or 0,
            max_points=optional_int(item, "max_points") or 0,
            synced_at=now,
        )
        for item in items
    ]
    result = FeedResult(requests=client.stats.total - before)
    with transaction.atomic():
        known = dict(Pool.objects.values_list("id", "current_points"))
        Pool.objects.bulk_create(pools, update_conflicts=True, unique_fields=["id"],
                                 update_fields=["campus_id", "cursus_id", "current_points", "max_points", "synced_at"])
        moved = [pool for pool in pools if known.get(pool.id) != pool.current_points]
        PoolPoints.objects.bulk_create(
            PoolPoints(pool_id=pool.id, seen_at=now, current_points=pool.current_points) for pool in moved
        )
        result.created = sum(1 for pool in pools if pool.id not in known)
        result.updated = len(moved) - result.created
        save_success(feed_state(POOLS_FEED), now=now, result=result)
    return result


def balances_need_role():
    """True while the API refused balances for a role and the application (client id) has not changed."""
    state = feed_state(BALANCES_FEED)
    return bool(state.needs_role) and state.cursor.get("client_id") == settings.INTRA_CLIENT_ID


def sync_balances(client, *, now=None, overlap=None):
    """Balances changed since the last run (range[updated_at]); all of them the first time."""
    now = now or timezone.now()
    overlap = timedelta(seconds=settings.SYNC_OVERLAP if overlap is None else overlap)
    state = feed_state(BALANCES_FEED)
    if balances_need_role():
        return FeedResult(details={"skipped": f"needs the role {state.needs_role}"})
    params = {"sort": "id"}
    if state.watermark:
        params["range[updated_at]"] = f"{format_time(state.watermark - overlap)},{format_time(now + overlap)}"
    before = client.stats.total
    try:
        items = client.get_all("/v2/balances", params)
    except IntraForbidden as error:
        save_failure(BALANCES_FEED, error, now=now, requests=client.stats.total - before, needs_role=error.role,
                     cursor={"client_id": settings.INTRA_CLIENT_ID})
        return FeedResult(requests=client.stats.total - before, details={"skipped": f"needs the role {error.role}"})
    note_surprises("/v2/balances", items, now=now)
    balances = [
        Balance(
            id=require(item, "id", int),
            pool_id=optional_int(item, "pool_id"),
            begin_at=parse_time(item.get("begin_at"), field="begin_at"),
            end_at=parse_time(item.get("end_at"), field="end_at"),
        )
        for item in items
    ]
    result = FeedResult(requests=client.stats.total - before)
    with transaction.atomic():
        known = set(Balance.objects.filter(id__in=[b.id for b in balances]).values_list("id", flat=True))
        Balance.objects.bulk_create(balances, update_conflicts=True, unique_fields=["id"],
                                    update_fields=["pool_id", "begin_at", "end_at"])
        result.created = len({b.id for b in balances} - known)
        result.updated = len(balances) - result.created
        state.needs_role = ""
        state.save(update_fields=["needs_role"])
        save_success(state, now=now, result=result, watermark=now)
    return result
