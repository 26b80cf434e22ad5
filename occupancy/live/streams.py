"""Server-Sent Events: one Redis subscriber per web process, fanned out to each open stream's queue.

A stream says only that something changed ("cluster e1 is now at version N", "synced at T"); the page
then asks for its JSON with If-None-Match, so what a stream may show is exactly what that JSON may
show (a wall display's scope and privacy included), and a page that missed a message catches up
with its next fetch. A stream lasts STREAM_SECONDS; the browser's EventSource then reconnects.
"""

import asyncio
import json
import logging
import random

import redis
import redis.asyncio
from django.conf import settings

from occupancy import metrics
from occupancy.live.versions import ANY, LAYOUT, channel

log = logging.getLogger(__name__)

QUEUE_SIZE = 64
TICK_SECONDS = 3  # how often a stream checks that it may still be open (a revoked display ends within this)
PING_SECONDS = 15  # a ping now and then keeps proxies from closing an idle stream and tells the page it lives
STREAM_SECONDS = 600
RECONNECT_SECONDS = 1
RETRY_MS = (2000, 5000)  # each stream its own reconnection delay: a restart is not met by every screen at once
# After the subscriber (re)connects, anything published meanwhile was lost: every page fetches afresh.
RESYNC = {"resync": True}


class Hub:
    """This process's one subscriber to the live channel and the queues of its open streams."""

    def __init__(self):
        self.queues = set()
        self.loop = None
        self.task = None  # a strong reference: the event loop keeps only a weak one to its tasks

    def open(self):
        loop = asyncio.get_running_loop()
        if self.loop is not loop or self.task.done():
            self.loop, self.queues = loop, set()
            self.task = loop.create_task(self._listen())
        queue = asyncio.Queue(maxsize=QUEUE_SIZE)
        self.queues.add(queue)
        return queue

    def close(self, queue):
        self.queues.discard(queue)

    def fan_out(self, message):
        for queue in self.queues:
            try:
                queue.put_nowait(message)
            except asyncio.QueueFull:
                # A stream that cannot keep up skips to a fresh snapshot rather than holding old news.
                while not queue.empty():
                    queue.get_nowait()
                queue.put_nowait(RESYNC)

    async def _listen(self):
        while True:
            client = redis.asyncio.Redis.from_url(settings.REDIS_URL)
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(channel())
                    self.fan_out(RESYNC)
                    async for message in pubsub.listen():
                        if message["type"] == "message":
                            self.fan_out(json.loads(message["data"]))
            except (redis.RedisError, OSError) as error:
                log.warning("live channel lost, reconnecting", extra={"error": str(error)})
            finally:
                await client.aclose()
            await asyncio.sleep(RECONNECT_SECONDS)


HUB = Hub()


def cluster_events(campus_id, cluster):
    """What a cluster map hears: its own cluster's versions, layout changes and sync times."""
    def pick(message):
        if "campus" in message:
            changed = message["versions"]
            if message["campus"] != campus_id or (cluster not in changed and LAYOUT not in changed):
                return None
            return "change", {"cluster": cluster, "version": changed.get(cluster)}
        return _common(message)
    return pick


def campus_events(campus_id, clusters=()):
    """What the overview or a wall display hears: any change of the campus (of `clusters` only, if given)."""
    def pick(message):
        if "campus" in message:
            changed = message["versions"]
            if message["campus"] != campus_id:
                return None
            if clusters and LAYOUT not in changed and not any(name in changed for name in clusters):
                return None
            return "change", {"version": changed.get(ANY)}
        return _common(message)
    return pick


def _common(message):
    if "synced_at" in message:
        return "synced", {"synced_at": message["synced_at"]}
    return "change", RESYNC


def _event(name, data):
    return f"event: {name}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"


async def event_stream(pick, *, still_allowed=None, hub=HUB):
    """The lines of one stream; `still_allowed` (async, no argument) is asked every tick, and False ends it."""
    queue = hub.open()
    metrics.PUSH_STREAMS_OPEN.inc()
    loop = asyncio.get_running_loop()
    try:
        yield f"retry: {random.randint(*RETRY_MS)}\n: open\n\n"
        ends_at = loop.time() + STREAM_SECONDS
        next_check = last_sent = loop.time()
        while loop.time() < ends_at:
            next_check += TICK_SECONDS
            while (wait := next_check - loop.time()) > 0:
                try:
                    async with asyncio.timeout(wait):  # unlike wait_for, no task per message
                        picked = pick(await queue.get())
                except TimeoutError:
                    break
                if picked:
                    yield _event(*picked)
                    last_sent = loop.time()
            if still_allowed is not None and not await still_allowed():
                yield _event("revoked", {})
                return
            if loop.time() - last_sent >= PING_SECONDS:
                yield _event("ping", {})  # an event, not a comment: the page's watchdog hears it
                last_sent = loop.time()
    finally:
        hub.close(queue)
        metrics.PUSH_STREAMS_OPEN.dec()
