"""The repository's Caddyfile run by a real Caddy on loopback in front of the site: HTTPS without a redirect
loop, and /metrics refused at the proxy without a token."""

import functools
import json
import shutil
import subprocess
import time

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import ROOT, free_port, manage_env, test_database_url_for_subprocesses
from tests.foundation.test_compose import PROXY_ENV, adapted_caddyfile

pytestmark = pytest.mark.skipif(not shutil.which("caddy"), reason="Caddy is not installed (apt-get install caddy)")
TOKEN = "proxy-test-token"


@pytest.fixture
def site(served_site, transactional_db):
    """The site as compose runs it behind the proxy: HTTPS redirect on, X-Forwarded-Proto trusted."""
    return served_site(manage_env(
        DATABASE_URL=test_database_url_for_subprocesses(), SECURE_SSL_REDIRECT="1", SECURE_PROXY_SSL_HEADER="1",
        ALLOWED_HOSTS="localhost,127.0.0.1", METRICS_TOKEN=TOKEN,
        # Even with the proxy's own address allowed, the proxy keeps /metrics closed without the token.
        METRICS_ALLOWED_NETWORKS="127.0.0.0/8",
    ))


def served(get, url):
    try:
        return get(url).status_code == 200
    except (requests.RequestException, OSError):  # not listening yet, or its root not written yet
        return False


@pytest.fixture
def proxy(site, tmp_path, monkeypatch):
    """Caddy with the repository's Caddyfile for "localhost" (its own local authority signs the certificate),
    listening on a free loopback port, its upstream the site instead of web:8000."""
    monkeypatch.setitem(PROXY_ENV, "OCCUPANCY_DOMAIN", "localhost")
    config = adapted_caddyfile()
    port = free_port()
    server = config["apps"]["http"]["servers"]["srv0"]
    server["listen"] = [f"127.0.0.1:{port}"]
    server["automatic_https"] = {"disable_redirects": True}
    text = json.dumps(config).replace('"web:8000"', json.dumps(site.removeprefix("http://")))
    config = json.loads(text)
    config["admin"] = {"disabled": True}
    config["storage"] = {"module": "file_system", "root": str(tmp_path)}
    config["apps"]["pki"] = {"certificate_authorities": {"local": {"install_trust": False}}}
    (tmp_path / "caddy.json").write_text(json.dumps(config))
    process = subprocess.Popen(["caddy", "run", "--config", str(tmp_path / "caddy.json")], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"https://localhost:{port}"
        # Caddy's local authority signs the certificate: its root is what the client trusts (given per
        # request: a session's own `verify` loses to REQUESTS_CA_BUNDLE).
        get = functools.partial(requests.get, verify=str(tmp_path / "pki" / "authorities" / "local" / "root.crt"),
                                timeout=10, allow_redirects=False)
        deadline = time.monotonic() + 30
        while not served(get, f"{url}/healthz"):
            assert time.monotonic() < deadline, "Caddy did not serve HTTPS within 30 s"
            time.sleep(0.1)
        yield url, get
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_pages_behind_the_proxy_are_https_without_a_redirect_loop(site, proxy):
    url, get = proxy

    direct = requests.get(site + "/", allow_redirects=False, timeout=10)
    through = get(url + "/")

    assert direct.status_code == 301 and direct.headers["Location"].startswith("https://")
    assert through.status_code == 302 and through.headers["Location"].startswith("/accounts/login/")
    assert get(url + "/healthz").status_code == 200


def test_the_proxy_refuses_metrics_without_the_token(proxy):
    url, get = proxy
    before = get(url + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    get(url + "/")  # a page over ASGI, timed by the middleware

    refused = get(url + "/metrics")
    answered = get(url + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    assert refused.status_code == 403 and "occupancy_" not in refused.text
    assert answered.status_code == 200 and "occupancy_feed_lag_seconds" in answered.text
    assert home_redirects(answered.text) == home_redirects(before.text) + 1


def home_redirects(exposition):
    return sum(sample.value for family in text_string_to_metric_families(exposition) for sample in family.samples
               if sample.name == "occupancy_http_responses_total"
               and sample.labels == {"route": "home", "status": "302"})
