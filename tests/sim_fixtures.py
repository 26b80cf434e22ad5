"""Pytest fixtures that run the intra simulator in-process on a free port (no Django needed)."""

from datetime import UTC, datetime

import pytest

from intrasim.server import SimServer

FAST_LIMITS = {"rate_second": 1000, "rate_hour": 1_000_000}
# Every simulator of a test run starts its clock at the same minute, so they share one generated world.
RUN_START = datetime.now(UTC).replace(second=0, microsecond=0)


@pytest.fixture
def intra_sim_factory():
    servers = []

    def start(**options):
        settings = {"seed": 7, "days": 2, "admin": True, "clock": RUN_START, **FAST_LIMITS, **options}
        server = SimServer(**settings).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def intra_sim(intra_sim_factory):
    return intra_sim_factory()
