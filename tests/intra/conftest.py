import uuid

import pytest
from django.core.cache.backends.locmem import LocMemCache

from occupancy.intra.client import IntraClient
from occupancy.intra.ratelimit import Limits, LocalRateLimiter
from occupancy.intra.token import TokenStore

DEMO_CLIENT = ("occupancy-demo", "occupancy-demo-secret")


def client_for(sim, *, per_second=1000, per_hour=1_000_000, **options):
    """A client on the simulator with its own token cache and limiter, and short backoffs for tests."""
    options.setdefault("backoff_base", 0.01)
    options.setdefault("timeout", (2, 2))
    return IntraClient(
        sim.url,
        *DEMO_CLIENT,
        limiter=LocalRateLimiter(Limits(per_second, per_hour)),
        tokens=TokenStore(LocMemCache(f"intra-test-{uuid.uuid4().hex}", {})),
        **options,
    )


@pytest.fixture
def intra_client(intra_sim):
    return client_for(intra_sim)
