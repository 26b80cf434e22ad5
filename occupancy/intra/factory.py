"""Build the client from settings: the OAuth token and the rate limiter shared by every process through Redis."""

import redis
from django.conf import settings
from django.core.cache import cache

from occupancy.intra.client import IntraClient
from occupancy.intra.ratelimit import Limits, RedisRateLimiter
from occupancy.intra.token import TokenStore


def configured_limits():
    return Limits(settings.INTRA_RATE_PER_SECOND, settings.INTRA_RATE_PER_HOUR)


def shared_limiter():
    return RedisRateLimiter(redis.Redis.from_url(settings.REDIS_URL), configured_limits())


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
