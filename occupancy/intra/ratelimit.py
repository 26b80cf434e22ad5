"""One rate limiter for every worker process and machine, so the application stays inside the intra's limits.

Both limits are sliding windows: in any second at most `per_second` requests, in any hour at most
`per_hour`. A caller may keep a reserve free for others (the backfill leaves room for the live feeds).
"""

import threading
import time
import uuid
from dataclasses import dataclass

from occupancy.intra.errors import RateLimitDeadline

# A little wider than a second: requests granted 1.0 s apart may arrive closer than that.
SECOND_WINDOW = 1.1
HOUR_WINDOW = 3600.0


@dataclass
class Limits:
    per_second: int
    per_hour: int

    def tightened(self, reported_second, reported_hour):
        """Never more than the API says it allows (its headers), never more than configured."""
        return Limits(
            min(self.per_second, reported_second or self.per_second),
            min(self.per_hour, reported_hour or self.per_hour),
        )


# KEYS: second log, hour log, reported limits hash. ARGV: limit/s, limit/h, reserve/s, reserve/h, member.
# Returns 0 when granted, else the milliseconds to wait before asking again.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local second_ms = tonumber(ARGV[6])
local hour_ms = tonumber(ARGV[7])
local per_second = tonumber(ARGV[1])
local per_hour = tonumber(ARGV[2])
local reported_second = tonumber(redis.call('HGET', KEYS[3], 'second') or '0')
local reported_hour = tonumber(redis.call('HGET', KEYS[3], 'hour') or '0')
if reported_second > 0 and reported_second < per_second then per_second = reported_second end
if reported_hour > 0 and reported_hour < per_hour then per_hour = reported_hour end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - second_ms)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - hour_ms)
local in_second = redis.call('ZCARD', KEYS[1])
local in_hour = redis.call('ZCARD', KEYS[2])
local wait = 0
if in_second >= per_second - tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  wait = math.max(wait, (tonumber(oldest[2] or now) + second_ms) - now)
  if wait < 1 then wait = 1 end
end
if in_hour >= per_hour - tonumber(ARGV[4]) then
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  wait = math.max(wait, (tonumber(oldest[2] or now) + hour_ms) - now, 1)
end
if wait > 0 then return wait end
redis.call('ZADD', KEYS[1], now, ARGV[5])
redis.call('ZADD', KEYS[2], now, ARGV[5])
redis.call('PEXPIRE', KEYS[1], second_ms + 1000)
redis.call('PEXPIRE', KEYS[2], hour_ms + 1000)
return 0
"""


class _Limiter:
    def __init__(self, limits, *, sleep=time.sleep):
        self.limits = limits
        self.sleep = sleep

    def acquire(self, *, max_wait, reserve_second=0, reserve_hour=0, endpoint=""):
        """Block until a request may go out; raise RateLimitDeadline if that would take longer than max_wait."""
        waited = 0.0
        while True:
            wait = self._try_acquire(reserve_second, reserve_hour)
            if wait == 0:
                return waited
            if waited + wait > max_wait:
                raise RateLimitDeadline(endpoint, None, f"the rate limiter needs {wait:.1f} s more than allowed")
            self.sleep(wait)
            waited += wait


class RedisRateLimiter(_Limiter):
    """The production limiter: an atomic Lua script over two sorted sets in Redis, shared by all workers."""

    def __init__(self, redis_client, limits, *, prefix="occupancy:intra:ratelimit", sleep=time.sleep):
        super().__init__(limits, sleep=sleep)
        self.redis = redis_client
        self.keys = [f"{prefix}:second", f"{prefix}:hour", f"{prefix}:reported"]
        self.script = redis_client.register_script(_ACQUIRE)

    def _try_acquire(self, reserve_second, reserve_hour):
        args = [
            self.limits.per_second,
            self.limits.per_hour,
            reserve_second,
            reserve_hour,
            uuid.uuid4().hex,
            int(SECOND_WINDOW * 1000),
            int(HOUR_WINDOW * 1000),
        ]
        return int(self.script(keys=self.keys, args=args)) / 1000

    def report(self, reported_second, reported_hour):
        mapping = {"second": reported_second or 0, "hour": reported_hour or 0}
        self.redis.hset(self.keys[2], mapping=mapping)

    def spent_last_hour(self):
        now = self.redis.time()
        now_ms = now[0] * 1000 + now[1] // 1000
        return self.redis.zcount(self.keys[1], now_ms - HOUR_WINDOW * 1000, "+inf")


class LocalRateLimiter(_Limiter):
    """The demo's limiter, for one process, when there is no Redis to share one."""

    def __init__(self, limits, *, sleep=time.sleep, clock=time.monotonic):
        super().__init__(limits, sleep=sleep)
        self.clock = clock
        self.lock = threading.Lock()
        self.granted = []
        self.reported = Limits(0, 0)

    def _try_acquire(self, reserve_second, reserve_hour):
        limits = self.limits.tightened(self.reported.per_second, self.reported.per_hour)
        with self.lock:
            now = self.clock()
            self.granted = [t for t in self.granted if t > now - HOUR_WINDOW]
            in_second = [t for t in self.granted if t > now - SECOND_WINDOW]
            wait = 0.0
            if len(in_second) >= limits.per_second - reserve_second:
                wait = max(wait, in_second[0] + SECOND_WINDOW - now, 0.001)
            if len(self.granted) >= limits.per_hour - reserve_hour:
                wait = max(wait, self.granted[0] + HOUR_WINDOW - now, 0.001)
            if wait:
                return wait
            self.granted.append(now)
            return 0

    def report(self, reported_second, reported_hour):
        self.reported = Limits(reported_second or 0, reported_hour or 0)

    def spent_last_hour(self):
        with self.lock:
            return sum(1 for t in self.granted if t > self.clock() - HOUR_WINDOW)
