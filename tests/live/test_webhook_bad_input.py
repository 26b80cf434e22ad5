"""Every delivery we cannot take gets a clear answer, changes nothing, and is counted."""

import hmac
import json

import pytest
from django.utils import timezone

from occupancy.models import Location, Seat, WebhookDelivery
from occupancy.sync.webhooks import MAX_BODY_BYTES, delivery_stats
from tests.live.conftest import SECRET, deliver, location_item
from tests.maps.conftest import make_campus

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
ITEM = location_item(begin_at=NOW)


def without(key, item=ITEM):
    return {k: v for k, v in item.items() if k != key}


@pytest.mark.parametrize("kwargs, status, outcome, reason", [
    ({"secret": "wrong"}, 403, "rejected_secret", "X-Secret"),
    ({"secret": None}, 403, "rejected_secret", "X-Secret"),
    ({"secret": SECRET[:-1]}, 403, "rejected_secret", "X-Secret"),
    ({"model": "user"}, 202, "ignored", "user/create"),
    ({"event": "update"}, 202, "ignored", "location/update"),
    ({"body": "{not json"}, 400, "rejected_body", "not JSON"),
    ({"body": "[1, 2]"}, 400, "rejected_body", "not a JSON object"),
    ({"body": json.dumps({**ITEM, "padding": "x" * MAX_BODY_BYTES})}, 400, "rejected_body", "over"),
    ({"item": without("user")}, 400, "rejected_body", "user"),
    ({"item": without("host")}, 400, "rejected_body", "host"),
    ({"item": without("begin_at")}, 400, "rejected_body", "begin_at"),
    ({"item": {**ITEM, "begin_at": "yesterday"}}, 400, "rejected_body", "begin_at"),
    ({"item": {**ITEM, "id": "5001"}}, 400, "rejected_body", "id"),
    ({"event": "destroy", "item": {"campus_id": 1}}, 400, "rejected_body", "id"),
    ({"delivery": "x" * 101}, 400, "rejected_body", "X-Delivery"),
], ids=["wrong secret", "no secret", "secret one character short", "unknown model", "unknown event",
        "malformed JSON", "not an object", "oversized", "no user", "no host", "no begin_at", "bad time",
        "id not a number", "destroy without id", "X-Delivery too long"])
def test_a_bad_delivery_is_answered_counted_and_changes_nothing(client, webhook_secret, kwargs, status, outcome,
                                                                 reason):
    make_campus()
    seats = Seat.objects.count()
    event = kwargs.pop("event", "create")
    item = kwargs.pop("item", ITEM)

    response = deliver(client, event, item, **kwargs)

    assert response.status_code == status
    assert response.json()["outcome"] == outcome and reason in response.json()["error"]
    assert not Location.objects.exists() and not WebhookDelivery.objects.exists()
    assert Seat.objects.count() == seats
    assert delivery_stats()["counts"][outcome] == 1


def test_without_a_secret_configured_the_endpoint_is_not_there(client, settings):
    settings.INTRA_WEBHOOK_SECRET = ""
    settings.INTRA_WEBHOOK_SECRETS = {"create": "", "close": "", "destroy": ""}

    assert deliver(client, "create", ITEM, secret="").status_code == 404
    assert deliver(client, "create", ITEM, secret="anything").status_code == 404
    assert not Location.objects.exists()


def test_only_post_is_taken(client, webhook_secret):
    assert client.get("/webhooks/intra/").status_code == 405


def test_each_event_may_have_its_own_secret(client, settings):
    settings.INTRA_WEBHOOK_SECRET = ""
    settings.INTRA_WEBHOOK_SECRETS = {"create": "create-secret", "close": "close-secret", "destroy": ""}
    make_campus()

    assert deliver(client, "create", ITEM, secret="close-secret").status_code == 403
    assert deliver(client, "create", ITEM, secret="create-secret").status_code == 200
    assert deliver(client, "close", ITEM, secret="create-secret").status_code == 403
    assert deliver(client, "destroy", {"id": 5001}, secret="").status_code == 403  # no secret: refused


def test_one_setting_serves_every_event_without_its_own(client, settings):
    settings.INTRA_WEBHOOK_SECRET = "shared"
    settings.INTRA_WEBHOOK_SECRETS = {"create": "", "close": "close-only", "destroy": ""}
    make_campus()

    assert deliver(client, "create", ITEM, secret="shared").status_code == 200
    assert deliver(client, "close", ITEM, secret="shared").status_code == 403
    assert deliver(client, "destroy", {"id": 5001}, secret="shared").status_code == 200


def test_the_secret_is_compared_in_constant_time(client, webhook_secret, monkeypatch):
    """Every comparison goes through hmac.compare_digest, whose time does not depend on where bytes differ."""
    compared = []
    real = hmac.compare_digest

    def spy(given, wanted):
        compared.append((given, wanted))
        return real(given, wanted)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    make_campus()

    for guess in ("x", SECRET[:-1] + "x", SECRET):
        deliver(client, "create", ITEM, secret=guess)

    assert compared == [(guess.encode(), SECRET.encode()) for guess in ("x", SECRET[:-1] + "x", SECRET)]
