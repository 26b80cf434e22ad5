"""The simulated clock: real time plus an offset that tests move forward (never back)."""

import threading
import time
from datetime import UTC, datetime, timedelta


class SimClock:
    def __init__(self, start=None):
        self._lock = threading.Lock()
        real = datetime.now(UTC)
        self._offset = (start - real) if start else timedelta(0)
        self._paused_at = None
        self.start = self.now()

    def now(self):
        with self._lock:
            return self._paused_at or datetime.now(UTC) + self._offset

    def pause(self):
        """Stop the clock's own flow: it moves only by advance() until resume(), so a test can compare exactly."""
        with self._lock:
            self._paused_at = self._paused_at or datetime.now(UTC) + self._offset

    def resume(self):
        with self._lock:
            if self._paused_at:
                self._offset = self._paused_at - datetime.now(UTC)
                self._paused_at = None

    def advance(self, seconds):
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += timedelta(seconds=seconds)
            if self._paused_at:
                self._paused_at += timedelta(seconds=seconds)

    def move_to(self, moment):
        self.advance(max((moment - self.now()).total_seconds(), 0))


def monotonic():
    return time.monotonic()
