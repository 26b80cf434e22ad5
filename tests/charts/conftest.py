import pytest

from tests.intra.conftest import client_for


@pytest.fixture
def sim_client(intra_sim):
    return client_for(intra_sim)


@pytest.fixture
def client(client, staff_user, settings):
    """Chart pages are for signed-in staff: every client of these tests is one.

    Its session outlives the fixed `now` some of these tests set.
    """
    settings.SESSION_COOKIE_AGE = 365 * 24 * 3600
    client.force_login(staff_user)
    return client
