import pytest
import requests


class Api:
    """A tiny caller for the simulator's API with an application token, over real sockets."""

    def __init__(self, sim, client_id="occupancy-demo", secret="occupancy-demo-secret"):
        self.sim = sim
        self.session = requests.Session()
        token = self.session.post(f"{sim.url}/oauth/token", data={
            "grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}).json()
        self.session.headers["Authorization"] = f"Bearer {token['access_token']}"

    def get(self, path, **params):
        return self.session.get(f"{self.sim.url}{path}", params=params, timeout=10)


@pytest.fixture
def api(intra_sim):
    return Api(intra_sim)


def set_faults(sim, **faults):
    requests.post(f"{sim.url}/_sim/faults", json=faults, timeout=5).raise_for_status()
