import shutil
import subprocess

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
            env={"PATH": "/usr/bin:/bin:/usr/local/bin"},
        )
        assert result.returncode == 0, result.stderr
    else:
        # Without the compose plugin, at least the anchors and merge keys must resolve.
        assert load_compose()["services"]["web"]["image"] == "occupancy:latest"
