"""Deliveries of the intra's location webhooks: written by the poll's own upsert, idempotent and order-proof."""

from datetime import timedelta

import pytest
from django.utils import timezone

from occupancy.models import Location, OccupancyHour, Seat, WebhookDelivery
from occupancy.sync.locations import upsert_locations
from occupancy.sync.rollup import TouchedHours, roll_up_touched
from occupancy.sync.webhooks import delivery_stats
from tests.live.conftest import deliver, location_item
from tests.maps.conftest import make_campus

pytestmark = pytest.mark.django_db


@pytest.fixture
def moments():
    begin = timezone.now().replace(microsecond=0) - timedelta(hours=2)
    return begin, begin + timedelta(minutes=75)


def test_a_create_delivery_writes_the_session_with_webhook_times(client, webhook_secret, moments):
    make_campus()
    begin, _ = moments

    response = deliver(client, "create", location_item(begin_at=begin))

    assert response.status_code == 200 and response.json()["outcome"] == "accepted"
    location = Location.objects.get(id=5001)
    assert (location.login, location.seat.host, location.begin_at, location.end_at) == ("jdoe", "e1r1p1", begin, None)


def test_the_same_delivery_twice_changes_nothing_the_second_time(client, webhook_secret, moments):
    make_campus()
    begin, end = moments
    deliver(client, "create", location_item(begin_at=begin), delivery="d-1")

    again = deliver(client, "create", location_item(begin_at=begin, host="e1r2p2"), delivery="d-1")

    assert again.status_code == 200 and again.json()["outcome"] == "duplicate"
    assert Location.objects.get(id=5001).seat.host == "e1r1p1"
    assert WebhookDelivery.objects.count() == 1
    assert delivery_stats()["counts"]["duplicate"] == 1


def test_a_close_before_its_create_leaves_one_closed_session(client, webhook_secret, moments):
    make_campus()
    begin, end = moments

    close = deliver(client, "close", location_item(begin_at=begin, end_at=end))
    late_create = deliver(client, "create", location_item(begin_at=begin))

    assert close.json()["outcome"] == "accepted" and late_create.json()["outcome"] == "stale"
    assert list(Location.objects.values_list("id", "end_at")) == [(5001, end)]


def test_a_create_older_than_what_polling_wrote_never_reopens_the_session(client, webhook_secret, moments):
    make_campus()
    begin, end = moments
    polled = location_item(begin_at=begin, end_at=end)
    upsert_locations([{**polled, "begin_at": begin.isoformat(), "end_at": end.isoformat()}])

    response = deliver(client, "create", location_item(begin_at=begin))

    assert response.json()["outcome"] == "stale"
    assert Location.objects.get(id=5001).end_at == end


def test_destroy_removes_the_session_rerolls_its_hours_and_stays_final(client, webhook_secret, moments):
    campus = make_campus()
    begin, end = moments
    deliver(client, "close", location_item(begin_at=begin, end_at=end))
    touched = TouchedHours()
    touched.add(campus.id, begin, end)
    roll_up_touched(touched, now=timezone.now())
    assert sum(OccupancyHour.objects.filter(cluster="").values_list("taken_seconds", flat=True)) == 75 * 60

    destroy = deliver(client, "destroy", {"id": 5001})
    late_close = deliver(client, "close", location_item(begin_at=begin, end_at=end))

    assert destroy.json()["outcome"] == "accepted" and late_close.json()["outcome"] == "stale"
    assert not Location.objects.exists()
    assert sum(OccupancyHour.objects.filter(cluster="").values_list("taken_seconds", flat=True)) == 0
    assert Seat.objects.filter(host="e1r1p1").exists()  # the seat stays: only the session went


def test_a_destroy_of_a_session_never_seen_is_kept_so_its_create_cannot_bring_it_in(client, webhook_secret, moments):
    make_campus()
    begin, _ = moments

    assert deliver(client, "destroy", {"id": 5001}).status_code == 200
    assert deliver(client, "create", location_item(begin_at=begin)).json()["outcome"] == "stale"
    assert not Location.objects.exists()


def test_iso_times_are_taken_as_well(client, webhook_secret, moments):
    make_campus()
    begin, end = moments
    item = {**location_item(begin_at=begin), "begin_at": begin.isoformat(), "end_at": end.isoformat()}

    assert deliver(client, "close", item).status_code == 200
    assert Location.objects.get(id=5001).end_at == end


def test_a_poll_page_read_before_the_close_does_not_reopen_the_session(client, webhook_secret, moments):
    make_campus()
    begin, end = moments
    deliver(client, "close", location_item(begin_at=begin, end_at=end), delivery="d-close")

    stale = {**location_item(begin_at=begin), "begin_at": begin.isoformat()}  # as the poll read it before
    upsert_locations([stale])

    assert Location.objects.get(id=5001).end_at == end
