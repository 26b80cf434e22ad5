import json
import os
import shutil
import subprocess

import pytest
import yaml

from tests.conftest import ROOT


def load_compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_describes_production_services_with_health_checks():
    services = load_compose()["services"]

    assert {"web", "worker", "beat", "postgres", "redis", "migrate"} <= set(services)
    for name in ("web", "worker", "postgres", "redis"):
        assert "healthcheck" in services[name], f"{name} has no health check"
    assert "gunicorn" in open(ROOT / "Dockerfile").read()
    assert services["migrate"]["command"][-2:] == ["migrate", "--noinput"]
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_dockerfile_installs_what_the_makefile_installs():
    dockerfile = (ROOT / "Dockerfile").read_text()
    makefile = (ROOT / "Makefile").read_text()
    for step in ("-r requirements.txt", "npm ci --ignore-scripts", "chart.js/dist/chart.umd.min.js"):
        assert step in makefile and step in dockerfile, step


def test_compose_file_is_valid_for_the_docker_client_where_it_exists():
    docker = shutil.which("docker")
    has_compose = docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    if has_compose:
        result = subprocess.run(
            [docker, "compose", "-f", str(ROOT / "docker-compose.yml"), "config", "--quiet"],
            capture_output=True,
            text=True,
            env={"PATH": "/usr/bin:/bin:/usr/local/bin", **PROXY_ENV},
        )
        assert result.returncode == 0, result.stderr
    else:
        # Without the compose plugin, at least the anchors and merge keys must resolve.
        assert load_compose()["services"]["web"]["image"] == "occupancy:latest"


PROXY_ENV = {"OCCUPANCY_DOMAIN": "occupancy.example.org", "ACME_EMAIL": "ops@example.org"}


def test_compose_puts_an_https_proxy_in_front_of_web():
    services = load_compose()["services"]
    proxy, web = services["proxy"], services["web"]

    assert proxy["image"].startswith("caddy:")
    assert {"80:80", "443:443"} <= set(proxy["ports"])
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert any(volume.startswith("caddy_data:") for volume in proxy["volumes"]), "certificates lost on restart"
    assert set(proxy["environment"]) == set(PROXY_ENV)
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"
    # Only the proxy is published; web trusts its X-Forwarded-Proto and answers the names it is reached by.
    assert "ports" not in web
    assert web["environment"]["SECURE_PROXY_SSL_HEADER"] == "1"
    assert web["environment"]["ALLOWED_HOSTS"].startswith("${OCCUPANCY_DOMAIN")
    assert "127.0.0.1" in web["environment"]["ALLOWED_HOSTS"], "the health check would get 400"


def adapted_caddyfile():
    """The Caddyfile as Caddy itself reads it (its JSON), with the values .env would give."""
    result = subprocess.run(
        ["caddy", "adapt", "--config", str(ROOT / "deploy" / "Caddyfile"), "--adapter", "caddyfile"],
        capture_output=True, text=True, env={**os.environ, **PROXY_ENV}, timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def handlers(routes):
    for route in routes:
        for handler in route.get("handle", []):
            yield route, handler
            yield from handlers(handler.get("routes", []))


@pytest.mark.skipif(not shutil.which("caddy"), reason="Caddy is not installed (apt-get install caddy)")
def test_the_caddyfile_serves_the_domain_streams_unbuffered_and_metrics_only_with_a_token():
    config = adapted_caddyfile()
    server = config["apps"]["http"]["servers"]["srv0"]
    found = list(handlers(server["routes"]))

    assert server["routes"][0]["match"] == [{"host": ["occupancy.example.org"]}]
    proxy = next(handler for _route, handler in found if handler["handler"] == "reverse_proxy")
    assert proxy["upstreams"] == [{"dial": "web:8000"}]
    assert proxy["flush_interval"] == -1
    refusal = next(route for route, handler in found if handler.get("status_code") == 403)
    assert refusal["match"][0]["path"] == ["/metrics"]
    assert refusal["match"][0]["not"] == [{"header": {"Authorization": ["Bearer *"]}}]
    issuers = config["apps"]["tls"]["automation"]["policies"][0]["issuers"]
    assert issuers[0]["email"] == "ops@example.org"
