import threading
import time
import uuid

import pytest
import redis
from django.conf import settings

from occupancy.intra.errors import RateLimitDeadline
from occupancy.intra.ratelimit import SECOND_WINDOW, Limits, LocalRateLimiter, RedisRateLimiter


@pytest.fixture
def redis_client():
    client = redis.Redis.from_url(settings.REDIS_URL)
    yield client
    client.close()


def limiter_pair(redis_client, limits):
    prefix = f"test:ratelimit:{uuid.uuid4().hex}"
    return [RedisRateLimiter(redis_client, limits, prefix=prefix) for _ in range(2)]


def test_two_workers_together_never_exceed_the_per_second_limit(redis_client):
    workers = limiter_pair(redis_client, Limits(per_second=5, per_hour=1000))
    granted = []
    lock = threading.Lock()

    def work(limiter):
        for _ in range(8):
            limiter.acquire(max_wait=10)
            with lock:
                granted.append(time.monotonic())

    threads = [threading.Thread(target=work, args=(limiter,)) for limiter in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    granted.sort()
    assert len(granted) == 16
    for index in range(len(granted) - 5):
        # Any 6 consecutive grants span more than a second: at most 5 in any second.
        assert granted[index + 5] - granted[index] >= SECOND_WINDOW - 0.05


def test_the_hourly_limit_fails_fast_instead_of_blocking(redis_client):
    limiter, other = limiter_pair(redis_client, Limits(per_second=100, per_hour=3))
    for _ in range(2):
        limiter.acquire(max_wait=1)
    other.acquire(max_wait=1)

    with pytest.raises(RateLimitDeadline, match="rate limiter"):
        limiter.acquire(max_wait=5, endpoint="/v2/locations")


def test_limits_tighten_to_what_the_api_reports(redis_client):
    limiter, other = limiter_pair(redis_client, Limits(per_second=100, per_hour=1000))
    other.report(reported_second=100, reported_hour=2)

    limiter.acquire(max_wait=1)
    limiter.acquire(max_wait=1)
    with pytest.raises(RateLimitDeadline):
        limiter.acquire(max_wait=1)


def test_a_reserve_leaves_room_for_the_live_feeds(redis_client):
    background, live = limiter_pair(redis_client, Limits(per_second=2, per_hour=1000))
    background.acquire(max_wait=1, reserve_second=1)

    with pytest.raises(RateLimitDeadline):
        background.acquire(max_wait=0.2, reserve_second=1)
    assert live.acquire(max_wait=0.2) == 0


def test_the_in_process_limiter_keeps_the_same_rule():
    now = [0.0]
    limiter = LocalRateLimiter(Limits(per_second=2, per_hour=3), sleep=lambda s: now.__setitem__(0, now[0] + s),
                               clock=lambda: now[0])
    waited = [limiter.acquire(max_wait=10) for _ in range(3)]
    assert waited[:2] == [0, 0] and waited[2] >= SECOND_WINDOW - 0.01
    with pytest.raises(RateLimitDeadline):
        limiter.acquire(max_wait=10)
