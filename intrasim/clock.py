"""The simulated clock: real time plus an offset that tests move forward (never back)."""

import threading
import time
from datetime import UTC, datetime, timedelta


class SimClock:
    def __init__(self, start=None):
        self._lock = threading.Lock()
        real = datetime.now(UTC)
        self._offset = (start - real) if start else timedelta(0)
        self.start = self.now()

    def now(self):
        with self._lock:
            return datetime.now(UTC) + self._offset

    def advance(self, seconds):
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += timedelta(seconds=seconds)

    def move_to(self, moment):
        self.advance(max((moment - self.now()).total_seconds(), 0))


def monotonic():
    return time.monotonic()
