"""The read side of operations: where each feed stands, what the API cost, whether worker and beat run."""

from dataclasses import dataclass
from datetime import timedelta

import redis
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from occupancy.models import ApiQuota, ApiSurprise, ApiUsage, SyncState

HEARTBEAT_FEED = "heartbeat"


@dataclass
class FeedStatus:
    state: SyncState
    every: int | None
    lag: float | None
    next_run: object
    late: bool


def schedule_of_states():
    """{SyncState.feed: seconds between runs} from the beat schedule."""
    from occupancy.sync.runner import FEEDS

    every = {}
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        if entry["task"] == "occupancy.tasks.sync_feed":
            every[FEEDS[entry["args"][0]][0]] = entry["schedule"]
    return every


def feed_statuses(now=None):
    now = now or timezone.now()
    every = schedule_of_states()
    statuses = []
    for state in SyncState.objects.exclude(feed=HEARTBEAT_FEED).order_by("feed", "campus_id"):
        interval = every.get(state.feed)
        lag = (now - state.last_success_at).total_seconds() if state.last_success_at else None
        next_run = state.last_run_at + timedelta(seconds=interval) if interval and state.last_run_at else None
        late = interval is not None and (lag is None or lag > 3 * interval) and not state.needs_role
        statuses.append(FeedStatus(state, interval, lag, next_run, late))
    return statuses


def api_usage(now=None):
    """Requests in the current and the previous hour, by endpoint, and the API's last rate-limit headers."""
    now = now or timezone.now()
    hour = now.replace(minute=0, second=0, microsecond=0)
    rows = (ApiUsage.objects.filter(hour__gte=hour - timedelta(hours=1))
            .values("endpoint", "status").annotate(count=Sum("count")).order_by("-count"))
    quota = ApiQuota.objects.filter(pk=1).first()
    return {
        "last_hour": sum(row["count"] for row in rows),
        "quota": settings.INTRA_RATE_PER_HOUR,
        "by_endpoint": list(rows),
        "headers": quota.headers if quota else {},
        "headers_seen_at": quota.seen_at if quota else None,
        "surprises": list(ApiSurprise.objects.all()),
    }


def broker_queue_length(queue="celery"):
    """Messages waiting in the broker; None when the broker cannot be asked."""
    try:
        return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1).llen(queue)
    except redis.RedisError:
        return None


def record_heartbeat(now=None):
    """Called by the heartbeat task: beat scheduled it and a worker ran it."""
    SyncState.objects.update_or_create(feed=HEARTBEAT_FEED, campus_id=0,
                                       defaults={"last_success_at": now or timezone.now()})


def workers(now=None, queue_length=None):
    """Whether beat schedules and a worker runs tasks, read from the heartbeat and the queue."""
    now = now or timezone.now()
    beat = SyncState.objects.filter(feed=HEARTBEAT_FEED).values_list("last_success_at", flat=True).first()
    alive = beat is not None and (now - beat).total_seconds() < 3 * settings.HEARTBEAT_EVERY
    if alive:
        verdict = _("running")
    elif queue_length:
        verdict = _("worker not running: tasks wait in the queue")
    else:
        verdict = _("beat not scheduling (or worker and beat both stopped)")
    return {"alive": alive, "last_heartbeat": beat, "verdict": verdict}
