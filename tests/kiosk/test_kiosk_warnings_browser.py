"""In a real headless Chromium: a wall display says, in type a hall can read, what is wrong with what it shows."""

from datetime import timedelta

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from occupancy.displays import create_display
from occupancy.live import versions
from occupancy.models import SyncState
from tests.browser import wait_until
from tests.conftest import manage_env, test_database_url_for_subprocesses
from tests.maps.conftest import make_campus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def font_px(element):
    return float(element.value_of_css_property("font-size").removesuffix("px"))


def test_the_wall_display_says_when_the_sync_is_late_and_clears_it_by_itself(browser, served_site):
    # Served as in production (the push stream needs ASGI), with the shortest cycle: late after three, 15 s.
    site = served_site(manage_env(DATABASE_URL=test_database_url_for_subprocesses(), SYNC_LOCATIONS_EVERY="5"))
    campus = make_campus()
    SyncState.objects.filter(feed="locations").update(last_success_at=timezone.now() - timedelta(seconds=12))
    _, token = create_display(created_by="amartin", name="Hall", campus=campus)
    browser.get(f"{site}/kiosk/{token}/")
    wait_until(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#map .seat"), message="the map")
    late = browser.find_element(By.ID, "late")

    wait_until(browser, lambda b: late.is_displayed(), timeout=10, message="the late banner")
    assert "the data is late" in late.text and font_px(late) >= 36

    synced_at = timezone.now() + timedelta(hours=1)  # a sync the display's clock cannot yet call late
    SyncState.objects.filter(feed="locations").update(last_success_at=synced_at)
    versions.synced(synced_at)  # as the locations feed tells open pages
    wait_until(browser, lambda b: not late.is_displayed(), timeout=15, message="the banner clearing after a sync")


def test_the_wall_display_names_a_configured_cluster_that_has_no_seats(browser, live_site):
    campus = make_campus(clusters=("e1",))
    _, token = create_display(created_by="amartin", name="Hall", campus=campus, clusters=["e9", "e1"])
    browser.get(f"{live_site}/kiosk/{token}/")

    missing = wait_until(browser, lambda b: b.find_element(By.ID, "missing").is_displayed()
                         and b.find_element(By.ID, "missing"), timeout=10, message="the missing cluster")
    assert missing.text.endswith(": e9") and font_px(missing) >= 36
    assert browser.find_element(By.ID, "cluster-name").text == "e1"
