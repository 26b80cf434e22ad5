import json
import uuid

import pytest

from occupancy.live.versions import redis_client
from occupancy.sync import webhooks
from tests.reliability.test_crashes import own_redis  # noqa: F401 (a Redis of the test's own, to restart)

SECRET = "s3cret-of-the-subscription"


@pytest.fixture
def webhook_secret(settings):
    settings.INTRA_WEBHOOK_SECRET = SECRET
    settings.INTRA_WEBHOOK_SECRETS = {"create": "", "close": "", "destroy": ""}
    redis_client().delete(webhooks.COUNTS_KEY, webhooks.LAST_RECEIVED_KEY, webhooks.LAST_ACCEPTED_KEY)
    return SECRET


def webhook_time(moment):
    """The intra's webhook body time format, e.g. 2026-11-25 10:00:00 UTC."""
    return None if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def location_item(location_id=5001, *, begin_at, end_at=None, host="e1r1p1", login="jdoe", campus_id=1):
    return {"id": location_id, "begin_at": webhook_time(begin_at), "end_at": webhook_time(end_at), "primary": True,
            "floor": None, "row": None, "post": None, "host": host, "campus_id": campus_id,
            "user": {"id": 90001, "login": login, "url": f"https://api.intra.42.fr/v2/users/{login}"}}


def deliver(client, event, item, *, secret=SECRET, model="location", delivery=None, body=None):
    """POST one delivery as the intra does; returns the response."""
    headers = {"HTTP_X_MODEL": model, "HTTP_X_EVENT": event, "HTTP_X_DELIVERY": delivery or str(uuid.uuid4())}
    if secret is not None:
        headers["HTTP_X_SECRET"] = secret
    return client.post("/webhooks/intra/", data=json.dumps(item) if body is None else body,
                       content_type="application/json", **headers)
