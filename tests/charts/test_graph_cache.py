"""Graph answers are fetched by a task, kept with their time, shown from the cache within the page's budget."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from occupancy.graph import parse_graph_query, query_from_key
from occupancy.intra import IntraUnavailable
from occupancy.models import Campus, GraphAnswer
from occupancy.sync.graph import common_queries, fetch_graph
from occupancy.tasks import refresh_graph
from tests.intra.conftest import client_for

pytestmark = pytest.mark.django_db
PAGE = "/charts/registrations/?filter%5Bcampus%5D=1&interval=day_of_week"
QUERY = parse_graph_query([("filter[campus]", "1"), ("interval", "day_of_week")])


@pytest.fixture
def queued(monkeypatch, settings):
    """Stands in for the broker: records what the page enqueues (a test may make it run the task)."""
    settings.GRAPH_PAGE_BUDGET = 0.3
    calls = []
    monkeypatch.setattr(refresh_graph, "delay", lambda key: calls.append(key))
    return calls


def test_a_fetched_answer_is_kept_with_the_time_it_was_fetched(intra_sim):
    now = timezone.now()

    counts = fetch_graph(client_for(intra_sim), QUERY, now=now)

    answer = GraphAnswer.objects.get(query=QUERY.key)
    assert answer.counts == counts and answer.fetched_at == now and sum(counts.values()) > 0


def test_a_fresh_answer_is_shown_with_its_age_without_asking_the_api(client, queued):
    GraphAnswer.objects.create(query=QUERY.key, counts={"1": 3, "0": 9}, fetched_at=timezone.now() - timedelta(
        minutes=5))

    response = client.get(PAGE)

    assert response.status_code == 200 and queued == []
    page = response.content.decode()
    assert "Fetched from the intra 5\xa0minutes ago" in page
    assert response.context["chart"].rows[0] == ["Monday", 3] and response.context["chart"].rows[-1] == ["Sunday", 9]


def test_a_stale_answer_is_shown_and_refreshed_once_in_the_background(client, queued, settings):
    fetched = timezone.now() - timedelta(seconds=settings.GRAPH_MAX_AGE + 60)
    GraphAnswer.objects.create(query=QUERY.key, counts={"1": 3}, fetched_at=fetched)

    first = client.get(PAGE)
    second = client.get(PAGE)

    assert first.context["chart"] is not None and second.context["chart"] is not None
    assert queued == [QUERY.key]
    assert query_from_key(queued[0]) == QUERY


def test_a_page_never_waits_on_the_api_longer_than_its_budget(client, queued):
    started = time.monotonic()

    response = client.get(PAGE)

    assert time.monotonic() - started < 1.5
    assert queued == [QUERY.key]
    assert "Asking the intra" in response.content.decode() and response.context["chart"] is None


def test_an_answer_that_comes_within_the_budget_is_drawn(client, queued, monkeypatch, intra_sim):
    monkeypatch.setattr(refresh_graph, "delay", lambda key: fetch_graph(client_for(intra_sim), query_from_key(key)))

    response = client.get(PAGE)

    chart = response.context["chart"]
    assert [label for label, _ in chart.rows][:2] == ["Monday", "Tuesday"] and len(chart.rows) == 7
    assert "Projects users created by day of the week" in chart.title


def test_a_failed_fetch_is_said_on_the_page(client, queued, intra_sim):
    intra_sim.stop()
    with pytest.raises(IntraUnavailable):
        fetch_graph(client_for(intra_sim, max_tries=1), QUERY)

    response = client.get(PAGE)

    assert "The intra did not answer" in response.content.decode()


def test_the_common_graphs_of_each_campus_are_refreshed_on_a_schedule(settings):
    Campus.objects.create(id=1, name="Paris")
    Campus.objects.create(id=9, name="Lyon")

    entry = settings.CELERY_BEAT_SCHEDULE["refresh-common-graphs"]

    assert entry["task"] == "occupancy.tasks.refresh_common_graphs"
    assert [query.key for query in common_queries()] == [
        "field=created_at&interval=month_of_year&filter%5Bcampus%5D=1",
        "field=created_at&interval=day_of_week&filter%5Bcampus%5D=1",
        "field=created_at&interval=month_of_year&filter%5Bcampus%5D=9",
        "field=created_at&interval=day_of_week&filter%5Bcampus%5D=9",
    ]
