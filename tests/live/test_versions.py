"""The live versions behind the ETag poll: a 304 builds nothing, any write makes the next poll a 200, and a
Redis that lost its data or is away never makes a page show stale data or fail."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from occupancy.live import versions
from tests.conftest import free_port
from tests.maps.conftest import make_campus, sit

pytestmark = pytest.mark.django_db

URL = "/campus/1/cluster/e1.json"


def test_a_304_reads_no_table_of_the_map(staff_client):
    make_campus()
    etag = staff_client.get(URL)["ETag"]

    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(URL, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert not [q["sql"] for q in queries if "occupancy_" in q["sql"]]  # only the sign-in's own


def test_a_write_in_another_cluster_keeps_the_304_and_one_in_this_cluster_ends_it(staff_client):
    campus = make_campus(clusters=("e1", "e2"))
    etag = staff_client.get(URL)["ETag"]

    sit(campus, "e2r1p1", "jdoe")
    assert staff_client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    sit(campus, "e1r1p1", "adupont")
    assert staff_client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_redis_that_lost_its_versions_never_repeats_one(staff_client):
    make_campus()
    etag = staff_client.get(URL)["ETag"]

    versions.redis_client().delete("occupancy:live:campus:1")

    assert staff_client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_map_json_still_answers_while_redis_is_away(staff_client, monkeypatch):
    make_campus()
    monkeypatch.setattr(versions, "_client", None)
    monkeypatch.setattr(versions.settings, "REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")

    first = staff_client.get(URL)
    again = staff_client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200 and again.status_code == 304  # the body's hash, as before versions
