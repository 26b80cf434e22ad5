"""A real Prometheus (Debian's) scrapes /metrics with the token; the runbook's PromQL is valid to promtool."""

import re
import shutil
import subprocess
import time

import pytest
import requests
import yaml

from tests.conftest import ROOT, free_port
from tests.operations.test_metrics import TOKEN, token  # noqa: F401  (the fixture: METRICS_TOKEN set)

pytestmark = pytest.mark.skipif(not shutil.which("prometheus") or not shutil.which("promtool"),
                                reason="Prometheus is not installed (apt-get install prometheus)")
RUNBOOK = (ROOT / "docs" / "operations.md").read_text()


def yaml_blocks():
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", RUNBOOK, re.S)]


def promtool(*args, path):
    result = subprocess.run(["promtool", *args, str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_runbooks_alerts_and_grafana_queries_are_valid_promql(tmp_path):
    alerts = next(block for block in yaml_blocks() if "groups" in block)
    panels = re.findall(r"^\| [^|]+ \| [^|]+ \| `(.+)` \|$", RUNBOOK.split("### Grafana panels")[1], re.M)
    as_rules = {"groups": [{"name": "panels", "rules": [
        {"record": f"occupancy:panel_{number}", "expr": query} for number, query in enumerate(panels)]}]}
    (tmp_path / "alerts.yml").write_text(yaml.safe_dump(alerts))
    (tmp_path / "panels.yml").write_text(yaml.safe_dump(as_rules))

    assert len(panels) >= 10
    promtool("check", "rules", path=tmp_path / "alerts.yml")
    promtool("check", "rules", path=tmp_path / "panels.yml")


def test_the_runbooks_scrape_job_is_a_valid_prometheus_configuration(tmp_path):
    scrape = next(block for block in yaml_blocks() if "scrape_configs" in block)
    job = scrape["scrape_configs"][0]
    job["authorization"]["credentials_file"] = str(tmp_path / "occupancy-token")
    (tmp_path / "occupancy-token").write_text(TOKEN)
    (tmp_path / "prometheus.yml").write_text(yaml.safe_dump(scrape))

    promtool("check", "config", path=tmp_path / "prometheus.yml")


def test_a_real_prometheus_scrapes_the_metrics_with_the_token(live_server, token, tmp_path):  # noqa: F811
    (tmp_path / "token").write_text(TOKEN)
    (tmp_path / "prometheus.yml").write_text(yaml.safe_dump({
        "global": {"scrape_interval": "1s"},
        "scrape_configs": [{
            "job_name": "occupancy", "authorization": {"credentials_file": str(tmp_path / "token")},
            "static_configs": [{"targets": [live_server.url.removeprefix("http://")]}]}],
    }))
    port = free_port()
    process = subprocess.Popen(
        ["prometheus", f"--config.file={tmp_path / 'prometheus.yml'}", f"--storage.tsdb.path={tmp_path / 'data'}",
         f"--web.listen-address=127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not (found := query(port, 'occupancy_intra_quota_per_hour{job="occupancy"}')):
            assert time.monotonic() < deadline, f"no scrape within 30 s; up = {query(port, 'up')}"
            time.sleep(0.2)
    finally:
        process.terminate()
        process.wait(timeout=10)

    assert float(found[0]["value"][1]) > 0


def query(port, promql):
    try:
        answer = requests.get(f"http://127.0.0.1:{port}/api/v1/query", params={"query": promql}, timeout=5)
    except requests.ConnectionError:  # not listening yet
        return []
    return answer.json()["data"]["result"]
