"""Webhook deliveries, as the intra sends them to an application 42 staff subscribed.

For every location that begins (`create`) or ends (`close`) in the simulated world, one POST to the
subscribed URL with the headers X-Model (`location`), X-Event, X-Delivery (a UUID) and X-Secret, and the
location item as the body, its times written `2026-11-25 10:00:00 UTC` as the intra's webhooks write
them. The world never destroys a location, so no `destroy` is sent.

A watcher thread follows the simulated clock (real time plus whatever a test advances), finds the
sessions begun and ended since its last look and queues their deliveries in time order; a sender
thread posts them. A delivery that gets no answer or a 5xx is retried a few times, as the intra retries
for a while; a 4xx is not retried. Faults, as shares per delivery (switched like the API's faults):
`webhook_drop` (never sent), `webhook_duplicate` (sent twice with the same X-Delivery),
`webhook_delay` (held back and sent after later ones: out of order), `webhook_bad_secret` (sent with a
wrong secret).
"""

import json
import queue
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

from intrasim.avatars import own_links

WEBHOOK_FAULTS = ("webhook_drop", "webhook_duplicate", "webhook_delay", "webhook_bad_secret")
TICK_SECONDS = 0.1
TRIES = 4
RETRY_SECONDS = 0.5
TIMEOUT_SECONDS = 5
HELD_FOR = (2, 6)  # a delayed delivery goes out after this many later ones (or when the queue runs dry)


def webhook_time(iso_value):
    """The REST answer's ISO time as the intra's webhook bodies write it."""
    if iso_value is None:
        return None
    return datetime.fromisoformat(iso_value).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def delivery_body(item):
    return {**item, "begin_at": webhook_time(item["begin_at"]), "end_at": webhook_time(item["end_at"])}


class WebhookSender:
    """Sends the deliveries of one simulator to `url`; `start()`, `stop()`, `wait_idle()` for tests."""

    def __init__(self, sim, url, secret):
        self.sim, self.url, self.secret = sim, url, secret
        self.pending = queue.Queue()
        self.held = []  # [deliveries still to send before this one, delivery]
        self.stats = Counter()
        self.seen_until = sim.clock.now()
        self.busy = threading.Event()
        self.stopping = threading.Event()
        self.threads = []

    def start(self):
        for target in (self._watch, self._send_forever):
            thread = threading.Thread(target=target, daemon=True, name=f"intrasim-{target.__name__}")
            thread.start()
            self.threads.append(thread)
        return self

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=TIMEOUT_SECONDS * TRIES)

    def wait_idle(self, timeout=30):
        """Wait until every event up to the simulated now is delivered (or given up); False on timeout."""
        until = self.sim.clock.now()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.seen_until >= until and self.pending.empty() and not self.held and not self.busy.is_set():
                return True
            time.sleep(0.02)
        return False

    # --- the watcher -----------------------------------------------------------------

    def _watch(self):
        while not self.stopping.wait(TICK_SECONDS):
            now = self.sim.clock.now()
            for delivery in self.events_between(self.seen_until, now):
                self.busy.set()
                self.pending.put(delivery)
            self.seen_until = now

    def events_between(self, after, until):
        """(event, item) of the sessions begun or ended in (after, until], in the order they happened."""
        world = self.sim.world
        low = after + timedelta(microseconds=1)
        events = [(s[1], "create", s) for s in world.visible_sessions(until, begun=(low, until))]
        events += [(s[2], "close", s) for s in world.visible_sessions(until, ended=(low, until))]
        events.sort(key=lambda event: (event[0], event[1] == "close", event[2][0]))
        return [(name, delivery_body(world.location_json(session, moment)))
                for moment, name, session in events]

    # --- the sender ------------------------------------------------------------------

    def _send_forever(self):
        while not self.stopping.is_set():
            try:
                delivery = self.pending.get(timeout=TICK_SECONDS)
            except queue.Empty:
                for _, held in self.held:  # nothing new: what was held back goes now
                    self._send(*held)
                self.held = []
                if self.pending.empty():
                    self.busy.clear()
                continue
            self._route(delivery)

    def _route(self, delivery):
        event, item = delivery
        if self.sim.draw("webhook_drop"):
            self.stats["dropped"] += 1
            return
        delivery_id = str(uuid.uuid4())
        if self.sim.draw("webhook_delay"):
            self.stats["delayed"] += 1
            low, high = HELD_FOR
            self.held.append([self.sim.fault_rng.randint(low, high), (event, item, delivery_id)])
            return
        self._send(event, item, delivery_id)
        if self.sim.draw("webhook_duplicate"):
            self.stats["duplicated"] += 1
            self._send(event, item, delivery_id)
        for entry in list(self.held):
            entry[0] -= 1
            if entry[0] <= 0:
                self.held.remove(entry)
                self._send(*entry[1])

    def _send(self, event, item, delivery_id):
        secret = self.secret
        if self.sim.draw("webhook_bad_secret"):
            self.stats["bad_secret"] += 1
            secret = "not-" + secret
        body = own_links(json.dumps(item).encode(), self.sim.url)
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/json", "X-Model": "location", "X-Event": event,
            "X-Delivery": delivery_id, "X-Secret": secret})
        for attempt in range(TRIES):
            try:
                with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                    self.stats[f"answered {response.status}"] += 1
                    return
            except urllib.error.HTTPError as error:
                self.stats[f"answered {error.code}"] += 1
                if error.code < 500:
                    return
            except (urllib.error.URLError, OSError):
                self.stats["no answer"] += 1
            if attempt + 1 == TRIES or self.stopping.wait(RETRY_SECONDS * 2**attempt):
                break
        self.stats["given up"] += 1
