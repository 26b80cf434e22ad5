"""What the client spent: requests by endpoint and status, and the API's last rate-limit headers."""

import re
from collections import Counter
from dataclasses import dataclass, field

_NUMBER = re.compile(r"/\d+(?=/|$)")
RATE_HEADERS = {
    "secondly_limit": "x-secondly-ratelimit-limit",
    "secondly_remaining": "x-secondly-ratelimit-remaining",
    "hourly_limit": "x-hourly-ratelimit-limit",
    "hourly_remaining": "x-hourly-ratelimit-remaining",
}


def endpoint_of(path):
    """/v2/campus/1/locations -> /v2/campus/:id/locations, so counts group by endpoint."""
    return _NUMBER.sub("/:id", path)


def read_rate_headers(headers):
    """The rate-limit headers as ints (requests' headers match case-insensitively); absent ones omitted."""
    found = {}
    for name, header in RATE_HEADERS.items():
        value = headers.get(header)
        if value is not None and value.strip().isdigit():
            found[name] = int(value)
    roles = headers.get("x-application-roles")
    if roles is not None:
        found["roles"] = roles
    return found


@dataclass
class RequestStats:
    counts: Counter = field(default_factory=Counter)
    last_headers: dict = field(default_factory=dict)

    def record(self, endpoint, status):
        self.counts[(endpoint, status)] += 1

    @property
    def total(self):
        return sum(self.counts.values())

    def take(self):
        """Return the counts so far and start again from zero (for persisting them batch by batch)."""
        counts, self.counts = self.counts, Counter()
        return counts
