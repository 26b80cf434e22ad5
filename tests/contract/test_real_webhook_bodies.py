"""Location deliveries shaped as the campus staff who receive them read them (Codam: the REST item's keys,
user {id, login, url}), made from a real location answer, in both time forms, go through our webhook parsing."""

import json
from datetime import UTC, datetime

import pytest

from occupancy.models import ApiSurprise, Location
from occupancy.sync.webhooks import check_item, parse_body, take_delivery
from tests.contract.conftest import real

pytestmark = pytest.mark.django_db

SHAPE = real("shapes/webhook_location_codam.json")["body"]
REAL_ITEM = real("locations/campus_29_locations_2022_icp.json")[1]  # a closed session


def delivery_body(item, *, utc_words):
    body = {key: item[key] for key in SHAPE if key != "user"}
    body["user"] = {key: item["user"][key] for key in SHAPE["user"]}
    if utc_words:  # "2022-02-14 12:29:15 UTC", as the intra's own push messages write times
        for key in ("begin_at", "end_at"):
            body[key] = datetime.fromisoformat(body[key]).strftime("%Y-%m-%d %H:%M:%S UTC")
    return json.dumps(body).encode()


@pytest.mark.parametrize("utc_words", [False, True])
def test_a_close_delivery_of_a_real_session_is_written_like_the_poll(utc_words):
    item = parse_body(delivery_body(REAL_ITEM, utc_words=utc_words))
    check_item("close", item)

    assert take_delivery("0b6f2c0e-7d0a-4a8e-9f57-2c6f3f1f0a01", "close", item) == "accepted"

    location = Location.objects.get(id=REAL_ITEM["id"])
    assert (location.seat.host, location.login, location.user_id) == (
        REAL_ITEM["host"], REAL_ITEM["user"]["login"], REAL_ITEM["user"]["id"])
    assert location.end_at.replace(microsecond=0) == datetime(2022, 2, 14, 12, 29, 15, tzinfo=UTC)
    assert not ApiSurprise.objects.exists()
