"""Every failed run of a feed, whatever broke, is on its row: time, a one-line reason, and a count."""

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from occupancy.models import SyncState
from occupancy.sync import runner


def failing_feed(monkeypatch, sync):
    monkeypatch.setitem(runner.FEEDS, "locations", ("locations", lambda client, now: sync()))


def drop_own_connection():
    """What a restarting PostgreSQL does to the worker's connection in the middle of a run."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")


@pytest.mark.django_db(transaction=True)
def test_a_database_error_mid_run_is_recorded_on_the_feeds_row_and_counted(monkeypatch):
    failing_feed(monkeypatch, drop_own_connection)
    now = timezone.now()

    for _ in range(2):
        with pytest.raises(OperationalError):
            runner.run_feed("locations", now=now)

    state = SyncState.objects.get(feed="locations")
    assert state.last_error.startswith("OperationalError: ") and "\n" not in state.last_error
    assert state.last_error_at == now and state.failures == 2


@pytest.mark.django_db
def test_any_other_error_is_one_line_with_its_kind_and_shows_on_the_status_page(monkeypatch, staff_client):
    def crash():
        raise RuntimeError("database is locked\nTraceback (most recent call last): ...")

    failing_feed(monkeypatch, crash)
    with pytest.raises(RuntimeError):
        runner.run_feed("locations")

    text = staff_client.get("/status/").content.decode()
    assert "RuntimeError: database is locked" in text and "Traceback" not in text
    assert "<td data-failures>1</td>" in text
