"""/metrics: closed by default, Prometheus's format, feed metrics that follow a real worker's runs."""

import ipaddress
import subprocess
import sys
import time

import pytest
from prometheus_client.parser import text_string_to_metric_families

from occupancy import metrics
from occupancy.env import ConfigError, env_network_list
from occupancy.graph import parse_graph_query
from occupancy.models import ApiUsage
from occupancy.sync.graph import fetch_graph_once
from occupancy.tasks import sync_feed
from tests.conftest import ROOT, manage_env
from tests.intra.conftest import client_for
from tests.sync.test_celery_worker import worker  # noqa: F401  (the fixture: a real Celery worker)

TOKEN = "scrape-token-for-tests"


def scrape(client):
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))))


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_NETWORKS = []


def test_metrics_refuse_a_request_without_the_token(client, token, db):
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer wrong"}, {"HTTP_AUTHORIZATION": TOKEN}):
        response = client.get("/metrics", **headers)
        assert response.status_code == 403
        assert b"occupancy_" not in response.content


def test_metrics_are_closed_when_neither_token_nor_network_is_set(client, settings, db):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_NETWORKS = []

    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403


def test_metrics_answer_a_listed_network_without_a_token(client, settings, db):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("127.0.0.0/8")]

    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.7").status_code == 403


def test_a_malformed_network_list_is_one_clear_line(monkeypatch):
    monkeypatch.setenv("METRICS_ALLOWED_NETWORKS", "10.0.0.0/8,the office")

    with pytest.raises(ConfigError, match="METRICS_ALLOWED_NETWORKS must be a comma-separated list of networks"):
        env_network_list("METRICS_ALLOWED_NETWORKS")


def test_metrics_answer_the_token_in_prometheus_text_format(client, token, db):
    samples = scrape(client)

    names = {name for name, _labels in samples}
    assert {"occupancy_intra_quota_per_hour", "occupancy_push_streams_open", "occupancy_queue_length"} <= names


def test_web_requests_are_timed_by_route_name_and_never_by_login(staff_client, token):
    before = scrape(staff_client)
    staff_client.get("/user/jdoe-secret-login/")
    metrics.flush()
    after = scrape(staff_client)

    route = {"route": "user"}
    assert value(after, "occupancy_http_request_duration_seconds_count", **route) == (
        (value(before, "occupancy_http_request_duration_seconds_count", **route) or 0) + 1)
    assert not any("jdoe-secret-login" in str(labels) for _name, labels in after)


def test_counts_and_open_streams_add_up_across_the_scrape(client, token, db):
    before = scrape(client)
    metrics.WEBHOOK_DELIVERIES.labels(outcome="accepted").inc(2)
    metrics.PUSH_STREAMS_OPEN.inc()
    after = scrape(client)
    metrics.PUSH_STREAMS_OPEN.dec()

    accepted = {"outcome": "accepted"}
    assert value(after, "occupancy_webhook_deliveries_total", **accepted) == (
        (value(before, "occupancy_webhook_deliveries_total", **accepted) or 0) + 2)
    assert value(after, "occupancy_push_streams_open") == value(before, "occupancy_push_streams_open") + 1


def test_open_streams_of_another_process_add_up_in_the_scrape(client, token, db):
    before = value(scrape(client), "occupancy_push_streams_open")
    holder = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", "from occupancy import metrics; import sys; "
         "metrics.PUSH_STREAMS_OPEN.inc(2); metrics.flush(); print('open', flush=True); sys.stdin.read(); "
         "metrics.PUSH_STREAMS_OPEN.dec(2); metrics.flush()"],
        cwd=ROOT, env=manage_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        during = value(scrape(client), "occupancy_push_streams_open")
    finally:
        holder.communicate(timeout=20)  # it closes its streams and says so before it ends
    after = value(scrape(client), "occupancy_push_streams_open")

    assert during == before + 2
    assert after == before


def test_a_graph_fetch_counts_its_api_requests_like_a_feed(client, token, intra_sim, db):
    query = parse_graph_query([("filter[campus]", "1"), ("interval", "day_of_week")])
    before = scrape(client)

    fetch_graph_once(client_for(intra_sim), query)
    after = scrape(client)

    graph = {"endpoint": "/v2/projects_users/graph/on/created_at/by/day_of_week", "status": "200"}
    assert value(after, "occupancy_intra_requests_total", **graph) > (
        value(before, "occupancy_intra_requests_total", **graph) or 0)
    assert ApiUsage.objects.filter(endpoint=graph["endpoint"]).exists()


def requests_sent(samples):
    return sum(v for (name, _labels), v in samples.items() if name == "occupancy_intra_requests_total")


def test_feed_metrics_move_after_a_sync_run_by_a_real_worker(client, token, worker):  # noqa: F811
    locations = {"feed": "locations", "campus": "0"}
    before = scrape(client)
    assert value(before, "occupancy_feed_last_success_timestamp_seconds", **locations) is None
    started = time.time()

    sync_feed.apply_async(args=["locations"], queue=worker)
    # The worker pushes its own counts (another process) to Redis as its task ends, just after the commit.
    deadline = time.monotonic() + 60
    while True:
        after = scrape(client)
        if value(after, "occupancy_feed_last_success_timestamp_seconds", **locations) and (
                requests_sent(after) > requests_sent(before)):
            break
        assert time.monotonic() < deadline, "the worker's run did not show in /metrics within 60 s"
        time.sleep(0.2)

    assert value(after, "occupancy_feed_last_success_timestamp_seconds", **locations) >= started - 1
    assert 0 <= value(after, "occupancy_feed_lag_seconds", **locations) < 60
    assert value(after, "occupancy_feed_failing", **locations) == 0
    assert value(after, "occupancy_feed_rows_changed_total", feed="locations") > 0
