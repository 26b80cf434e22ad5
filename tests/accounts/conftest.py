from urllib.parse import parse_qs, urlsplit

import pytest
import requests

CALLBACK = "/accounts/intra42/login/callback/"


@pytest.fixture
def intra_sign_in(intra_sim, settings):
    """The site pointed at the simulator; returns a function that walks the 42 sign-in as a browser would."""
    settings.INTRA_API_URL = intra_sim.url
    settings.SOCIALACCOUNT_PROVIDERS = {
        "intra42": {"APPS": [{"client_id": "occupancy-demo", "secret": "occupancy-demo-secret", "key": ""}]}}

    def sign_in(client, login):
        start = client.post("/accounts/intra42/login/", {"process": "login"})
        assert start.status_code == 302 and start["Location"].startswith(f"{intra_sim.url}/oauth/authorize")
        query = {key: values[0] for key, values in parse_qs(urlsplit(start["Location"]).query).items()}
        approved = requests.post(f"{intra_sim.url}/oauth/authorize", data={**query, "login": login},
                                 allow_redirects=False, timeout=5)
        back = urlsplit(approved.headers["Location"])
        return client.get(f"{back.path}?{back.query}")

    return sign_in
