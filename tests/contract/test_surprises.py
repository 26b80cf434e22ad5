"""A real answer with a field we did not expect: no crash, no silent drop; logged once per endpoint and field,
and shown on the status page."""

import copy
import logging

import pytest
from django.db import transaction

from occupancy.models import ApiSurprise, Location
from occupancy.sync.locations import upsert_locations
from occupancy.sync.pools import sync_pools
from tests.contract.conftest import real
from tests.intra.conftest import client_for

pytestmark = pytest.mark.django_db


def with_new_fields():
    """The real Seoul answer as if the intra had since added a field to locations and one to users."""
    items = copy.deepcopy(real("locations/campus_29_locations_2022_icp.json"))
    for item in items:
        item["seat_label"] = item["host"].upper()
        item["user"]["pronouns"] = None
    return items


def surprise_logs(caplog):
    return [(record.endpoint, record.field) for record in caplog.records
            if record.getMessage() == "the intra sent a field we did not expect"]


def test_a_new_field_is_logged_once_and_the_answer_still_written(caplog):
    caplog.set_level(logging.WARNING, logger="occupancy.sync.surprises")
    for _run in range(2):
        with transaction.atomic():
            upsert_locations(with_new_fields())

    assert Location.objects.count() == 30
    assert surprise_logs(caplog) == [("/v2/locations", "seat_label"), ("/v2/locations", "user.pronouns")]
    assert set(ApiSurprise.objects.values_list("endpoint", "field", "json_type")) == {
        ("/v2/locations", "seat_label", "string"), ("/v2/locations", "user.pronouns", "null")}


def test_the_same_field_from_another_endpoint_is_its_own_surprise(replay, caplog):
    caplog.set_level(logging.WARNING, logger="occupancy.sync.surprises")
    replay.serve_token()
    pool = {"id": 12, "current_points": 40, "max_points": 200, "campus_id": 29, "cursus_id": 21, "seat_label": "x"}
    replay.on("GET", "/v2/pools", (200, {}, [pool]))
    with transaction.atomic():
        upsert_locations(with_new_fields())

    sync_pools(client_for(replay))

    assert surprise_logs(caplog)[-1] == ("/v2/pools", "seat_label")
    assert ApiSurprise.objects.filter(field="seat_label").count() == 2


def test_the_status_page_shows_what_the_api_sent_unexpectedly(staff_client):
    with transaction.atomic():
        upsert_locations(with_new_fields())

    text = staff_client.get("/status/").content.decode()

    assert "Fields the API sent that we did not expect" in text
    assert "/v2/locations: <code>user.pronouns</code> (null)" in text


def test_the_status_page_says_so_when_nothing_was_unexpected(staff_client):
    assert "None: every answer so far had only the fields" in staff_client.get("/status/").content.decode()
