import pytest

from tests.intra.conftest import client_for


@pytest.fixture
def sim_client(intra_sim):
    return client_for(intra_sim)


def campus_ids_of(sim):
    return sorted(campus["id"] for campus in sim.world.campuses())
