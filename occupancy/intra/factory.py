"""Build the client from settings: Redis-shared token and limiter in production, in-process on the demo."""

import redis
from django.conf import settings
from django.core.cache import cache

from occupancy.intra.client import IntraClient
from occupancy.intra.ratelimit import Limits, LocalRateLimiter, RedisRateLimiter
from occupancy.intra.token import TokenStore

_local_limiter = None


def configured_limits():
    return Limits(settings.INTRA_RATE_PER_SECOND, settings.INTRA_RATE_PER_HOUR)


def shared_limiter():
    global _local_limiter
    limits = configured_limits()
    if settings.REDIS_URL:
        return RedisRateLimiter(redis.Redis.from_url(settings.REDIS_URL), limits)
    if _local_limiter is None or _local_limiter.limits != limits:
        _local_limiter = LocalRateLimiter(limits)
    return _local_limiter


def client_from_settings(*, background=False):
    """The configured client; a background one (the backfill) leaves part of the quota to the live feeds."""
    limits = configured_limits()
    return IntraClient(
        settings.INTRA_API_URL,
        settings.INTRA_CLIENT_ID,
        settings.INTRA_CLIENT_SECRET,
        limiter=shared_limiter(),
        tokens=TokenStore(cache, api_url=settings.INTRA_API_URL, client_id=settings.INTRA_CLIENT_ID),
        timeout=(5, settings.INTRA_TIMEOUT),
        max_tries=settings.INTRA_MAX_TRIES,
        backoff_base=settings.INTRA_BACKOFF_BASE,
        max_rate_wait=settings.INTRA_MAX_RATE_WAIT,
        # The backfill leaves half the per-second and a quarter of the hourly quota to the live feeds.
        reserve=(limits.per_second // 2, limits.per_hour // 4) if background else (0, 0),
    )
