"""The status page says what became of the deliveries and how often the live poll runs now."""

import pytest

from occupancy.sync.webhooks import record_outcome

pytestmark = pytest.mark.django_db


def test_the_status_page_shows_deliveries_by_outcome_and_the_poll_interval(staff_client, webhook_secret, settings):
    settings.SYNC_LOCATIONS_EVERY_WITH_WEBHOOKS = 60
    for outcome in ("accepted", "accepted", "duplicate", "rejected_secret", "rejected_body", "ignored"):
        record_outcome(outcome)

    page = staff_client.get("/status/").content.decode()

    assert "6 received: 2 accepted, 1 duplicates, 0 older than what we hold, 1 ignored" in page
    assert "Rejected: 1 for a wrong or missing secret, 1 for a malformed body." in page
    assert "Last one 0 s ago." in page
    assert "The live poll runs every 60 s now." in page


def test_the_status_page_says_when_webhooks_are_off(staff_client, settings):
    settings.INTRA_WEBHOOK_SECRET = ""
    settings.INTRA_WEBHOOK_SECRETS = {"create": "", "close": "", "destroy": ""}

    assert "Off: INTRA_WEBHOOK_SECRET is not set." in staff_client.get("/status/").content.decode()


def test_the_status_page_says_the_counts_are_unknown_while_redis_is_away(staff_client, webhook_secret, monkeypatch):
    from occupancy.live import versions
    from tests.conftest import free_port

    monkeypatch.setattr(versions, "_client", None)
    monkeypatch.setattr(versions.settings, "REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")

    page = staff_client.get("/status/")

    assert page.status_code == 200
    assert "Their counts are unknown: Redis does not answer." in page.content.decode()
